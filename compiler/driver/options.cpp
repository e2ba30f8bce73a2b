// Shared diagnostic options and rendering for the subcommands (see options.hpp).
#include "driver/options.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <iterator>

namespace iamc::driver {

void add_diagnostic_options(CLI::App& cmd, DiagnosticOptions& options) {
  cmd.add_option("paths", options.paths,
                 "files (*.iam, *.iam.yaml) and directories to read; '-' reads standard input")
      ->required();
  cmd.add_option("--stdin-filename", options.stdin_filename,
                 "name to use for standard input in messages; its extension picks DSL or YAML")
      ->capture_default_str();
  cmd.add_option("--format", options.format, "diagnostics format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd.add_option("--color", options.color, "colour diagnostics: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

frontend::LoadOptions load_options(const DiagnosticOptions& options) {
  frontend::LoadOptions load;
  load.paths = options.paths;
  load.stdin_name = options.stdin_filename;
  for (const auto& p : options.paths) {
    if (p == "-") {
      load.stdin_text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      break;
    }
  }
  return load;
}

void print_diagnostics(const DiagnosticOptions& options, DiagnosticSink& sink,
                       const SourceManager& sources, const RunSummary& summary) {
  sink.sort_and_dedupe();
  if (options.format == "json") {
    std::string out = render_json(sink, sources, summary);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return;
  }
  bool color = options.color == "always" || (options.color == "auto" && isatty(STDERR_FILENO) != 0);
  std::string out = render_text(sink, sources, TextStyle{color}, &summary);
  std::fwrite(out.data(), 1, out.size(), stderr);
}

int exit_code_for(const DiagnosticSink& sink) {
  for (const Diagnostic& d : sink.diagnostics()) {
    bool input_problem = d.code == DiagCode::FileUnreadable || d.code == DiagCode::FileTooLarge ||
                         d.code == DiagCode::UnknownFileType;
    if (input_problem && !d.span.valid()) return kExitUsage;
  }
  return sink.has_errors() ? kExitFindings : kExitClean;
}

}  // namespace iamc::driver
