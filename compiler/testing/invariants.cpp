// Required access tests as diagnostics (see invariants.hpp).
#include "testing/invariants.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "testing/run.hpp"

namespace iamc::testing {

std::size_t check_invariants(const access::AccessModel& model, const TestSuite& suite, DiagnosticSink& sink,
                             std::optional<Severity> severity, Coverage coverage) {
  const bool partial = coverage == Coverage::Partial;
  Runner runner(model);
  std::size_t failed = 0;
  Severity level = severity.value_or(diag_info(DiagCode::AccessInvariant).default_severity);
  for (const TestFile& file : suite.files) {
    for (const Case& test : file.cases) {
      if (!test.always) continue;
      CaseResult result = runner.run(file, test);
      if (result.passed) continue;
      ++failed;
      if (!result.problem.empty()) {
        if (partial) continue;
        sink.report(DiagCode::InvalidAccessTest, level, result.problem_span,
                    fmt::format("required access test {} cannot run: {}", iamc::quoted(test.name), result.problem));
        continue;
      }
      for (const Failure& failure : result.failures) {
        if (failure.culprits.empty()) {
          if (partial) continue;
          sink.report(DiagCode::AccessInvariant, level, test.name_span,
                      fmt::format("required access test {} fails: expected {}, found {}", iamc::quoted(test.name),
                                  failure.expected, failure.found));
          continue;
        }
        // One finding per grant that breaks the rule, where the change that must be refused is.
        for (std::size_t i = 0; i < failure.culprits.size();) {
          const access::Access* a = &failure.culprits[i];
          std::string subjects;
          for (; i < failure.culprits.size() && failure.culprits[i].source == a->source; ++i) {
            subjects += (subjects.empty() ? "" : ", ") + model.subject_name(*failure.culprits[i].principal);
          }
          Diagnostic& d = sink.report(
              DiagCode::AccessInvariant, level, a->source,
              fmt::format("this grant breaks required access test {}: it gives {} {} on {} in {}, but the test "
                          "expects {}; change the grant, or the test if the rule itself changed",
                          iamc::quoted(test.name), subjects, a->role, model.scope_text(*a),
                          model.target_name(a->target), failure.expected));
          d.notes.push_back({test.name_span, "the required test is here"});
        }
      }
    }
  }
  return failed;
}

}  // namespace iamc::testing
