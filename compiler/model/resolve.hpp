// The resolver: AST files -> model. Looks up targets and `let` names across the project, expands
// lists, gives every principal and scope its kind, and reports N-codes. It knows the language,
// not the targets: what a target accepts is the checker's business.
#pragma once

#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "model/model.hpp"

namespace iamc::model {

Model resolve(const frontend::Project& project, DiagnosticSink& sink);

/// resolve(), releasing each file's target blocks (its grants and policies) as soon as they are
/// resolved. The model keeps no pointer into blocks, so a caller that needs only the model (the
/// command-line pipeline) does not hold the syntax trees and the model of every grant at once:
/// at a million grants that is the difference between about 1.2 GB and 0.7 GB of peak memory.
/// Targets, lets and comments stay: the model and lint point into them.
Model resolve_releasing_blocks(frontend::Project& project, DiagnosticSink& sink);

}  // namespace iamc::model
