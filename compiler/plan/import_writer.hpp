// `iamc import`'s engine: sources that declare exactly a live state, one file per instance:
// the target declaration (settings recovered from the state, custom roles declared), `let`s for
// principals used more than once, and one grant per live binding (whole policies for Connhex).
// Bindings iamc cannot express are written as comments with the reason and reported (S201).
#pragma once

#include <string>
#include <vector>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "model/model.hpp"
#include "plan/state.hpp"

namespace iamc::plan {

struct ImportedFile {
  std::string name;  ///< "<target>.<instance>.iam"
  std::string text;  ///< unformatted DSL (the command formats it)
};

/// The sources for every instance of `state` (`targets` as read_state_for_import declared them).
std::vector<ImportedFile> write_import(const std::vector<model::TargetInstance>& targets, const State& state,
                                       const SourceManager& sources, DiagnosticSink& sink);

}  // namespace iamc::plan
