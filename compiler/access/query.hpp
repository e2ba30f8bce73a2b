// `iamc who` and `iamc what`: who can reach a scope, and what a subject can do. A wider scope
// reaches a narrower one exactly when lint/coverage.hpp says so (the rule redundant-grant's
// definition), so the answers and the linter never disagree.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "access/access.hpp"

namespace iamc::access {

/// A scope named on the command line: `everything`, `all_tenants`, `all_namespaces`,
/// `organization`, or KIND:ID (`namespace:UUID`, `label:app=dev`, `tenant:t1`, `project:p`,
/// `topic:orders`, ...). The scope itself, not what is under it (a namespace without its children).
struct ScopeQuery {
  model::Scope scope;
  std::string id;  ///< owns the id `scope.id` points to
  ScopeQuery() = default;
  ScopeQuery(const ScopeQuery&) = delete;
  ScopeQuery& operator=(const ScopeQuery&) = delete;
};

/// Fills `query` from `text`; returns an error message for a scope iamc does not know.
std::optional<std::string> parse_scope_query(std::string_view text, ScopeQuery& query);

/// Whether an instance is selected by --target values (a kind `astra` or an instance `astra.prod`;
/// none given: every instance).
bool target_selected(const AccessModel& model, std::uint32_t target, const std::vector<std::string>& targets);

/// How a subject reaches what it has: the scope itself or exactly that subject (`Direct`),
/// a wider scope that covers it (`WiderScope`), or a grant to everyone (`Wildcard`).
enum class Via : std::uint8_t { Direct, WiderScope, Wildcard };
std::string_view via_name(Via via);

struct Match {
  const Access* access;
  Via via;
};

struct WhoQuery {
  const model::Scope* on = nullptr;
  std::vector<std::string> targets;
  std::string role;  ///< only this role or one ranked at least as high in its target (empty: any)
  bool sorted = true;  ///< false: in the entries' order (`iamc test` needs a set, not a listing)
};
/// Every access reaching `on`, ordered by target, subject, role and source.
std::vector<Match> who(const AccessModel& model, const WhoQuery& query);
/// The same over `entries` instead of the model's own (`iamc test` with a `given:` that adds or
/// removes grants for one case); `model` still names subjects and targets.
std::vector<Match> who(const AccessModel& model, const WhoQuery& query, std::span<const Access> entries);

struct WhatQuery {
  std::string subject;  ///< an identity or let name, KIND:ID, or `everyone`
  std::vector<std::string> targets;
};
/// Everything the subject has, through grants to it or to everyone, ordered by target, scope,
/// role and source.
std::vector<Match> what(const AccessModel& model, const WhatQuery& query);
std::vector<Match> what(const AccessModel& model, const WhatQuery& query, std::span<const Access> entries);

}  // namespace iamc::access
