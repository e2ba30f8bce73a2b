// Runs the enabled lint rules over a checked project, applies the configuration's severities and
// the suppression comments, and moves what remains into the sink.
#pragma once

#include <vector>

#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"
#include "lint/config.hpp"
#include "lint/rule.hpp"

namespace iamc::lint {

struct LintResult {
  std::vector<SuppressedDiagnostic> suppressed;
};

/// The long description of a code for SARIF: a rule's rationale, else the code's summary.
std::string full_description(DiagCode code);

LintResult run_lint(const LintContext& context, const Config& config, DiagnosticSink& sink);

}  // namespace iamc::lint
