// The YAML form of a DSL file (`iamc import --form yaml`): the same declarations written as a
// `*.iam.yaml` document (docs/language.md §14), comments kept above the item they precede.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"

namespace iamc::format {

/// A DSL file parsed without syntax errors, written as YAML that reads back to the same
/// declarations. `source` is the text it was parsed from.
std::string yaml_form(const ast::File& file, std::string_view source);

/// Parses `text` as a DSL file named `path` and writes its YAML form; nothing on syntax errors
/// (left in `sink`, with `sources` owning the text).
std::optional<std::string> yaml_form_of_text(const std::string& path, std::string text, SourceManager& sources,
                                             DiagnosticSink& sink);

}  // namespace iamc::format
