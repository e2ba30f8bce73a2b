// What the review commands (diff, who, what, report) share: compiling a project for its access
// and reporting why it could not be. No CLI11 here: the options arrive as plain structs.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/pipeline.hpp"

namespace iamc::driver {

using pipeline::Compilation;

/// Exit codes of the review commands (docs/cli.md).
inline constexpr int kReviewClean = 0;
inline constexpr int kReviewErrors = 1;
inline constexpr int kReviewUsage = 2;
inline constexpr int kReviewChanged = 3;  ///< diff --detailed-exitcode: access changed

/// A T made from `args` that lives until the process ends, as the compilation does: freeing an
/// access model, its answers and their text object by object just before exit was a tenth of a
/// large run. Reachable from a static list, so not a leak to LeakSanitizer.
template <typename T, typename... Args>
T& make_until_exit(Args&&... args) {
  static auto* const kept = new std::vector<std::unique_ptr<T>>();
  kept->push_back(std::make_unique<T>(std::forward<Args>(args)...));
  return *kept->back();
}

/// Whether colour is wanted on standard error: "always", or "auto" on a terminal without NO_COLOR.
bool stderr_color(const std::string& color);

/// Loads, resolves and checks `paths` (and lints them when `lint` is set, for the suppressed
/// findings the report lists). The compilation lives until the process ends.
Compilation& compile_for_review(const std::vector<std::string>& paths, int jobs, bool lint);

/// When the compilation has errors, prints every diagnostic to standard error (text format,
/// after `heading` when not empty) and returns true: access read from broken sources would be
/// incomplete, so no review command answers from it.
bool report_errors(Compilation& c, const std::string& color, const std::string& heading = {});

/// Writes `text` to standard output; false (after a message on standard error) when it fails.
bool write_stdout(std::string_view text);

}  // namespace iamc::driver
