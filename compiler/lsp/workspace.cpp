// Which compilation answers for an open document: the whole project it belongs to, found as the
// command line finds it (pipeline/project_model.hpp), with open documents read from memory.
#include <system_error>

#include "frontend/project.hpp"
#include "lsp/analysis.hpp"

namespace iamc::lsp {
namespace fs = std::filesystem;
namespace {

bool is_source_path(const fs::path& p) {
  return frontend::is_dsl_path(p.string()) || frontend::is_yaml_path(p.string());
}

bool is_below(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

frontend::LoadOptions overlay_options(const DocumentStore& store) {
  frontend::LoadOptions options;
  for (const auto& [uri, d] : store.all()) {
    if (!d.path.empty()) options.overlays.emplace_back(d.path, d.text);
  }
  return options;
}

long index_of_document(const pipeline::Compilation& c, const Document& doc, bool from_stdin) {
  const auto& paths = c.project.file_paths;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (from_stdin ? paths[i].empty() : paths[i] == doc.path) return static_cast<long>(i);
  }
  return -1;
}

std::shared_ptr<const pipeline::Compilation> compile_alone(const pipeline::ProjectInput& project,
                                                           const DocumentStore& store) {
  auto c = std::make_shared<pipeline::Compilation>(
      pipeline::check_project(project, overlay_options(store), pipeline::LintOptions{}));
  c->sink.sort_and_dedupe();
  return c;
}

}  // namespace

std::optional<pipeline::ProjectInput> project_of(const Document& doc) {
  if (doc.path.empty() || !is_source_path(doc.path)) return std::nullopt;
  return pipeline::project_containing(doc.path);
}

std::shared_ptr<const pipeline::Compilation> compile_project(const pipeline::ProjectInput& project,
                                                             const DocumentStore& store) {
  pipeline::ProjectInput input = project;
  // A new file open in the editor but not saved yet is part of its project all the same; when no
  // file of the project is on disk yet, those files are all of it.
  if (!input.whole) return compile_alone(input, store);  // no folder to search: the file alone
  if (frontend::discover_sources(input.root, frontend::NestedProjects::Skip).empty()) input.paths.clear();
  for (const auto& [uri, d] : store.all()) {
    std::error_code ec;
    if (!d.path.empty() && is_source_path(d.path) && is_below(d.path, input.root) && !fs::exists(d.path, ec)) {
      input.paths.push_back(d.path.string());
    }
  }
  auto c = std::make_shared<pipeline::Compilation>(
      pipeline::check_project(input, overlay_options(store), pipeline::LintOptions{}));
  c->sink.sort_and_dedupe();
  return c;
}

Analysis analyse(const Document& doc, const DocumentStore& store, std::shared_ptr<const pipeline::Compilation> project) {
  Analysis a;
  if (project) {
    a.index = index_of_document(*project, doc, false);
    if (a.index >= 0) {
      a.compilation = std::move(project);
      return a;
    }
  }
  // The document alone, as the entry of its own project: an unsaved buffer, an unusual name, or
  // a file its project does not hold.
  frontend::LoadOptions options = overlay_options(store);
  bool from_stdin = doc.path.empty() || !is_source_path(doc.path);
  if (!from_stdin) {
    options.paths.push_back(doc.path.string());
  } else {
    // Unsaved buffers and unusual names: read as standard input, picking the front end from the
    // language id.
    options.paths.push_back("-");
    options.stdin_text = doc.text;
    options.stdin_name = doc.language == "yaml" || doc.language == "iamc-yaml" ? "untitled.iam.yaml" : "untitled.iam";
  }
  pipeline::LintOptions lint_options;
  lint_options.tests_from_root = true;  // the project's required access tests (T001), from disk
  auto c = std::make_shared<pipeline::Compilation>(pipeline::check_sources(options, lint_options));
  c->sink.sort_and_dedupe();
  a.index = index_of_document(*c, doc, from_stdin);
  a.compilation = std::move(c);
  return a;
}

}  // namespace iamc::lsp
