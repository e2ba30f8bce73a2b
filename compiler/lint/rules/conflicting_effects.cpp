// conflicting-effects: a Connhex DENY and an ALLOW of the same role or action reach the same
// member on the same tenant. Deny wins in Connhex (as in Chef Automate), so the allow is dead
// for that member, or the deny is a mistake: either way someone misreads the policy set.
// Allows are indexed by role or action, so each deny looks only at allows it could conflict with.
#include <fmt/format.h>

#include <unordered_map>

#include "lint/config.hpp"
#include "lint/identity.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

struct Atom {
  const model::Policy* policy;
  const model::Statement* statement;
  const model::Principal* member;
  std::string_view what;  // the role name or an action
  Span what_span;
};

bool members_overlap(const model::Principal& a, const model::Principal& b) {
  if (a.kind == model::PrincipalKind::Everyone || b.kind == model::PrincipalKind::Everyone) return true;
  if (a.kind != b.kind) return false;
  if (a.id == "*" || b.id == "*") return a.idp == b.idp;
  return principal_key(a) == principal_key(b);
}

// On scope_key, so that tenant("*") is all tenants as it is on the wire.
bool tenants_overlap(const model::Statement& a, const model::Statement& b) {
  for (const model::Scope& x : a.scopes) {
    const ScopeKey kx = scope_key(model::TargetKind::Connhex, &x);
    for (const model::Scope& y : b.scopes) {
      const ScopeKey ky = scope_key(model::TargetKind::Connhex, &y);
      if (kx.kind == model::ScopeKind::AllTenants || ky.kind == model::ScopeKind::AllTenants) return true;
      if (kx == ky) return true;
    }
  }
  return false;
}

class ConflictingEffects final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintConflictingEffects; }
  std::string_view rationale() const override {
    return "When an allow and a deny of the same role or action meet on the same members and tenants, the deny wins; one of the two statements does not do what its author meant. Make the policies agree.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    std::unordered_map<std::string, std::vector<Atom>> allows;  // by target and role/action
    std::vector<Atom> denies;
    for (const model::Policy& p : context.model.policies) {
      for (const model::Statement& s : p.statements) {
        for_each_distinct(p.members, [&](const model::Principal& member) {
          auto add = [&](std::string_view what, Span span) {
            Atom atom{&p, &s, &member, what, span};
            if (s.effect == ast::Effect::Deny) {
              denies.push_back(atom);
            } else {
              allows[key(p.target, what)].push_back(atom);
            }
          };
          if (s.role) add(s.role->name, s.role->span);
          for (const auto& [action, span] : s.actions) add(action, span);
        });
      }
    }
    for (const Atom& deny : denies) {
      bool wildcard = deny.what.find('*') != std::string_view::npos;
      auto report = [&](const Atom& allow) {
        findings.report(deny.what_span, deny.statement->span,
                        fmt::format("policy '{}' denies '{}' to {} where policy '{}' allows '{}'", deny.policy->id,
                                    deny.what, describe(*deny.member), allow.policy->id, allow.what))
            .notes.push_back({allow.what_span, "the allow is here; the deny wins wherever both apply"});
      };
      auto consider = [&](const Atom& allow) {
        if (members_overlap(*deny.member, *allow.member) && tenants_overlap(*deny.statement, *allow.statement)) {
          report(allow);
          return true;
        }
        return false;
      };
      if (!wildcard) {
        auto it = allows.find(key(deny.policy->target, deny.what));
        if (it == allows.end()) continue;
        for (const Atom& allow : it->second) {
          if (consider(allow)) break;
        }
        continue;
      }
      // A wildcard action (`iam:*`) can cover several allowed actions: scan this target's.
      bool done = false;
      for (const auto& [k, list] : allows) {
        for (const Atom& allow : list) {
          if (allow.policy->target != deny.policy->target || !glob_match(deny.what, allow.what)) continue;
          if ((done = consider(allow))) break;
        }
        if (done) break;
      }
    }
  }

 private:
  static std::string key(std::uint32_t target, std::string_view what) { return fmt::format("{}\x1e{}", target, what); }
};

}  // namespace

std::unique_ptr<Rule> make_conflicting_effects() { return std::make_unique<ConflictingEffects>(); }

}  // namespace iamc::lint
