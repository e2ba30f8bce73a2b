// privileged-wildcard-scope: an owner/admin-class role on the target's widest scope. That grant
// can change every resource and every binding of the organisation: the blast radius of a leaked
// credential or a mistaken edit is everything.
#include <fmt/format.h>

#include "lint/identity.hpp"
#include "lint/privilege.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {

bool is_widest_scope(model::TargetKind kind, const model::Scope& s) {
  using K = model::ScopeKind;
  switch (kind) {
    case model::TargetKind::Astra:
      return s.kind == K::Everything || (s.kind == K::AllNamespaces && s.recursive);
    case model::TargetKind::Connhex:
      return s.kind == K::AllTenants || s.kind == K::Everything;
    case model::TargetKind::K0rdent:
    case model::TargetKind::Frontier:
      return s.kind == K::Org || s.kind == K::Everything;
    case model::TargetKind::Redpanda:
      return s.kind == K::Organization || s.kind == K::Everything;
  }
  return false;
}

namespace {

class PrivilegedWildcardScope final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintPrivilegedWildcardScope; }
  std::string_view rationale() const override {
    return "An owner or admin role on the widest scope (every namespace, every tenant, the whole "
           "organization) can change every resource and every other grant. Grant it on the narrowest "
           "scope that does the job, and keep the few organization-wide admins explicit.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    for (const model::Binding& b : m.bindings) {
      if (!is_privileged(m, b.target, b.role.name)) continue;
      model::TargetKind kind = m.targets[b.target].kind;
      if (!b.has_scopes && unscoped_means_everything(kind)) {
        report(findings, b.role.span, b, "everything (no 'on' clause)");
        continue;
      }
      for (const model::Scope& s : b.scopes) {
        if (is_widest_scope(kind, s)) report(findings, s.span, b, describe(s));
      }
    }
    for (const model::Policy& p : m.policies) {
      for (const model::Statement& st : p.statements) {
        if (!st.role || st.effect == ast::Effect::Deny || !is_privileged(m, p.target, st.role->name)) continue;
        for (const model::Scope& s : st.scopes) {
          if (!is_widest_scope(m.targets[p.target].kind, s)) continue;
          findings.report(s.span, p.span,
                          fmt::format("policy '{}' allows privileged role '{}' on {}", p.id, st.role->name, describe(s)))
              .notes.push_back({{}, "name the tenants the members need"});
        }
      }
    }
  }

 private:
  static void report(Findings& findings, Span at, const model::Binding& b, const std::string& where) {
    findings.report(at, b.span, fmt::format("privileged role '{}' is granted on {}", b.role.name, where))
        .notes.push_back({{}, "grant it on the narrowest scope that does the job"});
  }
};

}  // namespace

std::unique_ptr<Rule> make_privileged_wildcard_scope() { return std::make_unique<PrivilegedWildcardScope>(); }

}  // namespace iamc::lint
