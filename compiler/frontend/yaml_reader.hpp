// The YAML front end: *.iam.yaml documents -> the same ast::File the DSL builds.
#pragma once

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"
#include "frontend/yaml_tree.hpp"  // the limits: kMaxYamlDepth, kMaxYamlAliasNodes

namespace iamc::frontend {

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
