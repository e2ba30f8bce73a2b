// Identities and descriptions of principals and scopes (see identity.hpp).
#include "lint/identity.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace iamc::lint {

PrincipalKey principal_key(const model::Principal& p) {
  return {p.kind, p.idp == "local" ? std::string_view{} : p.idp, p.id};
}

ScopeKey scope_key(model::TargetKind target, const model::Scope* s) {
  using K = model::ScopeKind;
  using T = model::TargetKind;
  static constexpr ScopeKey kEverything{true, K::Everything, {}, {}, true};
  if (s == nullptr) return target == T::Frontier || target == T::Connhex ? ScopeKey{} : kEverything;
  switch (target) {
    case T::Connhex:
      if (s->kind == K::Everything || s->kind == K::AllTenants || (s->kind == K::Tenant && s->id == "*")) {
        return {true, K::AllTenants, {}, {}, true};
      }
      break;
    case T::Redpanda:
      if (s->kind == K::Everything || s->kind == K::Organization) return kEverything;
      break;
    case T::K0rdent:
      if (s->kind == K::Everything || (s->kind == K::Org && s->id.empty())) return kEverything;
      break;
    case T::Astra:
    case T::Frontier:
      break;
  }
  return {true, s->kind, s->id, s->dataplane, s->recursive};
}

std::string describe(const model::Principal& p) {
  if (p.kind == model::PrincipalKind::Everyone) return "everyone";
  std::string out = fmt::format("{}(\"{}\"", model::principal_kind_name(p.kind), display_text(std::string(p.id)));
  if (!p.idp.empty()) out += fmt::format(", idp: {}", display_text(std::string(p.idp)));
  return out + ")";
}

std::string describe(const model::Scope& s) {
  using K = model::ScopeKind;
  std::string id = display_text(std::string(s.id));
  switch (s.kind) {
    case K::Everything:
    case K::AllTenants:
      return std::string(model::scope_kind_name(s.kind));
    case K::AllNamespaces:
      return s.recursive ? "all_namespaces" : "all_namespaces(recursive: false)";
    case K::Namespace:
      return fmt::format("namespace(id: \"{}\"{})", id, s.recursive ? "" : ", recursive: false");
    case K::NamespaceLabel:
      return fmt::format("namespace(label: \"{}\"{})", id, s.recursive ? "" : ", recursive: false");
    default:
      break;
  }
  std::string out = fmt::format("{}(\"{}\"", model::scope_kind_name(s.kind), id);
  if (!s.dataplane.empty()) out += fmt::format(", dataplane: \"{}\"", display_text(std::string(s.dataplane)));
  return out + ")";
}

bool is_wildcard(const model::Principal& p) {
  return p.kind == model::PrincipalKind::Everyone || p.id == "*";
}

}  // namespace iamc::lint
