// The printers of diagnostics. Each takes the same data (a sorted sink) and hands its bytes to a
// ChunkWriter a few kilobytes at a time, so that no format holds the whole report in memory
// (40,000 diagnostics once took 546 MB as one JSON tree); the driver decides where they go. The
// string-returning overloads collect everything, for tests and small reports.
#pragma once

#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"

namespace iamc {

struct RunSummary {
  std::size_t files = 0;
  std::size_t grants = 0;
  std::size_t suppressed = 0;  ///< findings silenced by iamc-ignore comments
};

/// A finding silenced by a suppression comment: not shown in text, but kept in SARIF.
struct SuppressedDiagnostic {
  Diagnostic diagnostic;
  std::string reason;
};

struct TextStyle {
  bool color = false;
};

/// Receives rendered bytes in order.
using ChunkWriter = std::function<void(std::string_view)>;

/// How much of the sink a printer shows: the first `max_shown` diagnostics in order (0: all),
/// then a note saying how many more there were. Counts and exit codes always cover them all.
struct ShowLimit {
  std::size_t max_shown = 0;
  [[nodiscard]] std::size_t shown(std::size_t total) const {
    return max_shown == 0 ? total : std::min(total, max_shown);
  }
};

/// "3 more diagnostics not shown (--max-diagnostics 20; 0 shows all)".
std::string not_shown_note(std::size_t omitted, std::size_t max_shown);

/// clang-style text: `file:line:col: error[CODE]: message`, the source line, a caret and underline
/// under the range, then notes; a summary line at the end when `summary` is given.
std::string render_text(const DiagnosticSink& sink, const SourceManager& sources, TextStyle style,
                        const RunSummary* summary);
void render_text(const DiagnosticSink& sink, const SourceManager& sources, TextStyle style,
                 const RunSummary* summary, ShowLimit limit, const ChunkWriter& write);

/// One diagnostic, as render_text prints it (without summary).
std::string render_text_one(const Diagnostic& d, const SourceManager& sources, TextStyle style);

/// The documented JSON schema (docs/cli.md "JSON diagnostics"), one document with a trailing newline.
/// With a limit, the summary gains "not_shown": N when diagnostics were left out.
std::string render_json(const DiagnosticSink& sink, const SourceManager& sources,
                        const RunSummary& summary);
void render_json(const DiagnosticSink& sink, const SourceManager& sources, const RunSummary& summary,
                 ShowLimit limit, const ChunkWriter& write);

/// SARIF 2.1.0: every registered code in tool.driver.rules (helpUri to its doc page,
/// fullDescription from `describe`), results with 1-based code-point regions, related locations
/// for notes, partialFingerprints, and suppressed findings with their justification.
/// With a limit, diagnostics left out are counted in a toolExecutionNotification.
std::string render_sarif(const DiagnosticSink& sink, const SourceManager& sources,
                         std::span<const SuppressedDiagnostic> suppressed,
                         const std::function<std::string(DiagCode)>& describe);
void render_sarif(const DiagnosticSink& sink, const SourceManager& sources,
                  std::span<const SuppressedDiagnostic> suppressed,
                  const std::function<std::string(DiagCode)>& describe, ShowLimit limit, const ChunkWriter& write);

/// GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message`.
/// With a limit, a final `::notice::` says how many were left out.
std::string render_github(const DiagnosticSink& sink, const SourceManager& sources);
void render_github(const DiagnosticSink& sink, const SourceManager& sources, ShowLimit limit,
                   const ChunkWriter& write);

}  // namespace iamc
