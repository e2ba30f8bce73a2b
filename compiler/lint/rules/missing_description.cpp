// missing-description: a privileged grant without a description. Reviewers and auditors need to
// know why someone holds admin rights; the description travels with the grant.
#include <fmt/format.h>

#include "lint/privilege.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class MissingDescription final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintMissingDescription; }
  std::string_view rationale() const override {
    return "Auditors and the next reviewer need to know why someone holds an owner or admin role. A "
           "description on the grant keeps the reason next to the access.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    for (const model::Binding& b : m.bindings) {
      if (!b.description().empty() || !is_privileged(m, b.target, b.role.name)) continue;
      findings.report(b.role.span, b.span, fmt::format("privileged grant of '{}' has no description", b.role.name))
          .notes.push_back({{}, "add { description = \"why this access is needed\" } to the grant"});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_missing_description() { return std::make_unique<MissingDescription>(); }

}  // namespace iamc::lint
