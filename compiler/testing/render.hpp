// The outputs of `iamc test`: a test runner's lines for a terminal, JSON for tools
// (docs/tests.md) and JUnit XML for CI dashboards. User text passes through access/escape.hpp.
#pragma once

#include <span>
#include <string>

#include "access/access.hpp"
#include "testing/run.hpp"

namespace iamc::testing {

/// One line per case (`PASS`/`FAIL`, name, where it is written); under a failing one, what was
/// expected, what was found and the grants responsible; then a summary line.
std::string render_results_text(const access::AccessModel& model, std::span<const CaseResult> results, bool color);
std::string render_results_json(const access::AccessModel& model, std::span<const CaseResult> results);
std::string render_results_junit(const access::AccessModel& model, std::span<const CaseResult> results);

}  // namespace iamc::testing
