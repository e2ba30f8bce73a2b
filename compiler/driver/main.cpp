// iamc's entry point: CLI11 setup only; each subcommand lives in cmd_<verb>.cpp.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "driver/commands.hpp"
#include "driver/options.hpp"

#ifndef IAMC_VERSION
#define IAMC_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{"iamc: a policy-as-code compiler and linter for IAM role bindings"};
  app.set_version_flag("--version", std::string("iamc ") + IAMC_VERSION);
  app.require_subcommand(1);
  iamc::driver::register_check(app);
  iamc::driver::register_compile(app);
  iamc::driver::register_fmt(app);
  iamc::driver::register_lsp(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a subcommand finished and carries its exit code
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : iamc::driver::kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iamc: internal error: %s\n", e.what());
    return 3;
  }
  return 0;
}
