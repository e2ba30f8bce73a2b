// The printers of diagnostics. Each takes the same data (a sorted sink) and returns bytes; the
// driver decides where they go.
#pragma once

#include <functional>
#include <span>
#include <string>

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

/// clang-style text: `file:line:col: error[CODE]: message`, the source line, a caret and underline
/// under the range, then notes; a summary line at the end when `summary` is given.
std::string render_text(const DiagnosticSink& sink, const SourceManager& sources, TextStyle style,
                        const RunSummary* summary);

/// One diagnostic, as render_text prints it (without summary).
std::string render_text_one(const Diagnostic& d, const SourceManager& sources, TextStyle style);

/// The documented JSON schema (docs/cli.md "JSON diagnostics"), one document with a trailing newline.
std::string render_json(const DiagnosticSink& sink, const SourceManager& sources,
                        const RunSummary& summary);

/// SARIF 2.1.0: every registered code in tool.driver.rules (helpUri to its doc page,
/// fullDescription from `describe`), results with 1-based code-point regions, related locations
/// for notes, partialFingerprints, and suppressed findings with their justification.
std::string render_sarif(const DiagnosticSink& sink, const SourceManager& sources,
                         std::span<const SuppressedDiagnostic> suppressed,
                         const std::function<std::string(DiagCode)>& describe);

/// GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message`.
std::string render_github(const DiagnosticSink& sink, const SourceManager& sources);

}  // namespace iamc
