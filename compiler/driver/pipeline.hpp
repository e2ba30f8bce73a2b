// The front half of every command: load and parse, resolve names, check against the targets,
// and (for `iamc check`) lint with the project's configuration.
#pragma once

#include <filesystem>
#include <optional>

#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "lint/config.hpp"
#include "lint/lint.hpp"
#include "model/model.hpp"

namespace iamc::driver {

struct Compilation {
  frontend::Project project;
  model::Model model;
  DiagnosticSink sink;
  lint::Config config;
  lint::LintResult lint;

  [[nodiscard]] RunSummary summary() const {
    return {project.files.size(), project.grant_count(), lint.suppressed.size()};
  }
};

/// Loads, parses, resolves and checks; never throws for bad input.
Compilation compile_sources(const frontend::LoadOptions& options);

struct LintOptions {
  /// --config; when empty, the nearest .iamc.yaml at or above the first path is used.
  std::optional<std::filesystem::path> config_file;
};

/// compile_sources plus the configuration (exclusions) and the lint rules.
Compilation check_sources(frontend::LoadOptions options, const LintOptions& lint_options);

}  // namespace iamc::driver
