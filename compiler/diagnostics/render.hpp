// The printers of diagnostics. Each takes the same data (a sorted sink) and returns bytes; the
// driver decides where they go.
#pragma once

#include <string>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"

namespace iamc {

struct RunSummary {
  std::size_t files = 0;
  std::size_t grants = 0;
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

}  // namespace iamc
