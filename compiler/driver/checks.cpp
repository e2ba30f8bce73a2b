// The checks shared by `iamc check` and `iamc compile` (see checks.hpp).
#include "driver/checks.hpp"

#include "lint/config.hpp"

namespace iamc::driver {

CheckedProject run_checks(const CheckOptions& options) {
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  lint_options.run_rules = !options.no_lint;
  pipeline::Compilation& c = pipeline::keep_until_exit(
      pipeline::check_sources(load_options(options.diagnostics), lint_options, pipeline::SyntaxTrees::Release));
  Severity fail_level = Severity::Error;
  if (c.config.fail_level) fail_level = *c.config.fail_level;
  if (!options.fail_level.empty()) fail_level = *lint::parse_severity(options.fail_level);
  return {c, exit_code_for(c.sink, fail_level)};
}

void report_checks(const CheckOptions& options, CheckedProject& checked, bool output_complete) {
  pipeline::Compilation& c = checked.compilation;
  print_diagnostics(options.diagnostics, c.sink, c.project.sources, c.summary(), c.lint.suppressed, output_complete);
}

}  // namespace iamc::driver
