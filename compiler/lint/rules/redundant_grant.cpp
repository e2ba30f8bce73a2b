// redundant-grant: a grant already covered, for the same principal on the same target, by one
// with a wider scope (namespace X under everything, tenant t under all tenants, a k0rdent project
// under its org) or by a stronger role on the same scope (Astra owner > admin > member > viewer,
// Redpanda Admin > Writer > Reader). Redundant grants survive revocations of the covering grant
// nobody remembers, and make reviews lie.
//
// Scope coverage is lint/coverage.cpp, shared with the access queries (who, what, diff).
// Near-linear: grants are grouped by (target, principal) (group_by_key: a sort on hashes); within
// a group only the few grants whose scope can cover others are compared against each grant, and
// same-scope role strength is one hash lookup in a small per-group map.
#include <fmt/format.h>

#include <span>
#include <unordered_map>
#include <vector>

#include "lint/coverage.hpp"
#include "lint/identity.hpp"
#include "lint/privilege.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {


struct Atom {
  const model::Binding* binding;
  const model::Principal* principal;
  const model::Scope* scope;  ///< null: no `on` clause
  ScopeKey key;               ///< the scope normalised (scope_key): what the request reaches
  int rank;
  std::string_view org;  ///< k0rdent: the orgId the grant applies to
};

ScopeReach reach(const Atom& a) { return {a.scope, a.org, a.key}; }

bool covers(const Atom& wide, const Atom& narrow, model::TargetKind target) {
  return lint::covers(reach(wide), reach(narrow), target);
}

bool role_at_least(const Atom& strong, const Atom& weak) {
  return lint::role_at_least(strong.binding->role.name, strong.rank, weak.binding->role.name, weak.rank);
}

std::string where(const Atom& a) { return a.scope != nullptr ? describe(*a.scope) : "everything"; }

class RedundantGrant final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintRedundantGrant; }
  bool groups_every_grant() const override { return true; }
  std::string_view rationale() const override {
    return "A grant already covered by a wider scope or a stronger role for the same principal adds no "
           "access, but it keeps access alive when the covering grant is revoked and makes reviews "
           "misleading. Remove it, or narrow the covering grant.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    struct GroupKey {
      std::uint32_t target;
      PrincipalKey principal;
      auto operator<=>(const GroupKey&) const = default;
    };
    struct ScopeHash {
      std::size_t operator()(const ScopeKey& k) const { return hash_of(k); }
    };
    // One slot per (distinct principal, scope) pair of every binding, in model order: only what
    // the grouping needs (24 bytes, not a whole Atom), sized exactly, so that the rule's peak at a
    // million grants is tens of megabytes, not the 190 MB an array of Atoms grown by doubling took.
    struct Slot {
      const model::Binding* binding;
      const model::Principal* principal;
      const model::Scope* scope;  ///< null: no `on` clause
    };
    std::size_t count = 0;
    for (const model::Binding& b : m.bindings) count += b.principals.size() * std::max<std::size_t>(1, b.scopes.size());
    std::vector<Slot> all;
    all.reserve(count);
    for (const model::Binding& b : m.bindings) {
      // Copies of one principal in a grant are one grant to it (duplicate-grant's business).
      for_each_distinct(b.principals, [&](const model::Principal& p) {
        if (b.scopes.empty()) all.push_back({&b, &p, nullptr});
        for (const model::Scope& s : b.scopes) all.push_back({&b, &p, &s});
      });
    }
    auto group_of = [](const Slot& a) { return GroupKey{a.binding->target, principal_key(*a.principal)}; };
    const std::vector<HashedPosition> order =
        group_by_key(all, group_of, [](const GroupKey& k) { return hash_mix(k.target, hash_of(k.principal)); });
    std::vector<const Atom*> wide;
    std::vector<Atom> group;  // the current group's atoms, reused
    for (std::size_t begin = 0, end = 0; begin < all.size(); begin = end) {
      end = begin + 1;
      while (end < order.size() && order[end].hash == order[begin].hash &&
             group_of(all[order[end].position]) == group_of(all[order[begin].position])) {
        ++end;
      }
      if (end - begin < 2) continue;
      // One (target, principal) group, in model order.
      const model::TargetInstance& t = m.targets[all[order[begin].position].binding->target];
      group.clear();
      for (std::size_t i = begin; i < end; ++i) {
        const Slot& slot = all[order[i].position];
        const model::Binding& b = *slot.binding;
        group.push_back({&b, slot.principal, slot.scope, scope_key(t.kind, b, slot.scope), role_rank(t, b.role.name),
                         !b.org().empty() ? b.org() : t.setting("org")});
      }
      const std::span<const Atom> atoms(group);
      const model::TargetKind target = t.kind;
      wide.clear();
      // Per group, not cleared and reused: clear() costs the bucket count of the largest group.
      std::unordered_map<ScopeKey, const Atom*, ScopeHash> strongest;
      // Wide atoms that reach the same scope with the same role are interchangeable as coverers,
      // but an atom must be covered by another grant than its own: two of each, from two grants,
      // are enough. Without this, copies of one wide grant (a scope listed thousands of times)
      // make every atom scan them all: quadratic.
      std::unordered_map<ScopeKey, std::vector<const Atom*>, ScopeHash> wide_by_key;
      for (const Atom& a : atoms) {
        if (can_cover(reach(a), target)) {
          std::vector<const Atom*>& same = wide_by_key[a.key];
          bool interchangeable = false;
          std::size_t alike = 0;
          for (const Atom* w : same) {
            if (w->org != a.org || w->rank != a.rank || w->binding->role.name != a.binding->role.name) continue;
            ++alike;
            interchangeable = interchangeable || w->binding == a.binding;
          }
          if (!interchangeable && alike < 2) {
            same.push_back(&a);
            wide.push_back(&a);
          }
        }
        auto [it, inserted] = strongest.emplace(a.key, &a);
        if (!inserted && a.rank > it->second->rank) it->second = &a;
      }
      for (const Atom& a : atoms) {
        const Atom* by = nullptr;
        for (const Atom* w : wide) {
          if (w->binding != a.binding && covers(*w, a, target) && role_at_least(*w, a)) {
            by = w;
            break;
          }
        }
        if (by == nullptr && a.key.present) {  // `on []` reaches nothing: nothing covers it
          const Atom* s = strongest[a.key];
          if (s->binding != a.binding && a.rank > 0 && s->rank > a.rank) by = s;
        }
        if (by == nullptr) continue;
        Span at = a.scope != nullptr ? a.scope->span : a.binding->role.span;
        findings.report(at, a.binding->span,
                        fmt::format("'{}' on {} for {} is already covered", a.binding->role.name, where(a),
                                    describe(*a.principal)))
            .notes.push_back({by->scope != nullptr ? by->scope->span : by->binding->role.span,
                              fmt::format("by this grant of '{}' on {}", by->binding->role.name, where(*by))});
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_redundant_grant() { return std::make_unique<RedundantGrant>(); }

}  // namespace iamc::lint
