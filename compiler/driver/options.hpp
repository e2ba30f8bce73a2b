// The options every subcommand that reports diagnostics shares, and the one place they are
// rendered. Plain data: only cli.cpp knows how options are spelled on the command line.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "diagnostics/render.hpp"
#include "frontend/project.hpp"

namespace iamc::driver {

/// Documented exit codes (docs/cli.md).
enum ExitCode : int { kExitClean = 0, kExitFindings = 1, kExitUsage = 2 };

/// The largest -j/--jobs accepted.
inline constexpr int kMaxJobs = 256;

struct DiagnosticOptions {
  std::vector<std::string> paths;
  std::string stdin_filename = "<stdin>";
  std::string format = "text";  ///< text | json | sarif | github
  std::string color = "auto";   ///< auto | always | never
  int jobs = 1;                 ///< -j: threads for parsing and checking (0: one per core)
  /// --max-diagnostics: how many diagnostics are shown (0: all); -1, the format's default.
  long long max_diagnostics = -1;
  /// --report-file: the report (in --format) goes to this file instead of a standard stream.
  std::string report_file;
};

class CheckedStream;

/// Where the report goes: the --report-file, else standard error (text) or standard output.
CheckedStream& report_stream(const DiagnosticOptions& options);

/// Payloads go to standard output and reports to standard error or a file, never both to
/// standard output: when the command writes `payload` ("--emit ndjson", "the plan", ...; empty
/// when it writes none) to standard output and the --format would too, says so as a usage error
/// and returns kExitUsage. Also refuses a --report-file whose folder does not exist, before any
/// work is done. kExitClean when the streams are fine.
int check_output_streams(std::string_view command, const DiagnosticOptions& options, std::string_view payload);

/// NO_COLOR set to a non-empty value (https://no-color.org): an empty NO_COLOR= changes nothing.
bool no_color_requested();

/// The --max-diagnostics default for people (text, github), like clang's -ferror-limit; the
/// machine formats (json, sarif) show everything unless a limit is given.
inline constexpr std::size_t kDefaultMaxDiagnostics = 20;

/// LoadOptions for the paths, reading standard input when "-" is among them.
frontend::LoadOptions load_options(const DiagnosticOptions& options);

/// Writes the diagnostics to report_stream(options), through the checked streams (checked_io.hpp). `suppressed` findings appear only in SARIF.
/// `show_summary` false drops the text summary line (a run whose output failed is no success).
void print_diagnostics(const DiagnosticOptions& options, DiagnosticSink& sink,
                       const SourceManager& sources, const RunSummary& summary,
                       std::span<const SuppressedDiagnostic> suppressed = {}, bool show_summary = true);

/// 2 when an input named on the command line could not be read; else 1 when a diagnostic is at
/// or above `fail_level`; else 0.
int exit_code_for(const DiagnosticSink& sink, Severity fail_level = Severity::Error);

}  // namespace iamc::driver
