// `iamc plan`: what it would take to make the live state match the sources (see docs/plan.md).
// The options are a plain struct and run_plan does the work; register_plan (commands.hpp) only
// maps the command line onto them.
#pragma once

#include <string>

#include "driver/options.hpp"

namespace iamc::driver {

/// --detailed-exitcode: a plan with changes exits with this code (Terraform's convention).
inline constexpr int kExitChanges = 3;

struct PlanOptions {
  DiagnosticOptions diag;
  std::string state_dir;      ///< --state
  std::string emit = "text";  ///< text | ndjson | curl
  std::string config;         ///< --config; empty: the nearest .iamc.yaml
  bool prune = false;
  bool allow_lockout = false;
  bool detailed_exitcode = false;
};

/// Checks and lints the sources, reads the state, plans and writes the plan; returns the exit code.
int run_plan(const PlanOptions& options);

}  // namespace iamc::driver
