// The Connhex backend: one POST /iam/policies per `policy`, with its members and statements
// (flavours.md §2 and the Decisions table).
#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

// The member string (upstream Chef Automate form); empty for principals Connhex lacks.
std::string member(const model::Principal& p) {
  auto with_idp = [&](std::string_view kind) {
    std::string m(kind);
    m += p.idp.empty() ? std::string_view("local") : p.idp;
    m += ':';
    m += p.id;
    return m;
  };
  switch (p.kind) {
    case PrincipalKind::User: return with_idp("user:");
    case PrincipalKind::Team: return with_idp("team:");
    case PrincipalKind::Token: return detail::concat("token:", p.id);
    case PrincipalKind::Everyone: return "*";
    default: return {};
  }
}

// A statement's tenant string; empty for scopes Connhex lacks.
std::string_view tenant(const model::Scope& s) {
  switch (s.kind) {
    case ScopeKind::Tenant: return s.id;
    case ScopeKind::AllTenants:
    case ScopeKind::Everything: return "*";
    default: return {};
  }
}

JsonValue string_list(const std::vector<std::pair<std::string_view, Span>>& items) {
  JsonValue list = JsonValue::array();
  for (const auto& item : items) list.push(JsonValue::string(std::string(item.first)));
  return list;
}

class ConnhexBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "connhex"; }

  void emit(const model::Model& model, const TargetFilter& filter, const RequestSink& sink) const override {
    for (const model::Policy& p : model.policies) {
      if (p.target >= model.targets.size()) continue;
      const model::TargetInstance& t = model.targets[p.target];
      if (t.kind != model::TargetKind::Connhex || !filter.accepts(t)) continue;
      Request r = detail::start_request(t, "/iam/policies", p.span);
      JsonValue body = JsonValue::object();
      body.add("name", p.name);
      body.add("id", p.id);
      JsonValue& members = body.add("members", JsonValue::array());
      for (const model::Principal& m : p.members) {
        std::string s = member(m);
        if (!s.empty()) members.push(JsonValue::string(std::move(s)));
      }
      JsonValue& statements = body.add("statements", JsonValue::array());
      for (const model::Statement& st : p.statements) {
        JsonValue& out_st = statements.push(JsonValue::object());
        if (st.role) out_st.add("role", st.role->name);
        if (st.has_actions) out_st.add("actions", string_list(st.actions));
        if (st.has_resources) out_st.add("resources", string_list(st.resources));
        if (st.has_scopes) {
          JsonValue& tenants = out_st.add("tenants", JsonValue::array());
          for (const model::Scope& s : st.scopes) {
            std::string_view id = tenant(s);
            if (!id.empty()) tenants.push(JsonValue::string(std::string(id)));
          }
        }
        out_st.add("effect", st.effect == ast::Effect::Deny ? "DENY" : "ALLOW");
      }
      body.add("tenants", string_list(p.tenants));
      r.body = std::move(body);
      r.slug = make_slug(p.id);
      sink(std::move(r));
    }
  }
};

}  // namespace

std::unique_ptr<Backend> make_connhex_backend() { return std::make_unique<ConnhexBackend>(); }

}  // namespace iamc::backend
