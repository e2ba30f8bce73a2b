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
  bool whole_projects = false;  ///< check --project: each path stands for the whole project holding it
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

// ---- The review commands (docs/review.md) ---------------------------------------------------

struct WhoOptions {
  std::vector<std::string> paths;
  std::string on;                    ///< --on SCOPE
  std::vector<std::string> targets;  ///< --target KIND or KIND.NAME, repeatable
  std::string role;                  ///< --role R: R or stronger
  std::string format = "text";       ///< text | json
  std::string color = "auto";
  int jobs = 1;
};

struct WhatOptions {
  std::vector<std::string> paths;
  std::string subject;  ///< --subject NAME | KIND:ID
  std::vector<std::string> targets;
  std::string format = "text";
  std::string color = "auto";
  int jobs = 1;
};

/// Both return the exit code: 0 answered, 1 the sources have errors, 2 a bad --on/--subject.
int run_who(const WhoOptions& options);
int run_what(const WhatOptions& options);

struct DiffOptions {
  std::string base, head;          ///< each a directory or a git revision
  std::vector<std::string> paths;  ///< within each side; default "."
  std::string format = "text";     ///< text | markdown | json | github
  bool detailed_exitcode = false;  ///< exit 3 when access changes
  std::string color = "auto";
  int jobs = 1;
};

/// 0 (or 3 with --detailed-exitcode when access changes), 1 when either side has errors, 2 when
/// a side cannot be read or the output cannot be written.
int run_diff(const DiffOptions& options);

struct ReportOptions {
  std::vector<std::string> paths;
  std::string output;           ///< -o FILE, or "-" for standard output
  std::string format = "html";  ///< html | csv
  std::string color = "auto";
  int jobs = 1;
};

/// 0 written, 1 the sources have errors (nothing is written), 2 the file cannot be written.
int run_report(const ReportOptions& options);

// ---- Access tests (docs/tests.md) -------------------------------------------------------------

struct TestOptions {
  std::vector<std::string> paths;   ///< sources and *.iamtest.yaml files, or directories holding both
  std::vector<std::string> filters;  ///< -k TEXT: only cases whose name contains one of them
  std::string format = "text";      ///< text | json | junit
  std::string config;               ///< --config; empty: the nearest .iamc.yaml (its `exclude`)
  std::string color = "auto";
  int jobs = 1;
};

/// 0 every case passed, 1 a case failed or the sources have errors, 2 no test file or case to
/// run, a test file that cannot be read or parsed, or output that cannot be written.
int run_test(const TestOptions& options);

/// `iamc --list-codes`: every registered diagnostic code, one a line, tab-separated: the code, its
/// name, its default severity and its documentation page's URL (for scripts and the docs tests).
int run_list_codes();

}  // namespace iamc::driver
