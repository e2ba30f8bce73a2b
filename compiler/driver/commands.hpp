// Each subcommand as a plain options struct and the function that runs it. cli.cpp is the only
// code that parses a command line into these structs; everything else is ordinary C++ that tests
// and other front ends (the LSP, a future library API) can call without CLI11.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "driver/options.hpp"

namespace iamc::driver {

/// What `check` and `compile` share (checks.hpp runs it for both).
struct CheckOptions {
  DiagnosticOptions diagnostics;
  std::string fail_level;  ///< error | warning | info; empty: the configuration's, else error
  std::string config;      ///< --config; empty: the nearest .iamc.yaml at or above the first path
  bool no_lint = false;    ///< compile --no-lint: skip the lint rules (the configuration still applies)
};
int run_check(const CheckOptions& options);

struct CompileOptions {
  CheckOptions check;  ///< the checks of `iamc check`, run before anything is emitted
  std::string output_dir;
  std::string emit = "files";  ///< files | ndjson | curl
  std::vector<std::string> targets;
};
int run_compile(const CompileOptions& options);

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool diff = false;
  std::string stdin_filename = "<stdin>";
  std::string color = "auto";
};
int run_fmt(const FmtOptions& options);

struct LspOptions {
  std::size_t max_message_bytes = 0;  ///< 0: lsp::kMaxMessageBytes
};
int run_lsp(const LspOptions& options);

}  // namespace iamc::driver
