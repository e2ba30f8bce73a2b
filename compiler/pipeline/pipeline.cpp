// load -> resolve -> check [-> lint] (see pipeline.hpp).
#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "check/checker.hpp"
#include "model/resolve.hpp"
#include "testing/invariants.hpp"

namespace iamc::pipeline {
namespace {

void front_half(const frontend::LoadOptions& options, SyntaxTrees trees, Compilation& c) {
  if (trees == SyntaxTrees::Release) {
    // Each file is resolved, and its grants' syntax trees freed, while later files load.
    model::IncrementalResolver resolver(c.project, c.sink);
    frontend::LoadOptions streaming = options;
    streaming.file_added = [&resolver](std::size_t files) { return resolver.files_added(files); };
    frontend::load_project(streaming, c.project, c.sink);
    c.model = resolver.finish();
    c.grants = resolver.grants();
    for (ast::File& file : c.project.files) std::vector<ast::TargetBlock>().swap(file.blocks);  // files that waited
  } else {
    frontend::load_project(options, c.project, c.sink);
    c.grants = c.project.grant_count();
    c.model = model::resolve(c.project, c.sink);
  }
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

namespace {

// The configuration's `sources:`, as paths to load; a missing one is reported where it is named.
namespace fs = std::filesystem;

std::vector<std::string> configured_sources(const lint::Config& config, DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const lint::SourceEntry& entry : config.sources) {
    std::filesystem::path path = config.root / entry.path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      Diagnostic& d = sink.report(DiagCode::InvalidConfig, entry.span,
                                  fmt::format("source {} does not exist", iamc::quoted(entry.path)));
      d.notes.push_back({{}, "sources: names files or folders relative to the directory of .iamc.yaml"});
      d.unusable_input = true;
      continue;
    }
    fs::path shown = fs::proximate(path, ec);  // shown as if typed: relative to the working directory
    out.push_back((ec ? path.lexically_normal() : shown).string());
  }
  return out;
}

// `whole_root`: the root of a whole project being checked, whose required access tests all apply
// (found below the root, whatever paths are loaded: in the editor, only unsaved buffers may be).
Compilation check(frontend::LoadOptions options, const LintOptions& lint_options, SyntaxTrees trees,
                  const std::filesystem::path* whole_root) {
  const bool whole = whole_root != nullptr;
  Compilation c;
  std::optional<std::filesystem::path> file = lint_options.config_file;
  if (!file) file = lint::find_config(options.paths);
  if (file) {
    c.config = lint::load_config(*file, c.project.sources, c.sink);
    const lint::Config* config = &c.config;
    options.excluded = [config](const std::filesystem::path& p) { return config->excluded(p); };
    if (whole && !c.config.sources.empty()) options.paths = configured_sources(c.config, c.sink);
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
  c.lint = lint::run_lint(lint::LintContext{c.model, c.project, incomplete, thread_count(options.jobs)}, c.config,
                          c.sink);
  if (lint_options.invariants && c.config.invariants_enabled) {
    std::vector<std::string> test_paths = options.paths;
    if (whole) {
      test_paths = {whole_root->string()};
    } else if (lint_options.tests_from_root && !options.paths.empty() && options.paths.front() != "-") {
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

}  // namespace

Compilation check_sources(frontend::LoadOptions options, const LintOptions& lint_options, SyntaxTrees trees) {
  return check(std::move(options), lint_options, trees, nullptr);
}

Compilation check_project(const ProjectInput& project, frontend::LoadOptions options, LintOptions lint_options,
                          SyntaxTrees trees) {
  options.paths = project.paths;
  if (!lint_options.config_file && project.config) lint_options.config_file = project.config;
  return check(std::move(options), lint_options, trees, project.whole ? &project.root : nullptr);
}

}  // namespace iamc::pipeline
