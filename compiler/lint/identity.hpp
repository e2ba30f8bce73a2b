// Identities of principals and scopes for the rules that compare grants (duplicate, redundant,
// conflicting): hashable keys of string views, and how both are described in messages.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "model/model.hpp"

namespace iamc::lint {

/// Allocation-free identities for hashing (the rules that index grants build millions of them).
struct PrincipalKey {
  model::PrincipalKind kind;
  std::string_view idp;  ///< "" for the default ("local")
  std::string_view id;
  friend bool operator==(const PrincipalKey&, const PrincipalKey&) = default;
};
PrincipalKey principal_key(const model::Principal& p);

struct ScopeKey {
  bool present = false;  ///< false: the grant has no `on` clause
  model::ScopeKind kind = model::ScopeKind::Everything;
  std::string_view id;
  std::string_view dataplane;
  bool recursive = true;
  friend bool operator==(const ScopeKey&, const ScopeKey&) = default;
};
ScopeKey scope_key(const model::Scope* s);

inline std::size_t hash_mix(std::size_t seed, std::size_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2));
}
inline std::size_t hash_of(const PrincipalKey& k) {
  std::hash<std::string_view> h;
  return hash_mix(hash_mix(static_cast<std::size_t>(k.kind), h(k.idp)), h(k.id));
}
inline std::size_t hash_of(const ScopeKey& k) {
  std::hash<std::string_view> h;
  std::size_t seed = hash_mix(static_cast<std::size_t>(k.kind) * 2 + (k.present ? 1 : 0), h(k.id));
  return hash_mix(hash_mix(seed, h(k.dataplane)), k.recursive ? 1 : 0);
}

/// How a principal or scope is shown in messages: user("alice"), namespace(id: "...").
std::string describe(const model::Principal& p);
std::string describe(const model::Scope& s);
/// Whether a principal matches everyone, or every user or team of an identity provider.
bool is_wildcard(const model::Principal& p);

}  // namespace iamc::lint
