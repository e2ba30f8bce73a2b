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
void append_description(std::string& out, const model::Principal& p) {
  if (p.kind == model::PrincipalKind::Everyone) {
    out += "everyone";
    return;
  }
  out += model::principal_kind_name(p.kind);
  out += "(\"";
  append_display_text(out, p.id);
  out += '"';
  if (!p.idp.empty()) {
    out += ", idp: ";
    append_display_text(out, p.idp);
  }
  out += ')';
}

void append_description(std::string& out, const model::Scope& s) {
  using K = model::ScopeKind;
  auto quoted_id = [&](std::string_view prefix) {
    out += prefix;
    out += '"';
    append_display_text(out, s.id);
    out += '"';
  };
  switch (s.kind) {
    case K::Everything:
    case K::AllTenants:
      out += model::scope_kind_name(s.kind);
      return;
    case K::AllNamespaces:
      out += s.recursive ? "all_namespaces" : "all_namespaces(recursive: false)";
      return;
    case K::Namespace:
    case K::NamespaceLabel:
      quoted_id(s.kind == K::Namespace ? "namespace(id: " : "namespace(label: ");
      out += s.recursive ? ")" : ", recursive: false)";
      return;
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
}

// Room for the text as it is and the punctuation around it, made once: growing by appending took
// two or three allocations for an id of some length (a short text fits in the string itself).
std::string describe(const model::Principal& p) {
  std::string out;
  if (p.kind != model::PrincipalKind::Everyone) {
    out.reserve(model::principal_kind_name(p.kind).size() + p.id.size() + p.idp.size() + 11);
  }
  append_description(out, p);
  return out;
}

std::string describe(const model::Scope& s) {
  std::string out;
  if (!s.id.empty()) out.reserve(s.id.size() + s.dataplane.size() + 48);
  append_description(out, s);
  return out;
}

bool is_wildcard(const model::Principal& p) {
  return p.kind == model::PrincipalKind::Everyone || p.id == "*";
}

}  // namespace iamc::lint
