// The NetApp Astra backend: one role binding per principal with all of its scopes as role
// constraints, posted to the user's or the group's roleBindings collection (flavours.md §4).
#include <algorithm>

#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::ScopeKind;

// The role-constraint string for a scope (flavours.md §4 table); empty for scopes Astra lacks.
std::string constraint(const model::Scope& s) {
  switch (s.kind) {
    case ScopeKind::Everything: return "*";
    case ScopeKind::Namespace: {
      std::string c = detail::concat("namespaces:id='", s.id);
      c += s.recursive ? "'.*" : "'";
      return c;
    }
    case ScopeKind::NamespaceLabel:
      // Only the recursive label form is documented (spec examples and the NetApp SDK).
      return detail::concat(detail::concat("namespaces:kubernetesLabels='", s.id), "'.*");
    case ScopeKind::AllNamespaces: return s.recursive ? "namespaces:*.*" : "namespaces:*";
    default: return {};
  }
}

class AstraBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "astra"; }

  void emit(const model::Model& model, const TargetFilter& filter, const RequestSink& sink) const override {
    detail::for_each_binding(model, model::TargetKind::Astra, filter,
                             [&](const model::Binding& b, const model::TargetInstance& t) {
      std::string_view account = t.setting("account");
      // The constraints are the same for every principal of the binding.
      std::vector<std::string> constraints;
      if (!b.has_scopes) {
        constraints.emplace_back("*");
      } else {
        for (const model::Scope& s : b.scopes) {
          std::string c = constraint(s);
          // roleConstraints is uniqueItems: a scope written twice is sent once.
          if (!c.empty() && std::find(constraints.begin(), constraints.end(), c) == constraints.end()) {
            constraints.push_back(std::move(c));
          }
        }
      }
      for (const model::Principal& p : b.principals) {
        bool user = p.kind == model::PrincipalKind::User;
        if (!user && p.kind != model::PrincipalKind::Group) continue;
        std::string path = detail::concat("/accounts/", account);
        path += user ? "/core/v1/users/" : "/core/v1/groups/";
        path += p.id;
        path += "/roleBindings";
        Request r = detail::start_request(t, std::move(path), b.span, "application/astra-roleBinding+json");
        JsonValue body = JsonValue::object();
        body.add("type", "application/astra-roleBinding");
        body.add("version", "1.1");
        body.add(user ? "userID" : "groupID", p.id);
        body.add("accountID", account);
        body.add("role", b.role.name);
        JsonValue& rc = body.add("roleConstraints", JsonValue::array());
        for (const std::string& c : constraints) rc.push(JsonValue::string(c));
        if (!b.labels.empty()) {
          JsonValue& labels = body.add("metadata", JsonValue::object()).add("labels", JsonValue::array());
          for (const model::Label& l : b.labels) {
            JsonValue& entry = labels.push(JsonValue::object());
            entry.add("name", l.key);
            entry.add("value", l.value);
          }
        }
        r.body = std::move(body);
        r.slug = detail::binding_slug(b, p.id);
        sink(std::move(r));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Backend> make_astra_backend() { return std::make_unique<AstraBackend>(); }

}  // namespace iamc::backend
