// duplicate-grant: the same principal gets the same role on the same scope twice (across files
// too). One hash lookup per (principal, scope) pair: linear in the number of grants.
#include <fmt/format.h>

#include <unordered_map>

#include "lint/identity.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class DuplicateGrant final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintDuplicateGrant; }
  std::string_view rationale() const override {
    return "A grant written twice is harmless to the API but not to reviewers: removing one copy leaves the access in place, so revocations silently fail. Keep each grant in one place.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    struct First {
      Span principal;
    };
    std::unordered_map<std::string, First> seen;
    const model::Model& m = context.model;
    for (const model::Binding& b : m.bindings) {
      for (const model::Principal& p : b.principals) {
        std::string base = fmt::format("{}\x1e{}\x1e{}", b.target, b.role.name, principal_identity(p));
        auto check = [&](std::string key, const std::string& where) {
          auto [it, inserted] = seen.emplace(std::move(key), First{p.span});
          if (inserted) return;
          findings.report(p.span, b.span,
                          fmt::format("{} is granted '{}'{} a second time", describe(p), b.role.name, where))
              .notes.push_back({it->second.principal, "first granted here"});
        };
        if (b.scopes.empty()) {
          check(base + "\x1e<none>", b.has_scopes ? " on nothing" : "");
        }
        for (const model::Scope& s : b.scopes) {
          check(base + "\x1e" + scope_identity(s), " on " + describe(s));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_duplicate_grant() { return std::make_unique<DuplicateGrant>(); }

}  // namespace iamc::lint
