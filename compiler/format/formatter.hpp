// The canonical formatter of the DSL (`iamc fmt`, LSP formatting): AST + comments -> text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"

namespace iamc::format {

/// Lines longer than this are broken (lists one item per line, grant clauses on their own lines).
inline constexpr std::size_t kLineWidth = 100;

/// Formats a DSL file parsed without syntax errors. `source` is the text it was parsed from (the
/// formatter copies string literals and names verbatim from it, so escapes are kept as written).
/// Comments are kept, runs of blank lines collapse to one, and fmt(fmt(x)) == fmt(x).
std::string format_file(const ast::File& file, std::string_view source);

/// Parses `text` as a DSL file named `path` and formats it. On syntax errors (or text iamc does
/// not read) returns nothing and leaves the errors in `sink`; `sources` owns the parsed text so
/// the caller can render them.
std::optional<std::string> format_text(const std::string& path, std::string text,
                                       SourceManager& sources, DiagnosticSink& sink);

}  // namespace iamc::format
