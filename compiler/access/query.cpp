// who and what (see query.hpp).
#include "access/query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "base/text.hpp"
#include "catalog/catalog.hpp"
#include "lint/privilege.hpp"

namespace iamc::access {
namespace {

using K = model::ScopeKind;

void sort_matches(const AccessModel& model, std::vector<Match>& matches, bool by_subject) {
  std::vector<std::pair<std::string, std::string>> keys(matches.size());
  std::vector<std::size_t> order(matches.size());
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const Access& a = *matches[i].access;
    keys[i] = by_subject ? std::pair{model.subject_name(*a.principal), model.scope_text(a)}
                         : std::pair{model.scope_text(a), model.subject_name(*a.principal)};
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const Access& a = *matches[x].access;
    const Access& b = *matches[y].access;
    return std::tie(a.target, keys[x], a.role, a.source.file, a.source.begin) <
           std::tie(b.target, keys[y], b.role, b.source.file, b.source.begin);
  });
  std::vector<Match> sorted;
  sorted.reserve(matches.size());
  for (std::size_t i : order) sorted.push_back(matches[i]);
  matches = std::move(sorted);
}

// The queries every target understands: "everything" and the other widest scopes.
bool widest_query(const model::Scope& on) {
  return on.kind == K::Everything || on.kind == K::AllTenants || on.kind == K::AllNamespaces || on.kind == K::Organization;
}

}  // namespace

std::optional<std::string> parse_scope_query(std::string_view text, ScopeQuery& query) {
  query.scope = model::Scope{};
  query.scope.recursive = false;
  std::size_t colon = text.find(':');
  std::string_view kind = text.substr(0, colon);
  std::string_view id = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  if (colon == std::string_view::npos) {
    for (K k : {K::Everything, K::AllTenants, K::AllNamespaces, K::Organization}) {
      if (model::scope_kind_name(k) == kind) {
        query.scope.kind = k;
        return std::nullopt;
      }
    }
    return fmt::format("unknown scope {}: expected everything, all_tenants, all_namespaces, organization or KIND:ID "
                       "(namespace:ID, label:KEY=VALUE, tenant:ID, project:ID, ...)",
                       iamc::quoted(text));
  }
  if (id.empty()) return fmt::format("scope {} has no id after the colon", iamc::quoted(text));
  query.id = std::string(id);
  query.scope.id = query.id;
  if (kind == "label") {
    query.scope.kind = K::NamespaceLabel;
    return std::nullopt;
  }
  for (std::size_t k = 0; k <= static_cast<std::size_t>(K::Topic); ++k) {
    auto candidate = static_cast<K>(k);
    if (candidate == K::NamespaceLabel || candidate == K::Everything || candidate == K::AllTenants ||
        candidate == K::AllNamespaces || candidate == K::Organization) {
      continue;
    }
    if (model::scope_kind_name(candidate) == kind) {
      query.scope.kind = candidate;
      return std::nullopt;
    }
  }
  return fmt::format("unknown scope kind {}: expected namespace, label, tenant, org, project, resource, group, "
                     "or a Redpanda resource kind (cluster, topic, ...)",
                     iamc::quoted(kind));
}

bool target_selected(const AccessModel& model, std::uint32_t target, const std::vector<std::string>& targets) {
  if (targets.empty()) return true;
  std::string name = model.target_name(target);
  std::string_view kind = model::target_kind_name(model.target_kind(target));
  return std::any_of(targets.begin(), targets.end(), [&](const std::string& t) { return t == name || t == kind; });
}

std::string_view via_name(Via via) {
  switch (via) {
    case Via::Direct: return "direct";
    case Via::WiderScope: return "wider scope";
    case Via::Wildcard: return "everyone";
  }
  return "direct";
}

std::vector<Match> who(const AccessModel& model, const WhoQuery& query) {
  return who(model, query, model.entries());
}

std::vector<Match> who(const AccessModel& model, const WhoQuery& query, std::span<const Access> entries) {
  std::vector<Match> out;
  const model::Model& m = model.model();
  // What depends only on the target instance, once per instance rather than once per grant.
  struct PerTarget {
    bool asked = false;
    int wanted = 0;                 // the --role's rank
    lint::ScopeReach on;            // the queried scope as this target's grants would have it
    lint::ScopeKey asked_key;       // ... and its key, for the exact match
  };
  std::vector<PerTarget> per_target(m.targets.size());
  for (std::uint32_t t = 0; t < m.targets.size(); ++t) {
    model::TargetKind kind = m.targets[t].kind;
    PerTarget& p = per_target[t];
    // A scope the target has no such kind of (a tenant on Astra) is on no instance of it.
    p.asked = target_selected(model, t, query.targets) &&
              (widest_query(*query.on) || catalog::catalog(kind).scope(query.on->kind) != nullptr);
    if (!query.role.empty()) p.wanted = catalog::catalog(kind).role_rank(query.role);
    // k0rdent: in the default org.
    p.on = lint::reach_of(kind, query.on, m.targets[t].setting("org"));
    p.asked_key = lint::scope_key(kind, query.on);
  }
  for (const Access& a : entries) {
    const PerTarget& p = per_target[a.target];
    if (!p.asked) continue;
    if (!query.role.empty() && !lint::role_at_least(a.role, a.rank, query.role, p.wanted)) continue;
    model::TargetKind kind = m.targets[a.target].kind;
    if (a.scope.key.present && a.scope.key.kind == p.asked_key.kind && a.scope.key.id == p.asked_key.id) {
      out.push_back({&a, Via::Direct});
    } else if (lint::can_cover(a.scope, kind) && lint::covers(a.scope, p.on, kind)) {
      out.push_back({&a, Via::WiderScope});
    }
  }
  if (query.sorted) sort_matches(model, out, true);
  return out;
}

std::vector<Match> what(const AccessModel& model, const WhatQuery& query) {
  return what(model, query, model.entries());
}

std::vector<Match> what(const AccessModel& model, const WhatQuery& query, std::span<const Access> entries) {
  std::vector<Match> out;
  for (const Access& a : entries) {
    if (!target_selected(model, a.target, query.targets)) continue;
    if (model.names_subject(query.subject, *a.principal)) {
      out.push_back({&a, Via::Direct});
    } else if (lint::is_wildcard(*a.principal)) {
      out.push_back({&a, Via::Wildcard});
    }
  }
  sort_matches(model, out, false);
  return out;
}

}  // namespace iamc::access
