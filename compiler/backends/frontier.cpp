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

// The `namespace:id` resource string; empty for scopes Frontier lacks.
std::string resource(const model::Scope& s) {
  switch (s.kind) {
    case ScopeKind::Resource: return std::string(s.id);  // already `namespace:id`
    case ScopeKind::Org:
    case ScopeKind::Organization: return detail::concat("app/organization:", s.id);
    case ScopeKind::Project: return detail::concat("app/project:", s.id);
    case ScopeKind::Group: return detail::concat("app/group:", s.id);
    default: return {};
  }
}

class FrontierBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "frontier"; }

  void emit(const model::Model& model, const TargetFilter& filter, const RequestSink& sink) const override {
    detail::for_each_binding(model, model::TargetKind::Frontier, filter,
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
          std::string res = resource(s);
          if (res.empty()) continue;
          Request r = detail::start_request(
              t, connect ? "/raystack.frontier.v1beta1.FrontierService/CreatePolicy" : "/v1beta1/policies", b.span);
          JsonValue policy = JsonValue::object();
          policy.add("roleId", role_id);
          if (!b.title.empty()) policy.add("title", b.title);
          policy.add("resource", std::move(res));
          policy.add("principal", detail::concat(pns, p.id));
          if (!b.labels.empty() || !b.description.empty()) {
            JsonValue& meta = policy.add("metadata", JsonValue::object());
            if (!b.labels.empty()) {
              JsonValue& labels = meta.add("labels", JsonValue::object());
              for (const model::Label& l : b.labels) labels.add(l.key, l.value);
            }
            if (!b.description.empty()) meta.add("description", b.description);
          }
          if (connect) {
            r.body = JsonValue::object();
            r.body.add("body", std::move(policy));
          } else {
            r.body = std::move(policy);
          }
          r.slug = detail::binding_slug(b, p.id);
          sink(std::move(r));
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Backend> make_frontier_backend() { return std::make_unique<FrontierBackend>(); }

}  // namespace iamc::backend
