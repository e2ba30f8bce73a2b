// `iamc check`: parse, check and lint sources, report every diagnostic, exit 0/1/2.
#include "driver/checked_io.hpp"
#include "driver/commands.hpp"
#include "lint/config.hpp"
#include "pipeline/pipeline.hpp"

namespace iamc::driver {

int run_check(const CheckOptions& options) {
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  pipeline::Compilation& c = pipeline::keep_until_exit(
      pipeline::check_sources(load_options(options.diagnostics), lint_options, pipeline::SyntaxTrees::Release));
  print_diagnostics(options.diagnostics, c.sink, c.project.sources, c.summary(), c.lint.suppressed);
  Severity fail_level = Severity::Error;
  if (c.config.fail_level) fail_level = *c.config.fail_level;
  if (!options.fail_level.empty()) fail_level = *lint::parse_severity(options.fail_level);
  return finish_output("iamc check", exit_code_for(c.sink, fail_level));
}

}  // namespace iamc::driver
