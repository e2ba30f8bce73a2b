// `iamc check`: parse and check sources, report every diagnostic, exit 0/1/2.
#include "driver/commands.hpp"
#include "driver/options.hpp"
#include "driver/pipeline.hpp"

namespace iamc::driver {

void register_check(CLI::App& app) {
  auto options = std::make_shared<DiagnosticOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Check sources and report diagnostics");
  add_diagnostic_options(*cmd, *options);
  cmd->callback([options] {
    Compilation c = compile_sources(load_options(*options));
    print_diagnostics(*options, c.sink, c.project.sources, c.summary());
    throw CLI::RuntimeError(exit_code_for(c.sink));
  });
}

}  // namespace iamc::driver
