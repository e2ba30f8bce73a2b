// The planner: matches the bindings the sources declare (exactly the requests `compile` emits,
// reduced to their comparable form) with the live ones, and decides what to create, update and
// delete, refusing plans that would lock an organisation out of its own account.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "lint/config.hpp"
#include "model/model.hpp"
#include "plan/state.hpp"

namespace iamc::plan {

enum class Action : std::uint8_t { Create, Update, Delete };
std::string_view action_name(Action a);  ///< "create", "update", "delete"

// A plan refers to bindings rather than copying them: the live ones in the State it was made
// from (which must outlive it), the desired ones in its own instance plans (which never move
// them). A plan that replaces 100,000 bindings would otherwise copy 100,000 of each.
struct Change {
  Action action = Action::Create;
  PlanRequest request;
  const Binding* binding = nullptr;  ///< the desired binding (create, update) or the live one (delete)
  Span source;      ///< create and update: the grant or policy in the sources
  std::string detail;  ///< update: what differs from the live binding ("members +x -y; statements")
};

/// A live binding the plan leaves alone although the sources do not declare it.
struct Kept {
  const Binding* binding = nullptr;                 ///< in the State
  const lint::UnmanagedPattern* pattern = nullptr;  ///< the `unmanaged:` entry that matched, if any
};

struct InstancePlan {
  InstancePlan() = default;
  InstancePlan(InstancePlan&&) = default;
  InstancePlan& operator=(InstancePlan&&) = default;
  InstancePlan(const InstancePlan&) = delete;  // its changes point into `desired`
  InstancePlan& operator=(const InstancePlan&) = delete;

  std::uint32_t target = 0;
  FileId state_file = kNoFile;
  std::vector<Change> changes;  ///< creates and updates in source order, then deletes in state order
  std::vector<Kept> kept;
  std::size_t unchanged = 0;
  std::deque<Binding> desired;  ///< the bindings the creates and updates make (a deque: they never move)
};

struct PlanTotals {
  std::size_t create = 0, update = 0, remove = 0, unchanged = 0, kept = 0;
  [[nodiscard]] bool has_changes() const { return create + update + remove != 0; }
};

struct Plan {
  std::vector<InstancePlan> instances;
  [[nodiscard]] PlanTotals totals() const;
};

struct PlanOptions {
  bool prune = false;          ///< delete live bindings the sources do not declare
  bool allow_lockout = false;  ///< let a prune delete the last privileged binding on the widest scope
  const std::vector<lint::UnmanagedPattern>* unmanaged = nullptr;
};

/// Plans every instance of `state`. Problems (lock-out, a policy id that is a system policy)
/// are reported to `sink`; a plan with errors must not be shown or run.
Plan make_plan(const model::Model& model, const State& state, const PlanOptions& options, DiagnosticSink& sink);


}  // namespace iamc::plan
