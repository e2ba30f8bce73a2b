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
    struct Key {
      std::uint32_t target;
      std::string_view role;
      PrincipalKey principal;
      ScopeKey scope;
      bool operator==(const Key&) const = default;
    };
    struct KeyHash {
      std::size_t operator()(const Key& k) const {
        std::size_t seed = hash_mix(k.target, std::hash<std::string_view>()(k.role));
        return hash_mix(hash_mix(seed, hash_of(k.principal)), hash_of(k.scope));
      }
    };
    std::unordered_map<Key, Span, KeyHash> seen;
    const model::Model& m = context.model;
    std::size_t atoms = 0;
    for (const model::Binding& b : m.bindings) atoms += b.principals.size() * std::max<std::size_t>(1, b.scopes.size());
    seen.reserve(atoms);
    for (const model::Binding& b : m.bindings) {
      for (const model::Principal& p : b.principals) {
        auto check = [&](const model::Scope* s) {
          auto [it, inserted] = seen.emplace(Key{b.target, b.role.name, principal_key(p), scope_key(s)}, p.span);
          if (inserted) return;
          std::string where = s != nullptr ? " on " + describe(*s) : (b.has_scopes ? " on nothing" : "");
          findings.report(p.span, b.span,
                          fmt::format("{} is granted '{}'{} a second time", describe(p), b.role.name, where))
              .notes.push_back({it->second, "first granted here"});
        };
        if (b.scopes.empty()) check(nullptr);
        for (const model::Scope& s : b.scopes) check(&s);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_duplicate_grant() { return std::make_unique<DuplicateGrant>(); }

}  // namespace iamc::lint
