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

// Whether an access is on exactly the queried scope (kind and id; recursion and dataplane aside).
bool same_scope(const Access& a, const model::Scope& on, model::TargetKind target) {
  lint::ScopeKey asked = lint::scope_key(target, &on);
  return a.scope.key.present && a.scope.key.kind == asked.kind && a.scope.key.id == asked.id;
}

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
  for (const Access& a : entries) {
    if (!target_selected(model, a.target, query.targets)) continue;
    model::TargetKind kind = model.target_kind(a.target);
    // A scope the target has no such kind of (a tenant on Astra) is on no instance of it.
    if (!widest_query(*query.on) && catalog::catalog(kind).scope(query.on->kind) == nullptr) continue;
    if (!query.role.empty()) {
      int wanted = catalog::catalog(kind).role_rank(query.role);
      if (!lint::role_at_least(a.role, a.rank, query.role, wanted)) continue;
    }
    // The queried scope as one of this target's grants would have it (k0rdent: in the default org).
    lint::ScopeReach on = lint::reach_of(kind, query.on, m.targets[a.target].setting("org"));
    if (same_scope(a, *query.on, kind)) {
      out.push_back({&a, Via::Direct});
    } else if (lint::can_cover(a.scope, kind) && lint::covers(a.scope, on, kind)) {
      out.push_back({&a, Via::WiderScope});
    }
  }
  sort_matches(model, out, true);
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
