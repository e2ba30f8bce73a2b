// One registration function per subcommand; main.cpp calls each once.
#pragma once

#include <CLI/CLI.hpp>

namespace iamc::driver {

void register_check(CLI::App& app);
void register_compile(CLI::App& app);
void register_fmt(CLI::App& app);
void register_lsp(CLI::App& app);

}  // namespace iamc::driver
