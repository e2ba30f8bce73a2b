// The YAML front end: *.iam.yaml documents -> the same ast::File the DSL builds.
#pragma once

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"

namespace iamc::frontend {

/// Parses one YAML source. The text must already have passed check_source_text().
ast::File parse_yaml(const SourceFile& source, DiagnosticSink& sink);

}  // namespace iamc::frontend
