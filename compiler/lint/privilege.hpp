// What the privilege rules share: whether a grant's role is owner/admin-class and whether a scope
// is the target's widest, both per the target's catalogue (stdlib/).
#pragma once

#include "catalog/catalog.hpp"
#include "model/model.hpp"

namespace iamc::lint {

inline bool is_privileged(const model::Model& m, std::uint32_t target, std::string_view role) {
  return catalog::catalog(m.targets[target].kind).is_privileged(role);
}

/// The scope a grant without an `on` clause gets: everything on Astra (roleConstraints ["*"]) and
/// Redpanda (an organization-level binding); no scope at all elsewhere.
inline bool unscoped_means_everything(model::TargetKind kind) {
  return kind == model::TargetKind::Astra || kind == model::TargetKind::Redpanda;
}

/// Whether a scope is the widest a target has: Astra everything or all namespaces (recursive),
/// Connhex all tenants, k0rdent and Frontier org level, Redpanda the organization.
bool is_widest_scope(model::TargetKind kind, const model::Scope& scope);

}  // namespace iamc::lint
