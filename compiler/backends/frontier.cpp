// The Raystack Frontier backend: create-policy requests, one per principal and resource, over the
// REST gateway (default) or Connect RPC (`transport = "connect"`) (flavours.md §5).
#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

std::string_view principal_namespace(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::User: return "app/user:";
    case PrincipalKind::Group: return "app/group:";
    case PrincipalKind::ServiceAccount: return "app/serviceuser:";
    default: return {};
  }
}

// The `namespace:id` resource string as a namespace prefix and an id; both empty for scopes
// Frontier lacks.
std::pair<std::string_view, std::string_view> resource(const model::Scope& s) {
  switch (s.kind) {
    case ScopeKind::Resource: return {"", s.id};  // already `namespace:id`
    case ScopeKind::Org:
    case ScopeKind::Organization: return {"app/organization:", s.id};
    case ScopeKind::Project: return {"app/project:", s.id};
    case ScopeKind::Group: return {"app/group:", s.id};
    default: return {};
  }
}

class FrontierBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "frontier"; }

  void emit(const model::Model& model, const TargetFilter& filter, ModelSlice slice,
            const RequestSink& sink) const override {
    Request r;
    detail::for_each_binding(model, model::TargetKind::Frontier, filter, slice,
                             [&](const model::Binding& b, const model::TargetInstance& t) {
      bool connect = t.setting("transport") == "connect";
      // A custom role declared with an id is sent by its UUID: Frontier looks names up among
      // platform roles only.
      std::string_view role_id = b.role.name;
      for (const model::CustomRole& c : t.roles) {
        if (c.name == b.role.name && !c.id.empty()) role_id = c.id;
      }
      for (const model::Principal& p : b.principals) {
        std::string_view pns = principal_namespace(p.kind);
        if (pns.empty()) continue;
        for (const model::Scope& s : b.scopes) {
          auto [res_namespace, res_id] = resource(s);
          if (res_namespace.empty() && res_id.empty()) continue;
          detail::start_request(r, t, b.span);
          r.path = connect ? "/raystack.frontier.v1beta1.FrontierService/CreatePolicy" : "/v1beta1/policies";
          JsonWriter json(r.body);
          if (connect) json.begin_object().key("body");
          json.begin_object().field("roleId", role_id);
          if (!b.title().empty()) json.field("title", b.title());
          json.key("resource").string({res_namespace, res_id});
          json.key("principal").string({pns, p.id});
          if (!b.labels().empty() || !b.description().empty()) {
            json.key("metadata").begin_object();
            if (!b.labels().empty()) {
              json.key("labels").begin_object();
              for (const model::Label& l : b.labels()) json.field(l.key, l.value);
              json.end_object();
            }
            if (!b.description().empty()) json.field("description", b.description());
            json.end_object();
          }
          json.end_object();
          if (connect) json.end_object();
          detail::name_after_binding(r, b, p.id);
          sink(r);
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Backend> make_frontier_backend() { return std::make_unique<FrontierBackend>(); }

}  // namespace iamc::backend
