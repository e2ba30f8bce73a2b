// `iamc check`: parse, check and lint sources, report every diagnostic, exit 0/1/2.
#include "driver/commands.hpp"
#include "driver/options.hpp"
#include "driver/pipeline.hpp"
#include "lint/config.hpp"

namespace iamc::driver {

void register_check(CLI::App& app) {
  struct Options {
    DiagnosticOptions diagnostics;
    std::string fail_level;
    std::string config;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("check", "Check and lint sources and report diagnostics");
  add_diagnostic_options(*cmd, options->diagnostics);
  cmd->add_option("--fail-level", options->fail_level,
                  "exit 1 when a diagnostic is at least this severe: error (default, or the "
                  "configuration's fail-level), warning or info")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  cmd->add_option("--config", options->config,
                  "configuration file (default: the nearest .iamc.yaml at or above the first path)");
  cmd->callback([options] {
    LintOptions lint_options;
    if (!options->config.empty()) lint_options.config_file = options->config;
    Compilation& c =
        keep_until_exit(check_sources(load_options(options->diagnostics), lint_options, SyntaxTrees::Release));
    print_diagnostics(options->diagnostics, c.sink, c.project.sources, c.summary(), c.lint.suppressed);
    Severity fail_level = Severity::Error;
    if (c.config.fail_level) fail_level = *c.config.fail_level;
    if (!options->fail_level.empty()) fail_level = *lint::parse_severity(options->fail_level);
    throw CLI::RuntimeError(exit_code_for(c.sink, fail_level));
  });
}

}  // namespace iamc::driver
