// `iamc compile`: check, then emit request payloads for every target.
#include "driver/commands.hpp"
#include "driver/options.hpp"
#include "driver/pipeline.hpp"

namespace iamc::driver {

void register_compile(CLI::App& app) {
  auto options = std::make_shared<DiagnosticOptions>();
  CLI::App* cmd = app.add_subcommand("compile", "Check sources and write the API request payloads");
  add_diagnostic_options(*cmd, *options);
  cmd->callback([options] {
    Compilation c = compile_sources(load_options(*options));
    print_diagnostics(*options, c.sink, c.project.sources, c.summary());
    throw CLI::RuntimeError(exit_code_for(c.sink));
  });
}

}  // namespace iamc::driver
