// privileged-wildcard-scope: an owner/admin-class role on the target's widest scope, or a
// Connhex statement whose actions administer IAM (`*`, `iam:*`, `iam:policies:*`, ...) on all
// tenants. That grant can change every resource and every binding of the organisation: the
// blast radius of a leaked credential or a mistaken edit is everything.
#include <fmt/format.h>

#include "lint/identity.hpp"
#include "lint/privilege.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

// What makes a statement privileged, for the message: its role, else its first IAM action.
std::string privileged_part(const model::Model& m, const model::Policy& p, const model::Statement& st) {
  if (st.role && is_privileged(m, p.target, st.role->name)) return fmt::format("privileged role '{}'", st.role->name);
  for (const auto& [action, span] : st.actions) {
    if (administers_iam(action)) return fmt::format("action '{}', which administers IAM,", action);
  }
  return {};
}

class PrivilegedWildcardScope final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintPrivilegedWildcardScope; }
  std::string_view rationale() const override {
    return "An owner or admin role on the widest scope (every namespace, every tenant, the whole "
           "organization), or actions that administer IAM on every tenant, can change every resource "
           "and every other grant. Grant it on the narrowest scope that does the job, and keep the few "
           "organization-wide admins explicit.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    for (const model::Binding& b : m.bindings) {
      if (!is_privileged(m, b.target, b.role.name)) continue;
      model::TargetKind kind = m.targets[b.target].kind;
      if (!b.has_scopes) {
        if (is_widest_scope(kind, scope_key(kind, nullptr))) report(findings, b.role.span, b, "everything (no 'on' clause)");
        continue;
      }
      for (const model::Scope& s : b.scopes) {
        if (is_widest_scope(kind, scope_key(kind, &s))) report(findings, s.span, b, describe(s));
      }
    }
    for (const model::Policy& p : m.policies) {
      model::TargetKind kind = m.targets[p.target].kind;
      for (const model::Statement& st : p.statements) {
        if (!is_privileged(m, p, st)) continue;
        for (const model::Scope& s : st.scopes) {
          if (!is_widest_scope(kind, scope_key(kind, &s))) continue;
          findings.report(s.span, p.span,
                          fmt::format("policy '{}' allows {} on {}", p.id, privileged_part(m, p, st), describe(s)))
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
