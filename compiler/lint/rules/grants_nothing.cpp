// grants-nothing: `on []` (Astra roleConstraints: [] means no access) or a Connhex statement
// without tenants: the grant is written but gives nothing, which is almost always a mistake.
#include <fmt/format.h>

#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class GrantsNothing final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintGrantsNothing; }
  std::string_view rationale() const override {
    return "An empty scope list gives no access (Astra treats roleConstraints [] as no namespaces). It is almost always an edit gone wrong that hides the access someone expected, or a grant that should be deleted.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    for (const model::Binding& b : context.model.bindings) {
      if (b.has_scopes && b.scopes.empty() && !b.scopes_incomplete) {
        findings.report(b.role.span, b.span, fmt::format("grant of '{}' has an empty scope list and gives no access", b.role.name))
            .notes.push_back({{}, "name the scopes, or remove the 'on' clause to grant on everything the target allows"});
      }
    }
    for (const model::Policy& p : context.model.policies) {
      for (const model::Statement& s : p.statements) {
        if (s.scopes.empty() && !s.scopes_incomplete) {
          findings.report(s.effect_span, p.span,
                          fmt::format("statement in policy '{}' names no tenants and applies nowhere", p.id))
              .notes.push_back({{}, "add 'on tenant(\"...\")' or 'on all_tenants'"});
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_grants_nothing() { return std::make_unique<GrantsNothing>(); }

}  // namespace iamc::lint
