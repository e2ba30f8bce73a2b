// duplicate-grant: the same principal gets the same role on the same scope twice (across files
// too), however the scope is spelled (identity.hpp's scope_key). The (principal, scope) pairs of every grant are grouped by key (group_by_key): n log n
// on integers, then one pass that reports each grant at most once per duplicated pair.
#include <fmt/format.h>

#include <vector>

#include "lint/identity.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class DuplicateGrant final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintDuplicateGrant; }
  bool groups_every_grant() const override { return true; }
  std::string_view rationale() const override {
    return "A grant written twice is harmless to the API but not to reviewers: removing one copy leaves the access in place, so revocations silently fail. Keep each grant in one place.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    struct Key {
      std::uint32_t target;
      std::string_view role;
      PrincipalKey principal;
      ScopeKey scope;
      auto operator<=>(const Key&) const = default;
    };
    // One atom per (principal, scope) pair of every binding, in model order.
    struct Atom {
      const model::Binding* binding;
      const model::Principal* principal;
      const model::Scope* scope;  ///< null: no scope
    };
    const model::Model& m = context.model;
    std::vector<Atom> atoms;
    std::size_t count = 0;
    for (const model::Binding& b : m.bindings) count += b.principals.size() * std::max<std::size_t>(1, b.scopes.size());
    atoms.reserve(count);
    for (const model::Binding& b : m.bindings) {
      for (const model::Principal& p : b.principals) {
        if (b.scopes.empty()) atoms.push_back({&b, &p, nullptr});
        for (const model::Scope& s : b.scopes) atoms.push_back({&b, &p, &s});
      }
    }
    // Scopes by scope_key: two spellings of the same request scope (tenant("*") and all_tenants,
    // a Redpanda grant with and without `on organization(...)`) are the same grant.
    auto key = [&m](const Atom& a) {
      return Key{a.binding->target, a.binding->role.name, principal_key(*a.principal),
                 scope_key(m.targets[a.binding->target].kind, *a.binding, a.scope)};
    };
    auto hash = [](const Key& k) {
      std::size_t seed = hash_mix(k.target, std::hash<std::string_view>()(k.role));
      return hash_mix(hash_mix(seed, hash_of(k.principal)), hash_of(k.scope));
    };
    const std::vector<HashedPosition> order = group_by_key(atoms, key, hash);
    // Each run of equal keys is in model order: its first atom is the first grant. One finding
    // per grant in a run: a `let` expanded to thousands of copies of one principal is one
    // mistake in that grant, not thousands (and not thousands of notes to render).
    const model::Binding* reported = nullptr;
    for (std::size_t first = 0, i = 1; i < order.size(); ++i) {
      const Atom& a = atoms[order[i].position];
      const Atom& first_atom = atoms[order[first].position];
      if (order[i].hash != order[first].hash || key(a) != key(first_atom)) {
        first = i;
        reported = nullptr;
        continue;
      }
      if (a.binding == reported) continue;
      reported = a.binding;
      const model::Binding& b = *a.binding;
      std::string where = a.scope != nullptr ? " on " + describe(*a.scope) : (b.has_scopes ? " on nothing" : "");
      findings.report(a.principal->span, b.span,
                      fmt::format("{} is granted '{}'{} a second time", describe(*a.principal), b.role.name, where))
          .notes.push_back({first_atom.principal->span, "first granted here"});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_duplicate_grant() { return std::make_unique<DuplicateGrant>(); }

}  // namespace iamc::lint
