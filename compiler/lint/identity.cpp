// Identities and descriptions of principals and scopes (see identity.hpp).
#include "lint/identity.hpp"

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

// Built by appending, not with fmt: the diff and the access tables describe every grant.
std::string describe(const model::Principal& p) {
  if (p.kind == model::PrincipalKind::Everyone) return "everyone";
  std::string out(model::principal_kind_name(p.kind));
  out += "(\"";
  append_display_text(out, p.id);
  out += '"';
  if (!p.idp.empty()) {
    out += ", idp: ";
    append_display_text(out, p.idp);
  }
  out += ')';
  return out;
}

std::string describe(const model::Scope& s) {
  using K = model::ScopeKind;
  std::string out;
  auto quoted_id = [&](std::string_view prefix) {
    out += prefix;
    out += '"';
    append_display_text(out, s.id);
    out += '"';
  };
  switch (s.kind) {
    case K::Everything:
    case K::AllTenants:
      return std::string(model::scope_kind_name(s.kind));
    case K::AllNamespaces:
      return s.recursive ? "all_namespaces" : "all_namespaces(recursive: false)";
    case K::Namespace:
    case K::NamespaceLabel:
      quoted_id(s.kind == K::Namespace ? "namespace(id: " : "namespace(label: ");
      out += s.recursive ? ")" : ", recursive: false)";
      return out;
    default:
      break;
  }
  out += model::scope_kind_name(s.kind);
  quoted_id("(");
  if (!s.dataplane.empty()) {
    out += ", dataplane: \"";
    append_display_text(out, s.dataplane);
    out += '"';
  }
  out += ')';
  return out;
}

bool is_wildcard(const model::Principal& p) {
  return p.kind == model::PrincipalKind::Everyone || p.id == "*";
}

}  // namespace iamc::lint
