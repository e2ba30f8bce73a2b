// The resolver: AST files -> model. Looks up targets and `let` names across the project, expands
// lists, gives every principal and scope its kind, and reports N-codes. It knows the language,
// not the targets: what a target accepts is the checker's business.
#pragma once

#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "model/model.hpp"

namespace iamc::model {

Model resolve(const frontend::Project& project, DiagnosticSink& sink);

}  // namespace iamc::model
