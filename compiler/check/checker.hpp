// The checker: validates the resolved model against each target's catalogue (stdlib/) and
// reports C-codes. It never stops at the first problem.
#pragma once

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "model/model.hpp"

namespace iamc::check {

/// Checks the model. With `jobs` other than 1 (0: one per core), grants are checked on several
/// threads; the diagnostics and their order are exactly those of one thread.
void check_model(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink, int jobs = 1);

}  // namespace iamc::check
