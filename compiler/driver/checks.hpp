// The checks `iamc check` and `iamc compile` share, as one code path: the same pipeline (load,
// resolve, check, lint with .iamc.yaml), the same report and summary, and the same exit code
// (--fail-level, else the configuration's fail-level, else error). `compile` emits only when
// this passes. The options are CheckOptions (commands.hpp); cli.cpp binds them for both commands.
#pragma once

#include "driver/commands.hpp"
#include "pipeline/pipeline.hpp"

namespace iamc::driver {

struct CheckedProject {
  pipeline::Compilation& compilation;
  int exit_code;  ///< kExitClean, kExitFindings (a diagnostic at the fail level) or kExitUsage
  std::size_t projects = 1;  ///< how many projects the paths name (compile takes one)
};

/// The projects the paths name (pipeline::projects_for_paths, with --project).
std::vector<pipeline::ProjectInput> projects_of(const CheckOptions& options);

/// Loads, checks and lints the first of `projects` (from projects_of) and says how the run exits.
/// The compilation lives until the process ends (pipeline::keep_until_exit). Nothing is printed:
/// see report_checks.
CheckedProject run_checks(const CheckOptions& options, const std::vector<pipeline::ProjectInput>& projects);

/// `iamc check`: every project the paths name (pipeline::projects_for_paths) checked on its own,
/// each with its own summary (text: under a `project DIR:` line when there are several); JSON and
/// SARIF hold them all in one document. Returns the worst exit code.
int check_projects(const CheckOptions& options);

/// Prints every diagnostic and, when `output_complete`, the summary line (a command whose output
/// failed must not print "0 errors" under it).
void report_checks(const CheckOptions& options, CheckedProject& checked, bool output_complete = true);

}  // namespace iamc::driver
