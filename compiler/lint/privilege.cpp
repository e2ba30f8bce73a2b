// Privilege, role order and widest scopes for the lint rules (see privilege.hpp).
#include "lint/privilege.hpp"

#include "lint/config.hpp"

namespace iamc::lint {

bool is_privileged(const model::TargetInstance& target, std::string_view role) {
  catalog::RoleMatch match = catalog::find_role(target, role);
  if (match.builtin != nullptr) return match.builtin->privileged;
  if (match.custom == nullptr) return false;
  if (match.custom->privileged) return *match.custom->privileged;
  return catalog::catalog(target.kind).is_privileged(match.custom->level);
}

int role_rank(const model::TargetInstance& target, std::string_view role) {
  const catalog::TargetCatalog& c = catalog::catalog(target.kind);
  catalog::RoleMatch match = catalog::find_role(target, role);
  if (match.builtin != nullptr) return match.builtin->rank;
  if (match.custom != nullptr && !match.custom->level.empty()) return c.role_rank(match.custom->level);
  return 0;
}

bool administers_iam(std::string_view action) {
  // The IAM write actions of the Connhex (Chef Automate IAM v2) API: an action pattern that can
  // match one of them lets its holders grant themselves anything else.
  static constexpr std::string_view kIamAdministration[] = {
      "iam:policies:create",      "iam:policies:update",      "iam:policies:delete",
      "iam:policyMembers:create", "iam:policyMembers:update", "iam:policyMembers:delete",
      "iam:roles:create",         "iam:roles:update",         "iam:roles:delete",
      "iam:teams:create",         "iam:teams:update",         "iam:teams:delete",
      "iam:teamUsers:create",     "iam:teamUsers:delete",     "iam:users:create",
      "iam:users:update",         "iam:users:delete",         "iam:tokens:create",
      "iam:tokens:update",        "iam:tokens:delete",        "iam:tenants:create",
      "iam:tenants:update",       "iam:tenants:delete",
  };
  for (std::string_view a : kIamAdministration) {
    if (glob_match(action, a)) return true;
  }
  return false;
}

bool is_privileged(const model::Model& m, const model::Policy& policy, const model::Statement& statement) {
  if (statement.effect == ast::Effect::Deny) return false;
  if (statement.role && is_privileged(m, policy.target, statement.role->name)) return true;
  for (const auto& [action, span] : statement.actions) {
    if (administers_iam(action)) return true;
  }
  return false;
}

bool is_widest_scope(model::TargetKind kind, const ScopeKey& s) {
  using K = model::ScopeKind;
  if (!s.present) return false;
  switch (kind) {
    case model::TargetKind::Astra:
      return s.kind == K::Everything || (s.kind == K::AllNamespaces && s.recursive);
    case model::TargetKind::Connhex:
      return s.kind == K::AllTenants;
    case model::TargetKind::K0rdent:
    case model::TargetKind::Frontier:
      return s.kind == K::Org || s.kind == K::Everything;
    case model::TargetKind::Redpanda:
      return s.kind == K::Everything;
  }
  return false;
}

}  // namespace iamc::lint
