// The DSL front end: PEGTL grammar (grammar/iamc) + actions -> ast::File, reporting every syntax
// error of the file in one run.
#pragma once

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"

namespace iamc::frontend {

/// Values nest at most this deep (lists, calls, records); deeper input gets P008.
inline constexpr int kMaxNestingDepth = 64;

/// Parses one DSL file. The text must already have passed check_source_text().
ast::File parse_dsl(const SourceFile& source, DiagnosticSink& sink);

/// Decodes the body of a string literal (between the quotes, escapes already validated by the
/// grammar). Returns false and the offset of the bad escape for a lone surrogate or a code point
/// beyond U+10FFFF.
bool decode_string(std::string_view raw, std::string& out, std::size_t& bad_offset);

}  // namespace iamc::frontend
