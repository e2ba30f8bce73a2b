// The front half of every command: load and parse, resolve names, check against the targets,
// and lint with the project's configuration (`iamc check` and `iamc compile` alike).
#pragma once

#include <filesystem>
#include <optional>

#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "lint/config.hpp"
#include "lint/lint.hpp"
#include "model/model.hpp"
#include "pipeline/project_model.hpp"
#include "testing/test_file.hpp"

namespace iamc::pipeline {

struct Compilation {
  frontend::Project project;
  model::Model model;
  DiagnosticSink sink;
  lint::Config config;
  lint::LintResult lint;
  testing::TestSuite tests;  ///< the access test files found with the sources (check_sources)
  std::size_t grants = 0;  ///< grants and policies parsed (counted before blocks may be released)

  [[nodiscard]] RunSummary summary() const { return {project.files.size(), grants, lint.suppressed.size()}; }
};

/// What happens to the files' target blocks once the model is built.
enum class SyntaxTrees {
  Keep,     ///< the LSP reads them for hover and definitions
  Release,  ///< the CLI needs only the model: see model::IncrementalResolver
};

/// Loads, parses, resolves and checks; never throws for bad input.
Compilation compile_sources(const frontend::LoadOptions& options, SyntaxTrees trees = SyntaxTrees::Keep);

struct LintOptions {
  /// --config; when empty, the nearest .iamc.yaml at or above the first path is used.
  std::optional<std::filesystem::path> config_file;
  /// false (`compile --no-lint`): the configuration still excludes files and sets the fail
  /// level, but no lint rule runs.
  bool run_rules = true;
  /// Run the required access tests (`always: true`, `require:`) of the *.iamtest.yaml files found
  /// with the sources, as T001 (testing/invariants.hpp). `iamc test` runs every case itself.
  bool invariants = true;
  /// The editor's way: it loads one document (and what it includes), not the project, so the
  /// test files are those under the project root (frontend::project_root), and only failures a
  /// grant of the loaded files causes are reported: what a partial project lacks says nothing.
  bool tests_from_root = false;
};

/// compile_sources plus the configuration (exclusions), the lint rules and the required access
/// tests.
Compilation check_sources(frontend::LoadOptions options, const LintOptions& lint_options,
                          SyntaxTrees trees = SyntaxTrees::Keep);

/// check_sources for one project: its paths, its configuration (unless --config names another)
/// and, for a whole project, the configuration's `sources:` in place of its root.
Compilation check_project(const ProjectInput& project, frontend::LoadOptions options, LintOptions lint_options,
                          SyntaxTrees trees = SyntaxTrees::Keep);

/// Moves a compilation to where it lives until the process ends, never destroyed: freeing the
/// millions of nodes of a large project costs several percent of a run, and the operating
/// system takes the memory back at exit anyway (clang's -disable-free, for the same reason).
/// It stays reachable, so leak checkers do not report it. For one-shot commands only.
Compilation& keep_until_exit(Compilation&& compilation);

}  // namespace iamc::pipeline
