// Required access tests in `iamc check`, `iamc plan` and the editor: every case marked
// `always: true` (or under a top-level `require:`) is run on the checked model, and each one that
// fails becomes a diagnostic (T001) at the grant that breaks it, or at the case when nothing the
// sources grant is to blame (something required is missing). It is not a lint rule: an
// `iamc-ignore` comment next to the grant cannot silence it; only `.iamc.yaml` (`invariants:`)
// sets its severity or turns it off, so the rule's owners keep it.
#pragma once

#include <optional>

#include "access/access.hpp"
#include "diagnostics/sink.hpp"
#include "testing/test_file.hpp"

namespace iamc::testing {

/// How much of the project the model holds.
enum class Coverage {
  Whole,    ///< every source (check, plan)
  Partial,  ///< one document and its includes (the editor): only grants that break a rule are
            ///< reported, not what is missing, nor names that may live in files not loaded
};

/// Runs the suite's required cases; `severity` is the configuration's (empty: T001's default).
/// Returns how many failed.
std::size_t check_invariants(const access::AccessModel& model, const TestSuite& suite, DiagnosticSink& sink,
                             std::optional<Severity> severity, Coverage coverage = Coverage::Whole);

}  // namespace iamc::testing
