// The checker: validates the resolved model against each target's catalogue (stdlib/) and
// reports C-codes. It never stops at the first problem.
#pragma once

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "model/model.hpp"

namespace iamc::check {

void check_model(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink);

}  // namespace iamc::check
