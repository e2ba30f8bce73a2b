// The front half of every command: load and parse, resolve names, check against the targets.
#pragma once

#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "model/model.hpp"

namespace iamc::driver {

struct Compilation {
  frontend::Project project;
  model::Model model;
  DiagnosticSink sink;

  [[nodiscard]] RunSummary summary() const { return {project.files.size(), project.grant_count()}; }
};

/// Loads, parses, resolves and checks; never throws for bad input.
Compilation compile_sources(const frontend::LoadOptions& options);

}  // namespace iamc::driver
