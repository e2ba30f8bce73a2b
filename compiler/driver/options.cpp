// Shared diagnostic options and rendering for the subcommands (see options.hpp).
#include "driver/options.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "driver/checked_io.hpp"
#include "lint/lint.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
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
  load.map_files = true;  // a command ends soon after it reads (the LSP builds its own options)
  for (const auto& p : options.paths) {
    if (p == "-") {
      load.stdin_error = read_standard_input(load.stdin_text, frontend::kMaxFileBytes);
      break;
    }
  }
  return load;
}

CheckedStream& report_stream(const DiagnosticOptions& options) {
  if (!options.report_file.empty()) return report_file(options.report_file);
  return options.format == "text" ? standard_error() : standard_output();
}

int check_output_streams(std::string_view command, const DiagnosticOptions& options, std::string_view payload) {
  if (!options.report_file.empty()) {
    std::filesystem::path path(options.report_file);
    std::filesystem::path dir = path.parent_path();
    std::error_code ec;
    if (path.filename().empty() || std::filesystem::is_directory(path, ec)) {
      (void)standard_error().write(fmt::format("{}: --report-file {} names a folder; name the file to write\n",
                                               command, iamc::quoted(options.report_file)));
      return kExitUsage;
    }
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
      (void)standard_error().write(fmt::format("{}: --report-file {}: the folder {} does not exist\n", command,
                                               iamc::quoted(options.report_file), iamc::quoted(dir.string())));
      return kExitUsage;
    }
    return kExitClean;
  }
  if (options.format == "text" || payload.empty()) return kExitClean;
  (void)standard_error().write(fmt::format(
      "{}: --format {} and {} would both write to standard output, and neither could be read back; write the "
      "report to a file with --report-file FILE (or use --format text, which goes to standard error)\n",
      command, options.format, payload));
  return kExitUsage;
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
  CheckedStream& stream = report_stream(options);
  ChunkWriter to_stream = [&](std::string_view chunk) { (void)stream.write(chunk); };
  if (options.format == "json") {
    render_json(sink, sources, summary, limit, to_stream);
  } else if (options.format == "sarif") {
    render_sarif(sink, sources, suppressed, lint::full_description, limit, to_stream);
  } else if (options.format == "github") {
    render_github(sink, sources, limit, to_stream);
  } else {
    // auto: colour on a terminal (never in a report file), unless NO_COLOR asks for none.
    bool color = options.color == "always" || (options.color == "auto" && options.report_file.empty() &&
                                               isatty(STDERR_FILENO) != 0 && !no_color_requested());
    render_text(sink, sources, TextStyle{color}, show_summary ? &summary : nullptr, limit, to_stream);
  }
}

int exit_code_for(const DiagnosticSink& sink, Severity fail_level) {
  bool fails = false;
  for (const Diagnostic& d : sink.diagnostics()) {
    bool input_problem = d.code == DiagCode::FileUnreadable || d.code == DiagCode::FileTooLarge ||
                         d.code == DiagCode::UnknownFileType || d.code == DiagCode::InvalidConfig ||
                         d.code == DiagCode::NoInputFiles;
    if ((input_problem && !d.span.valid()) || d.unusable_input) return kExitUsage;
    if (d.severity >= fail_level) fails = true;
  }
  return fails ? kExitFindings : kExitClean;
}

}  // namespace iamc::driver
