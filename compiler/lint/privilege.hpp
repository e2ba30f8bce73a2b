// What the privilege rules share, so that every rule agrees: whether a role or a Connhex statement
// is owner/admin-class (the catalogue, a custom role's declared `privileged`/`level`, or actions
// that administer IAM), a role's place in the target's order, and whether a scope is the
// target's widest (on the one normalised scope key of identity.hpp).
#pragma once

#include <string_view>

#include "catalog/catalog.hpp"
#include "lint/identity.hpp"
#include "model/model.hpp"

namespace iamc::lint {

/// Whether `role` is owner/admin-class on this instance: a catalogue role's flag, or a declared
/// role's `privileged` (else the privilege of its `level` role). Unknown roles are not.
bool is_privileged(const model::TargetInstance& target, std::string_view role);
inline bool is_privileged(const model::Model& m, std::uint32_t target, std::string_view role) {
  return is_privileged(m.targets[target], role);
}

/// Whether a Connhex action pattern can administer IAM: it matches (with `*` as a wildcard) one
/// of the actions that create, change or delete policies, policy members, roles, teams, team
/// members, users, tokens or tenants: `*`, `iam:*`, `iam:policies:*`, `*:update`, ...
bool administers_iam(std::string_view action);

/// Whether a policy statement is privileged: its role is, or one of its actions administers IAM.
/// A DENY statement only removes access and never is.
bool is_privileged(const model::Model& m, const model::Policy& policy, const model::Statement& statement);

/// The role's place in the target's order (higher = more; 0 = unranked): the catalogue's rank,
/// or for a declared role the rank of its `level`.
int role_rank(const model::TargetInstance& target, std::string_view role);

/// Whether a normalised scope (scope_key) is the widest a target has: Astra everything or all
/// namespaces (recursive), Connhex all tenants, k0rdent and Frontier the org, Redpanda the
/// organization.
bool is_widest_scope(model::TargetKind kind, const ScopeKey& scope);

}  // namespace iamc::lint
