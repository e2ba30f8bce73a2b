// wildcard-principal: a grant to everyone, or to every user or team (`*`, team("*")). A Connhex
// policy whose statements only deny is not one: it can only remove access.
#include <fmt/format.h>

#include <algorithm>

#include "lint/identity.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class WildcardPrincipal final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintWildcardPrincipal; }
  std::string_view rationale() const override {
    return "Granting a role to everyone, or to every user or team of an identity provider, gives access to people nobody reviewed, including accounts created after the grant. Grant to the groups or teams that need the access.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    for (const model::Binding& b : m.bindings) {
      for_each_distinct(b.principals, [&](const model::Principal& p) {
        if (is_wildcard(p)) {
          findings.report(p.span, b.span, fmt::format("{} grants '{}' to {}", describe(p), b.role.name, who(p)))
              .notes.push_back({{}, "grant the role to the group or team that needs it"});
        }
      });
    }
    for (const model::Policy& policy : m.policies) {
      // A policy whose statements all deny only takes access away from everyone (a guardrail).
      bool allows = std::any_of(policy.statements.begin(), policy.statements.end(),
                                [](const model::Statement& s) { return s.effect != ast::Effect::Deny; });
      if (!allows) continue;
      for_each_distinct(policy.members, [&](const model::Principal& p) {
        if (is_wildcard(p)) {
          findings.report(p.span, policy.span,
                          fmt::format("policy '{}' has member {}, which matches {}", policy.id, describe(p), who(p)))
              .notes.push_back({{}, "list the teams or users that need the policy"});
        }
      });
    }
  }

 private:
  static std::string who(const model::Principal& p) {
    if (p.kind == model::PrincipalKind::Everyone) return "every user, team and token";
    return fmt::format("every {}", model::principal_kind_name(p.kind));
  }
};

}  // namespace

std::unique_ptr<Rule> make_wildcard_principal() { return std::make_unique<WildcardPrincipal>(); }

}  // namespace iamc::lint
