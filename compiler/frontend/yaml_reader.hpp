// The YAML front end: *.iam.yaml documents -> the same ast::File the DSL builds.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"

namespace iamc::frontend {

/// YAML nodes (lists and maps, block or flow) nest at most this deep; deeper input gets Y007 and
/// the document is dropped. It is the DSL's value limit (kMaxNestingDepth, 64) plus the levels the
/// YAML form spends on its own structure (document map, `grants` list, grant map, `to` list, kind
/// map, argument map ...), so the YAML form builds no deeper AST than the DSL. The tree builder
/// enforces it as libyaml's events arrive: libyaml does not recurse, and it looks ahead of its
/// events only as far as a possible map key reaches (one line, at most 1,024 characters), so even
/// `[[[[...` 200,000 deep is rejected after reading about a thousand bytes of it.
inline constexpr int kMaxYamlDepth = 72;

/// Nodes that aliases may add to one document by expansion (each use of `*a` costs the size of
/// the node `&a` names, counting the aliases inside it). A "billion laughs" document crosses it
/// after a few thousand events and gets Y006; sizes are computed once per node, so the check is
/// linear in the document.
inline constexpr std::uint64_t kMaxYamlAliasNodes = 1'000'000;

/// Parses one YAML source. The text must already have passed check_source_text().
///
/// A stream of several documents (`---`) is read as if the documents were one after the other in
/// one file: their targets, lets, grants and policies are merged in order. An empty stream, or one
/// holding only comments or empty documents, is a valid empty file. A document with a syntax error,
/// an alias bomb or too deep nesting contributes nothing (one diagnostic, no shape errors on a
/// half-read tree); shape errors (Y002-Y005, Y008) are all reported and the broken item skipped.
/// Comments are kept in ast::File::comments. Never throws.
ast::File parse_yaml(const SourceFile& source, DiagnosticSink& sink);

}  // namespace iamc::frontend
