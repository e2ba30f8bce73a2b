// Identities of principals and scopes for the rules that compare grants (duplicate, redundant,
// conflicting): hashable keys of string views, and how both are described in messages.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/model.hpp"

namespace iamc::lint {

/// Allocation-free identities for hashing (the rules that index grants build millions of them).
struct PrincipalKey {
  model::PrincipalKind kind;
  std::string_view idp;  ///< "" for the default ("local")
  std::string_view id;
  friend bool operator==(const PrincipalKey&, const PrincipalKey&) = default;
  friend auto operator<=>(const PrincipalKey&, const PrincipalKey&) = default;
};
PrincipalKey principal_key(const model::Principal& p);

/// A scope as the request it compiles to: every spelling of the same request scope has one key
/// (see scope_key), so the rules that compare grants see `tenant("*")` and `all_tenants` as one.
struct ScopeKey {
  bool present = false;  ///< false: no scope (a grant without `on` where that is not everything)
  model::ScopeKind kind = model::ScopeKind::Everything;
  std::string_view id;
  std::string_view dataplane;
  bool recursive = true;
  friend bool operator==(const ScopeKey&, const ScopeKey&) = default;
  friend auto operator<=>(const ScopeKey&, const ScopeKey&) = default;
};
/// The one scope normalisation every rule uses. `s` is null for a grant without an `on` clause.
/// - Astra, Redpanda and k0rdent: no `on` clause is `everything` (Astra ["*"], Redpanda an
///   organization-level binding, k0rdent {type: org}).
/// - Connhex: `everything`, `all_tenants` and `tenant("*")` all emit the tenant "*": all_tenants.
/// - Redpanda: `organization(...)` is the organization-level binding, the same grant as no scope
///   (an API token is for one organization): everything.
/// - k0rdent: `org()` without an id emits {type: org} like no scope: everything.
ScopeKey scope_key(model::TargetKind target, const model::Scope* s);
/// scope_key for one (binding, scope) pair, where `s` is null for a binding without scopes: an
/// `on []` reaches nothing (no key is present), no `on` clause is scope_key(target, nullptr).
inline ScopeKey scope_key(model::TargetKind target, const model::Binding& b, const model::Scope* s) {
  if (s == nullptr && b.has_scopes) return {};
  return scope_key(target, s);
}

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

/// Where an item of group_by_key's list is, with its key's hash.
struct HashedPosition {
  std::size_t hash;
  std::uint32_t position;
};
/// The positions of `items` ordered so that equal keys are adjacent, in their original order
/// within a run of equal keys, each with its key's hash. A run of equal keys is a run of equal
/// hashes whose keys compare equal, so a caller walking the runs reads an item (and the grant it
/// points to) only where hashes tie: in a project without repeats, never. The sort compares
/// integers alone (hash, then position), on contiguous memory; keys are compared only within a
/// run of one hash, once per item, and a run is re-sorted by key only when two keys' hashes
/// collide. `items` stay where they are: moving a million of them into the new order was a
/// random write each. At a million grants this is several times faster than a node-based hash
/// map, whose every lookup is a cache miss, and than comparing keys in the sort, which reads two
/// grants at random per comparison. `key(item)` must be cheap (views, no copies).
template <typename Item, typename KeyOf, typename Hash>
std::vector<HashedPosition> group_by_key(const std::vector<Item>& items, KeyOf key, Hash hash) {
  using Entry = HashedPosition;
  std::vector<Entry> order(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) order[i] = {hash(key(items[i])), static_cast<std::uint32_t>(i)};
  std::sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.position < b.position;
  });
  for (std::size_t begin = 0, end = 0; begin < order.size(); begin = end) {
    end = begin + 1;
    while (end < order.size() && order[end].hash == order[begin].hash) ++end;
    if (end - begin < 2) continue;  // one item: nothing to read
    const auto& first = key(items[order[begin].position]);
    bool one_key = true;
    for (std::size_t i = begin + 1; i < end && one_key; ++i) one_key = key(items[order[i].position]) == first;
    if (one_key) continue;
    std::sort(order.begin() + static_cast<std::ptrdiff_t>(begin), order.begin() + static_cast<std::ptrdiff_t>(end),
              [&](const Entry& a, const Entry& b) {
                if (auto c = key(items[a.position]) <=> key(items[b.position]); c != 0) return c < 0;
                return a.position < b.position;
              });
  }
  return order;
}

/// Calls `f(principal)` for the first of each distinct principal of `principals` (by
/// principal_key), in order. A grant that names one principal many times (a `let` that lists
/// another twice, expanded) is one grant to that principal: the rules that look at a grant's
/// principals one by one see each once, so their work and their findings are bounded by the
/// distinct principals, not by the copies. Linear: a hash set past a few principals.
template <typename Principals, typename F>
void for_each_distinct(const Principals& principals, F f) {
  constexpr std::size_t kSmall = 8;
  if (principals.size() <= kSmall) {
    for (std::size_t i = 0; i < principals.size(); ++i) {
      const PrincipalKey k = principal_key(principals[i]);
      bool seen = false;
      for (std::size_t j = 0; j < i && !seen; ++j) seen = principal_key(principals[j]) == k;
      if (!seen) f(principals[i]);
    }
    return;
  }
  struct Hash {
    std::size_t operator()(const PrincipalKey& k) const { return hash_of(k); }
  };
  std::unordered_set<PrincipalKey, Hash> seen;
  seen.reserve(principals.size());
  for (const model::Principal& p : principals) {
    if (seen.insert(principal_key(p)).second) f(p);
  }
}

/// How a principal or scope is shown in messages: user("alice"), namespace(id: "...").
std::string describe(const model::Principal& p);
std::string describe(const model::Scope& s);
/// The same, appended to `out`: who describes many reuses one buffer instead of a string each.
void append_description(std::string& out, const model::Principal& p);
void append_description(std::string& out, const model::Scope& s);
/// Whether a principal matches everyone, or every user or team of an identity provider.
bool is_wildcard(const model::Principal& p);

}  // namespace iamc::lint
