// The target catalogues as C++ tables (generated at build time from stdlib/*.yaml by
// iamc_catalog_gen, see catalog_gen.cpp) and the lookups every stage asks of them.
#include "catalog/catalog.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>

namespace iamc::catalog {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

#include "catalog/catalogs.inc"  // TargetCatalog make_catalog(model::TargetKind): the generated tables

// "a, b or c"; namespace(id:) and namespace(label:) share one name and are listed once.
std::string join_kinds(const auto& rules, auto name_of) {
  std::vector<std::string_view> seen;
  for (const auto& r : rules) {
    std::string_view n = name_of(r.kind);
    if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(n);
  }
  std::string out;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (i > 0) out += i + 1 == seen.size() ? " or " : ", ";
    out += seen[i];
  }
  return out;
}

char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

}  // namespace

std::string_view tag_name(Tag tag) {
  static constexpr std::array<std::string_view, 6> kNames = {"spec", "code", "doc", "3p", "upstream", "iamc"};
  return kNames[static_cast<std::size_t>(tag)];
}

// Every rule the catalogues state is an error when broken, upstream rules included: Connhex
// inherits Chef Automate's validation (members, actions, ids, resources), so a request that
// breaks it is rejected, and a warning would let `compile` send it (issue 11). The tag stays
// the fact's provenance.
Severity severity_for(Tag /*tag*/) { return Severity::Error; }

const TargetCatalog& catalog(model::TargetKind kind) {
  // One slot per target, built on first use from the generated tables. The checker and the lint
  // rules ask for every grant, several times: once built, a slot is one acquire load away, not
  // a std::call_once (1.6 % of the instructions of a 100,000-grant check).
  static std::array<std::once_flag, model::kTargetKindCount> once;
  static std::array<TargetCatalog, model::kTargetKindCount> catalogs;
  static std::array<std::atomic<const TargetCatalog*>, model::kTargetKindCount> built{};
  auto i = static_cast<std::size_t>(kind);
  if (const TargetCatalog* c = built[i].load(std::memory_order_acquire)) return *c;
  std::call_once(once[i], [&] {
    catalogs[i] = make_catalog(kind);
    built[i].store(&catalogs[i], std::memory_order_release);
  });
  return catalogs[i];
}

const RoleInfo* TargetCatalog::find_role(std::string_view role) const {
  auto it = std::find_if(roles.begin(), roles.end(), [&](const RoleInfo& r) { return r.name == role; });
  return it == roles.end() ? nullptr : &*it;
}

int TargetCatalog::role_rank(std::string_view role) const {
  const RoleInfo* r = find_role(role);
  return r == nullptr ? 0 : r->rank;
}

bool TargetCatalog::is_privileged(std::string_view role) const {
  const RoleInfo* r = find_role(role);
  return r != nullptr && r->privileged;
}

const PrincipalRule* TargetCatalog::principal(model::PrincipalKind k) const {
  auto it = std::find_if(principals.begin(), principals.end(), [&](const PrincipalRule& r) { return r.kind == k; });
  return it == principals.end() ? nullptr : &*it;
}

const ScopeRule* TargetCatalog::scope(model::ScopeKind k) const {
  auto it = std::find_if(scopes.begin(), scopes.end(), [&](const ScopeRule& r) { return r.kind == k; });
  return it == scopes.end() ? nullptr : &*it;
}

const SettingRule* TargetCatalog::setting(std::string_view key) const {
  auto it = std::find_if(settings.begin(), settings.end(), [&](const SettingRule& r) { return r.key == key; });
  return it == settings.end() ? nullptr : &*it;
}

const AttributeRule* TargetCatalog::attribute(std::string_view attr) const {
  auto it = std::find_if(attributes.begin(), attributes.end(), [&](const AttributeRule& r) { return r.name == attr; });
  return it == attributes.end() ? nullptr : &*it;
}

std::string TargetCatalog::expand_namespace(std::string_view ns) const {
  for (const auto& [alias, full] : namespace_aliases) {
    bool same = alias.size() == ns.size() &&
                std::equal(alias.begin(), alias.end(), ns.begin(), [](char a, char b) { return lower(a) == lower(b); });
    if (same) return full;
  }
  return std::string(ns);
}

std::string TargetCatalog::principal_kind_list() const { return join_kinds(principals, model::principal_kind_name); }

std::string TargetCatalog::scope_kind_list() const { return join_kinds(scopes, model::scope_kind_name); }

RoleMatch find_role(const model::TargetInstance& target, std::string_view name) {
  const TargetCatalog& c = catalog(target.kind);
  RoleMatch m;
  m.builtin = c.find_role(name);
  if (m.builtin != nullptr) return m;
  for (const model::CustomRole& r : target.roles) {
    if (r.name == name) {
      m.custom = &r;
      return m;
    }
  }
  m.raw_id = c.role_refs_by_id && matches(c.role_id_format, name);
  return m;
}

std::vector<std::string_view> role_names(const model::TargetInstance& target) {
  std::vector<std::string_view> out;
  for (const RoleInfo& r : catalog(target.kind).roles) out.push_back(r.name);
  for (const model::CustomRole& r : target.roles) out.push_back(r.name);
  return out;
}

std::string connhex_member(const model::Principal& principal) {
  std::string_view idp = principal.idp.empty() ? std::string_view("local") : principal.idp;
  switch (principal.kind) {
    case PrincipalKind::Everyone:
      return "*";
    case PrincipalKind::Token:
      return "token:" + std::string(principal.id);
    case PrincipalKind::Team:
      return "team:" + std::string(idp) + ":" + std::string(principal.id);
    default:
      return "user:" + std::string(idp) + ":" + std::string(principal.id);
  }
}

}  // namespace iamc::catalog
