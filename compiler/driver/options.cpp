// Shared diagnostic options and rendering for the subcommands (see options.hpp).
#include "driver/options.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "lint/lint.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>

namespace iamc::driver {


bool no_color_requested() {
  const char* value = std::getenv("NO_COLOR");
  return value != nullptr && value[0] != '\0';
}

frontend::LoadOptions load_options(const DiagnosticOptions& options) {
  frontend::LoadOptions load;
  load.paths = options.paths;
  load.stdin_name = options.stdin_filename;
  load.jobs = options.jobs;
  for (const auto& p : options.paths) {
    if (p == "-") {
      load.stdin_text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      break;
    }
  }
  return load;
}

void print_diagnostics(const DiagnosticOptions& options, DiagnosticSink& sink,
                       const SourceManager& sources, const RunSummary& summary,
                       std::span<const SuppressedDiagnostic> suppressed) {
  sink.sort_and_dedupe();
  std::string out;
  if (options.format == "json") {
    out = render_json(sink, sources, summary);
  } else if (options.format == "sarif") {
    out = render_sarif(sink, sources, suppressed, lint::full_description);
  } else if (options.format == "github") {
    out = render_github(sink, sources);
  }
  if (!out.empty() || options.format != "text") {
    std::fwrite(out.data(), 1, out.size(), stdout);
    return;
  }
  // auto: colour on a terminal, unless NO_COLOR asks for none.
  bool color = options.color == "always" ||
               (options.color == "auto" && isatty(STDERR_FILENO) != 0 && !no_color_requested());
  out = render_text(sink, sources, TextStyle{color}, &summary);
  std::fwrite(out.data(), 1, out.size(), stderr);
}

int exit_code_for(const DiagnosticSink& sink, Severity fail_level) {
  bool fails = false;
  for (const Diagnostic& d : sink.diagnostics()) {
    bool input_problem = d.code == DiagCode::FileUnreadable || d.code == DiagCode::FileTooLarge ||
                         d.code == DiagCode::UnknownFileType || d.code == DiagCode::InvalidConfig;
    if (input_problem && !d.span.valid()) return kExitUsage;
    if (d.severity >= fail_level) fails = true;
  }
  return fails ? kExitFindings : kExitClean;
}

}  // namespace iamc::driver
