// Shared diagnostic options and rendering for the subcommands (see options.hpp).
#include "driver/options.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "driver/checked_io.hpp"
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
      load.stdin_error = read_standard_input(load.stdin_text, frontend::kMaxFileBytes);
      break;
    }
  }
  return load;
}

void print_diagnostics(const DiagnosticOptions& options, DiagnosticSink& sink,
                       const SourceManager& sources, const RunSummary& summary,
                       std::span<const SuppressedDiagnostic> suppressed, bool show_summary) {
  sink.sort_and_dedupe();
  const bool for_people = options.format == "text" || options.format == "github";
  ShowLimit limit{options.max_diagnostics >= 0 ? static_cast<std::size_t>(options.max_diagnostics)
                  : for_people                  ? kDefaultMaxDiagnostics
                                                : 0};
  // Each format streams its bytes to the checked stream as it renders them; a failure is
  // reported by finish_output.
  CheckedStream& stdout_stream = standard_output();
  ChunkWriter to_stdout = [&](std::string_view chunk) { (void)stdout_stream.write(chunk); };
  if (options.format == "json") {
    render_json(sink, sources, summary, limit, to_stdout);
  } else if (options.format == "sarif") {
    render_sarif(sink, sources, suppressed, lint::full_description, limit, to_stdout);
  } else if (options.format == "github") {
    render_github(sink, sources, limit, to_stdout);
  } else {
    // auto: colour on a terminal, unless NO_COLOR asks for none.
    bool color = options.color == "always" ||
                 (options.color == "auto" && isatty(STDERR_FILENO) != 0 && !no_color_requested());
    CheckedStream& stderr_stream = standard_error();
    render_text(sink, sources, TextStyle{color}, show_summary ? &summary : nullptr, limit,
                [&](std::string_view chunk) { (void)stderr_stream.write(chunk); });
  }
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
