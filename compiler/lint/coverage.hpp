// When one grant's scope reaches everything another's does, for the same principal on one target:
// the one definition of scope coverage, shared by the lint rule redundant-grant and the access
// queries (`iamc who`, `what`, `diff`, `report`), so a reviewer and the linter never disagree.
#pragma once

#include <string_view>

#include "model/model.hpp"

namespace iamc::lint {

/// One grant's scope as coverage sees it: the scope written (null: no `on` clause) and, on
/// k0rdent, the orgId the grant applies to (the grant's `org`, else the target's `org` setting).
struct ScopeReach {
  const model::Scope* scope = nullptr;
  std::string_view org;
};

/// The kind a scope has in effect: a missing `on` clause means everything where the target says so
/// (Astra, Redpanda), else a plain resource.
model::ScopeKind effective_scope_kind(const ScopeReach& s, model::TargetKind target);

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
