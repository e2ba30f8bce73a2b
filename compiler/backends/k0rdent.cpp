// The k0rdent AI backend: POST /v1/regions/global/iam/policies, one request per principal and scope
// (flavours.md §1 and the Decisions table).
#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

std::string_view principal_type(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::User: return "user";
    case PrincipalKind::Group: return "group";
    case PrincipalKind::ServiceAccount: return "serviceAccount";
    default: return {};
  }
}

std::string_view scope_type(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::Everything:
    case ScopeKind::Org: return "org";
    case ScopeKind::Project: return "project";
    case ScopeKind::Resource: return "resource";
    default: return {};
  }
}

class K0rdentBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "k0rdent"; }

  void emit(const model::Model& model, const TargetFilter& filter, ModelSlice slice,
            const RequestSink& sink) const override {
    // Without an `on` clause a binding is org-wide: {type: org}.
    static const model::Scope kOrgWide{};
    Request r;
    detail::for_each_binding(model, model::TargetKind::K0rdent, filter, slice,
                             [&](const model::Binding& b, const model::TargetInstance& t) {
      std::string_view org = b.org().empty() ? t.setting("org") : b.org();
      for (const model::Principal& p : b.principals) {
        std::string_view ptype = principal_type(p.kind);
        if (ptype.empty()) continue;
        auto one = [&](const model::Scope& s) {
          std::string_view stype = scope_type(s.kind);
          if (stype.empty()) return;
          detail::start_request(r, t, b.span);
          r.path = "/v1/regions/global/iam/policies";
          JsonWriter json(r.body);
          json.begin_object().field("role", b.role.name);
          json.key("principal").begin_object().field("type", ptype).field("id", p.id).end_object();
          json.key("scope").begin_object().field("type", stype);
          if (s.kind != ScopeKind::Everything && !s.id.empty()) json.field("resource", s.id);
          json.end_object();
          if (!org.empty()) json.field("orgId", org);
          if (!b.id.empty()) json.field("id", b.id);
          if (!b.title().empty()) json.field("displayName", b.title());
          if (!b.description().empty()) json.field("description", b.description());
          json.end_object();
          detail::name_after_binding(r, b, p.id);
          sink(r);
        };
        if (!b.has_scopes) {
          one(kOrgWide);
        } else {
          for (const model::Scope& s : b.scopes) one(s);
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Backend> make_k0rdent_backend() { return std::make_unique<K0rdentBackend>(); }

}  // namespace iamc::backend
