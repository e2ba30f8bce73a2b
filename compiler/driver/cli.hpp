// The command line: the one place that knows how subcommands and options are spelled.
#pragma once

namespace iamc::driver {

/// Parses argv, runs the chosen subcommand, and returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace iamc::driver
