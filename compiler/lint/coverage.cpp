// Scope coverage (see coverage.hpp).
#include "lint/coverage.hpp"

#include "lint/privilege.hpp"

namespace iamc::lint {

using K = model::ScopeKind;

K effective_scope_kind(const ScopeReach& s, model::TargetKind target) {
  if (s.scope != nullptr) return s.scope->kind;
  return unscoped_means_everything(target) ? K::Everything : K::Resource;
}

bool can_cover(const ScopeReach& s, model::TargetKind target) {
  if (s.scope == nullptr) return unscoped_means_everything(target);
  switch (s.scope->kind) {
    case K::Everything: case K::AllTenants: case K::AllNamespaces: case K::Organization: return true;
    case K::Namespace: case K::NamespaceLabel: return s.scope->recursive;
    case K::Org: return target == model::TargetKind::K0rdent;
    default: return false;
  }
}

bool covers(const ScopeReach& wide, const ScopeReach& narrow, model::TargetKind target) {
  K w = effective_scope_kind(wide, target), n = effective_scope_kind(narrow, target);
  if (narrow.scope == nullptr && !unscoped_means_everything(target)) return false;
  switch (w) {
    case K::Everything: return n != K::Everything;
    case K::AllTenants: return n == K::Tenant;
    case K::Organization: return n != K::Organization && n != K::Everything;
    case K::AllNamespaces:
      return n == K::Namespace || n == K::NamespaceLabel || (n == K::AllNamespaces && !narrow.scope->recursive);
    case K::Namespace:
    case K::NamespaceLabel:
      return n == w && !narrow.scope->recursive && wide.scope->id == narrow.scope->id;
    case K::Org:
      // k0rdent: an org-level grant reaches the org's projects and resources.
      return (n == K::Project || n == K::Resource) && !narrow.org.empty() &&
             (wide.scope->id.empty() || wide.scope->id == narrow.org);
    default: return false;
  }
}

bool role_at_least(std::string_view strong, int strong_rank, std::string_view weak, int weak_rank) {
  if (strong == weak) return true;
  return strong_rank > 0 && weak_rank > 0 && strong_rank >= weak_rank;
}

}  // namespace iamc::lint
