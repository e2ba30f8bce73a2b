// The checks shared by `iamc check` and `iamc compile` (see checks.hpp).
#include "driver/checks.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "base/text.hpp"
#include "driver/checked_io.hpp"
#include "lint/config.hpp"
#include "lint/lint.hpp"

namespace iamc::driver {
namespace {

pipeline::LintOptions lint_options_for(const CheckOptions& options) {
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  lint_options.run_rules = !options.no_lint;
  return lint_options;
}

int exit_code_of(const CheckOptions& options, const pipeline::Compilation& c) {
  Severity fail_level = Severity::Error;
  if (c.config.fail_level) fail_level = *c.config.fail_level;
  if (!options.fail_level.empty()) fail_level = *lint::parse_severity(options.fail_level);
  return exit_code_for(c.sink, fail_level);
}

// The worse of two exit codes: usage (2) over findings (1) over clean (0).
int worse(int a, int b) { return std::max(a, b); }

// Several projects in one JSON or SARIF document: their files in one SourceManager, their spans
// moved to the new file ids.
struct MergedReport {
  SourceManager sources;
  DiagnosticSink sink;
  std::vector<SuppressedDiagnostic> suppressed;
  RunSummary summary;

  void add(pipeline::Compilation& c) {
    auto offset = static_cast<FileId>(sources.size());
    for (FileId i = 0; i < c.project.sources.size(); ++i) {
      const SourceFile& f = c.project.sources.file(i);
      sources.add(f.path(), std::string(f.text()));
    }
    auto moved = [offset](Diagnostic d) {
      auto shift = [offset](Span& s) {
        if (s.valid()) s.file += offset;
      };
      shift(d.span);
      for (Note& n : d.notes) shift(n.span);
      for (FixIt& f : d.fixes) shift(f.span);
      return d;
    };
    for (const Diagnostic& d : c.sink.diagnostics()) {
      Diagnostic shifted = moved(d);
      Diagnostic& added = sink.report(shifted.code, shifted.severity, shifted.span, std::move(shifted.message));
      added.notes = std::move(shifted.notes);
      added.fixes = std::move(shifted.fixes);
    }
    for (const SuppressedDiagnostic& s : c.lint.suppressed) suppressed.push_back({moved(s.diagnostic), s.reason});
    RunSummary one = c.summary();
    summary.files += one.files;
    summary.grants += one.grants;
    summary.suppressed += one.suppressed;
  }
};

}  // namespace

std::vector<pipeline::ProjectInput> projects_of(const CheckOptions& options) {
  return pipeline::projects_for_paths(options.diagnostics.paths, options.whole_projects);
}

CheckedProject run_checks(const CheckOptions& options, const std::vector<pipeline::ProjectInput>& projects) {
  pipeline::ProjectInput as_given;  // no path at all: the loader reports it
  as_given.paths = options.diagnostics.paths;
  const pipeline::ProjectInput& project = projects.empty() ? as_given : projects.front();
  pipeline::Compilation& c = pipeline::keep_until_exit(pipeline::check_project(
      project, load_options(options.diagnostics), lint_options_for(options), pipeline::SyntaxTrees::Release));
  return {c, exit_code_of(options, c), projects.size()};
}

void report_checks(const CheckOptions& options, CheckedProject& checked, bool output_complete) {
  pipeline::Compilation& c = checked.compilation;
  print_diagnostics(options.diagnostics, c.sink, c.project.sources, c.summary(), c.lint.suppressed, output_complete);
}

int check_projects(const CheckOptions& options) {
  std::vector<pipeline::ProjectInput> projects = projects_of(options);
  if (projects.size() <= 1) {
    CheckedProject checked = run_checks(options, projects);
    report_checks(options, checked);
    return checked.exit_code;
  }
  const std::string& format = options.diagnostics.format;
  const bool one_document = format == "json" || format == "sarif";
  MergedReport merged;
  int exit_code = kExitClean;
  frontend::LoadOptions load = load_options(options.diagnostics);
  for (const pipeline::ProjectInput& project : projects) {
    auto c = std::make_unique<pipeline::Compilation>(
        pipeline::check_project(project, load, lint_options_for(options), pipeline::SyntaxTrees::Release));
    exit_code = worse(exit_code, exit_code_of(options, *c));
    if (one_document) {
      merged.add(*c);
      continue;
    }
    if (format == "text") {
      std::string shown = project.paths.size() == 1 && !project.whole ? project.paths.front() : project.shown_root();
      (void)report_stream(options.diagnostics).write(fmt::format("project {}:\n", display_text(shown)));
    }
    print_diagnostics(options.diagnostics, c->sink, c->project.sources, c->summary(), c->lint.suppressed);
  }
  if (one_document) print_diagnostics(options.diagnostics, merged.sink, merged.sources, merged.summary, merged.suppressed);
  return exit_code;
}

}  // namespace iamc::driver
