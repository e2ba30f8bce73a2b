// unused-definition: a `let` nothing refers to, or a custom role no grant uses. Dead definitions
// hide intent: a reviewer cannot tell a forgotten grant from a leftover.
#include <fmt/format.h>

#include <unordered_set>

#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class UnusedDefinition final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintUnusedDefinition; }
  std::string_view rationale() const override {
    return "A definition nothing uses is dead weight that misleads reviewers about who has access. Remove it, or use it where it was meant to be used.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    if (context.sources_incomplete) return;  // the only use may be in a statement that failed to parse
    const model::Model& m = context.model;
    for (const model::Definition& d : m.definitions) {
      if (d.uses == 0) {
        findings.report(d.name_span, d.name_span, fmt::format("'{}' is defined but never used", d.name))
            .notes.push_back({{}, "remove it, or use it in a grant"});
      }
    }
    // Roles referred to per target instance.
    std::vector<std::unordered_set<std::string_view>> used(m.targets.size());
    for (const model::Binding& b : m.bindings) used[b.target].insert(b.role.name);
    for (const model::Policy& p : m.policies) {
      for (const model::Statement& s : p.statements) {
        if (s.role) used[p.target].insert(s.role->name);
      }
    }
    for (std::size_t t = 0; t < m.targets.size(); ++t) {
      for (const model::CustomRole& r : m.targets[t].roles) {
        if (!used[t].contains(r.name) && (r.id.empty() || !used[t].contains(r.id))) {
          findings.report(r.span, r.span,
                          fmt::format("custom role '{}' of target {}.{} is declared but never granted", r.name,
                                      model::target_kind_name(m.targets[t].kind), m.targets[t].name))
              .notes.push_back({{}, "remove the declaration, or grant the role"});
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_unused_definition() { return std::make_unique<UnusedDefinition>(); }

}  // namespace iamc::lint
