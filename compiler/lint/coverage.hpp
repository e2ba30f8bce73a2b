// When one grant's scope reaches everything another's does, for the same principal on one target:
// the one definition of scope coverage, shared by the lint rule redundant-grant and the access
// queries (`iamc who`, `what`, `diff`, `report`), so a reviewer and the linter never disagree. It
// works on the normalised scope (scope_key, identity.hpp), so `tenant("*")` and `all_tenants`, or a
// Redpanda grant with and without `organization(...)`, cover and are covered alike.
#pragma once

#include <string_view>

#include "lint/identity.hpp"
#include "model/model.hpp"

namespace iamc::lint {

/// One grant's scope as coverage sees it: the scope written (null: no `on` clause), its
/// normalised key, and on k0rdent the orgId the grant applies to (the grant's `org`, else the
/// target's `org` setting).
struct ScopeReach {
  const model::Scope* scope = nullptr;
  std::string_view org;
  ScopeKey key;
};

/// A ScopeReach with its key computed: the one way to make one.
inline ScopeReach reach_of(model::TargetKind target, const model::Scope* scope, std::string_view org) {
  return {scope, org, scope_key(target, scope)};
}

/// The kind a scope has in effect (its normalised kind; Resource when nothing is reached).
model::ScopeKind effective_scope_kind(const ScopeReach& s);

/// Whether this scope can cover any other (everything, all tenants/namespaces, the organization,
/// a recursive namespace, a k0rdent org): a cheap filter before `covers`.
bool can_cover(const ScopeReach& s, model::TargetKind target);

/// Whether `wide` reaches everything `narrow` reaches and more. Equal scopes do not cover each
/// other: callers compare those directly.
bool covers(const ScopeReach& wide, const ScopeReach& narrow, model::TargetKind target);

/// Whether the role `strong` (rank `strong_rank`, 0 = unranked) gives at least what `weak` gives:
/// the same role, or both ranked in the catalogue's order and `strong` not lower.
bool role_at_least(std::string_view strong, int strong_rank, std::string_view weak, int weak_rank);

}  // namespace iamc::lint
