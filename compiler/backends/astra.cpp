// The NetApp Astra backend: one role binding per principal with all of its scopes as role
// constraints, posted to the user's or the group's roleBindings collection (flavours.md §4).
#include <algorithm>

#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::ScopeKind;

// The role-constraint string for a scope (flavours.md §4 table) appended to `out`; false (and
// nothing appended) for scopes Astra lacks.
bool append_constraint(const model::Scope& s, std::string& out) {
  switch (s.kind) {
    case ScopeKind::Everything: out += '*'; return true;
    case ScopeKind::Namespace:
      out += "namespaces:id='";
      out += s.id;
      out += s.recursive ? "'.*" : "'";
      return true;
    case ScopeKind::NamespaceLabel:
      // Only the recursive label form is documented (spec examples and the NetApp SDK).
      out += "namespaces:kubernetesLabels='";
      out += s.id;
      out += "'.*";
      return true;
    case ScopeKind::AllNamespaces: out += s.recursive ? "namespaces:*.*" : "namespaces:*"; return true;
    default: return false;
  }
}

// A binding's role constraints: their texts back to back in one buffer reused across bindings.
class Constraints {
 public:
  void clear() {
    text_.clear();
    ends_.clear();
  }
  // Adds the scope's constraint unless Astra lacks it or it is already there: roleConstraints is
  // uniqueItems, so a scope written twice is sent once.
  void add(const model::Scope& s) {
    const std::size_t begin = text_.size();
    if (!append_constraint(s, text_)) return;
    const std::string_view added = std::string_view(text_).substr(begin);
    for (std::size_t i = 0; i < ends_.size(); ++i) {
      if (at(i) == added) {
        text_.resize(begin);
        return;
      }
    }
    ends_.push_back(text_.size());
  }
  void add_everything() { add(model::Scope{}); }
  [[nodiscard]] std::size_t size() const { return ends_.size(); }
  [[nodiscard]] std::string_view at(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string text_;
  std::vector<std::size_t> ends_;
};

class AstraBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "astra"; }

  void emit(const model::Model& model, const TargetFilter& filter, ModelSlice slice,
            const RequestSink& sink) const override {
    Request r;
    Constraints constraints;
    detail::for_each_binding(model, model::TargetKind::Astra, filter, slice,
                             [&](const model::Binding& b, const model::TargetInstance& t) {
      std::string_view account = t.setting("account");
      // The constraints are the same for every principal of the binding.
      constraints.clear();
      if (!b.has_scopes) {
        constraints.add_everything();
      } else {
        for (const model::Scope& s : b.scopes) constraints.add(s);
      }
      for (const model::Principal& p : b.principals) {
        bool user = p.kind == model::PrincipalKind::User;
        if (!user && p.kind != model::PrincipalKind::Group) continue;
        // The Astra SDK sends the media type as Accept too; the server answers in it.
        detail::start_request(r, t, b.span, "application/astra-roleBinding+json", "application/astra-roleBinding+json");
        r.path += "/accounts/";
        r.path += account;
        r.path += user ? "/core/v1/users/" : "/core/v1/groups/";
        r.path += p.id;
        r.path += "/roleBindings";
        JsonWriter json(r.body);
        json.begin_object().field("type", "application/astra-roleBinding").field("version", "1.1");
        json.field(user ? "userID" : "groupID", p.id).field("accountID", account).field("role", b.role.name);
        json.key("roleConstraints").begin_array();
        for (std::size_t i = 0; i < constraints.size(); ++i) json.string(constraints.at(i));
        json.end_array();
        if (!b.labels().empty()) {
          json.key("metadata").begin_object().key("labels").begin_array();
          for (const model::Label& l : b.labels()) {
            json.begin_object().field("name", l.key).field("value", l.value).end_object();
          }
          json.end_array().end_object();
        }
        json.end_object();
        detail::name_after_binding(r, b, p.id);
        sink(r);
      }
    });
  }
};

}  // namespace

std::unique_ptr<Backend> make_astra_backend() { return std::make_unique<AstraBackend>(); }

}  // namespace iamc::backend
