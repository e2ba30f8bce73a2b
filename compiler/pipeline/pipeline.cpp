// load -> resolve -> check [-> lint] (see pipeline.hpp).
#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "check/checker.hpp"
#include "model/resolve.hpp"
#include "testing/invariants.hpp"

namespace iamc::pipeline {
namespace {

void front_half(const frontend::LoadOptions& options, SyntaxTrees trees, Compilation& c) {
  frontend::load_project(options, c.project, c.sink);
  c.grants = c.project.grant_count();
  c.model = trees == SyntaxTrees::Release ? model::resolve_releasing_blocks(c.project, c.sink)
                                          : model::resolve(c.project, c.sink);
  check::check_model(c.model, c.project.sources, c.sink, options.jobs);
}

}  // namespace

Compilation compile_sources(const frontend::LoadOptions& options, SyntaxTrees trees) {
  Compilation c;
  front_half(options, trees, c);
  return c;
}

Compilation& keep_until_exit(Compilation&& compilation) {
  static auto* const kept = new std::vector<std::unique_ptr<Compilation>>();
  kept->push_back(std::make_unique<Compilation>(std::move(compilation)));
  return *kept->back();
}

Compilation check_sources(frontend::LoadOptions options, const LintOptions& lint_options, SyntaxTrees trees) {
  Compilation c;
  std::optional<std::filesystem::path> file = lint_options.config_file;
  if (!file) file = lint::find_config(options.paths);
  if (file) {
    c.config = lint::load_config(*file, c.project.sources, c.sink);
    const lint::Config* config = &c.config;
    options.excluded = [config](const std::filesystem::path& p) { return config->excluded(p); };
  }
  front_half(options, trees, c);
  if (!lint_options.run_rules) return c;
  // Access read from sources with errors would be incomplete: required tests run only on sources
  // that compile (lint findings aside), as `iamc who` answers only then.
  bool compiles = !c.sink.has_errors();
  bool incomplete = std::any_of(c.sink.diagnostics().begin(), c.sink.diagnostics().end(), [](const Diagnostic& d) {
    char stage = diag_info(d.code).code[0];
    return d.severity == Severity::Error && (stage == 'P' || stage == 'Y');
  });
  c.lint = lint::run_lint(lint::LintContext{c.model, c.project, incomplete}, c.config, c.sink);
  if (lint_options.invariants && c.config.invariants_enabled) {
    std::vector<std::string> test_paths = options.paths;
    if (lint_options.tests_from_root && !options.paths.empty() && options.paths.front() != "-") {
      test_paths = {frontend::project_root(options.paths.front()).string()};
    }
    c.tests = testing::load_test_files(test_paths, c.project.sources, c.sink, options.excluded);
    if (compiles && c.tests.has_always()) {
      access::AccessModel model(c.model, c.project.sources);
      testing::check_invariants(model, c.tests, c.sink, c.config.invariant_severity,
                                lint_options.tests_from_root ? testing::Coverage::Partial : testing::Coverage::Whole);
    }
  }
  return c;
}

}  // namespace iamc::pipeline
