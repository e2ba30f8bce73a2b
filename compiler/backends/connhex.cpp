// The Connhex backend: one POST /iam/policies per `policy`, with its members and statements
// (flavours.md §2 and the Decisions table).
#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

// The member string (upstream Chef Automate form) written as one JSON string; nothing for
// principals Connhex lacks.
void write_member(const model::Principal& p, JsonWriter& json) {
  std::string_view idp = p.idp.empty() ? std::string_view("local") : p.idp;
  switch (p.kind) {
    case PrincipalKind::User: json.string({"user:", idp, ":", p.id}); return;
    case PrincipalKind::Team: json.string({"team:", idp, ":", p.id}); return;
    case PrincipalKind::Token: json.string({"token:", p.id}); return;
    case PrincipalKind::Everyone: json.string("*"); return;
    default: return;
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

void write_string_list(const std::vector<std::pair<std::string_view, Span>>& items, JsonWriter& json) {
  json.begin_array();
  for (const auto& item : items) json.string(item.first);
  json.end_array();
}

class ConnhexBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "connhex"; }

  void emit(const model::Model& model, const TargetFilter& filter, ModelSlice slice,
            const RequestSink& sink) const override {
    Request r;
    const std::size_t end = std::min(slice.end, model.policies.size());
    for (std::size_t i = slice.begin; i < end; ++i) {
      const model::Policy& p = model.policies[i];
      if (p.target >= model.targets.size()) continue;
      const model::TargetInstance& t = model.targets[p.target];
      if (t.kind != model::TargetKind::Connhex || !filter.accepts(t)) continue;
      detail::start_request(r, t, p.span);
      r.path = "/iam/policies";
      JsonWriter json(r.body);
      json.begin_object().field("name", p.name).field("id", p.id);
      json.key("members").begin_array();
      for (const model::Principal& m : p.members) write_member(m, json);
      json.end_array();
      json.key("statements").begin_array();
      for (const model::Statement& st : p.statements) {
        json.begin_object();
        if (st.role) json.field("role", st.role->name);
        if (st.has_actions) write_string_list(st.actions, json.key("actions"));
        if (st.has_resources) write_string_list(st.resources, json.key("resources"));
        if (st.has_scopes) {
          json.key("tenants").begin_array();
          for (const model::Scope& s : st.scopes) {
            std::string_view id = tenant(s);
            if (!id.empty()) json.string(id);
          }
          json.end_array();
        }
        json.field("effect", st.effect == ast::Effect::Deny ? "DENY" : "ALLOW");
        json.end_object();
      }
      json.end_array();
      write_string_list(p.tenants, json.key("tenants"));
      json.end_object();
      r.slug_text = p.id;
      sink(r);
    }
  }
};

}  // namespace

std::unique_ptr<Backend> make_connhex_backend() { return std::make_unique<ConnhexBackend>(); }

}  // namespace iamc::backend
