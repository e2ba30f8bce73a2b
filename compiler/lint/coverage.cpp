// Scope coverage (see coverage.hpp).
#include "lint/coverage.hpp"

namespace iamc::lint {

using K = model::ScopeKind;

K effective_scope_kind(const ScopeReach& s) { return s.key.present ? s.key.kind : K::Resource; }

bool can_cover(const ScopeReach& s, model::TargetKind target) {
  if (!s.key.present) return false;
  switch (s.key.kind) {
    case K::Everything: case K::AllTenants: case K::AllNamespaces: case K::Organization: return true;
    case K::Namespace: case K::NamespaceLabel: return s.key.recursive;
    case K::Org: return target == model::TargetKind::K0rdent;
    default: return false;
  }
}

bool covers(const ScopeReach& wide, const ScopeReach& narrow, model::TargetKind target) {
  if (!wide.key.present || !narrow.key.present) return false;
  // k0rdent: a grant reaches only its own org (orgId), whatever its scope.
  if (target == model::TargetKind::K0rdent && wide.org != narrow.org) return false;
  K w = wide.key.kind, n = narrow.key.kind;
  switch (w) {
    case K::Everything: return n != K::Everything;
    case K::AllTenants: return n == K::Tenant;
    case K::Organization: return n != K::Organization && n != K::Everything;
    case K::AllNamespaces:
      return n == K::Namespace || n == K::NamespaceLabel || (n == K::AllNamespaces && !narrow.key.recursive);
    case K::Namespace:
    case K::NamespaceLabel:
      return n == w && !narrow.key.recursive && wide.key.id == narrow.key.id;
    case K::Org:
      // k0rdent: an org-level grant reaches the org's projects and resources.
      return (n == K::Project || n == K::Resource) && !narrow.org.empty() &&
             (wide.key.id.empty() || wide.key.id == narrow.org);
    default: return false;
  }
}

bool role_at_least(std::string_view strong, int strong_rank, std::string_view weak, int weak_rank) {
  if (strong == weak) return true;
  return strong_rank > 0 && weak_rank > 0 && strong_rank >= weak_rank;
}

}  // namespace iamc::lint
