// Shared body of the front-end fuzzers: bytes -> source checks -> parse -> resolve -> check ->
// both renderers. Any crash, sanitizer report or escaped exception is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "check/checker.hpp"
#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "model/resolve.hpp"

namespace iamc::fuzz {

inline int run_one(const std::uint8_t* data, std::size_t size, const char* path) {
  frontend::Project project;
  DiagnosticSink sink;
  FileId id = project.sources.add(path, std::string(reinterpret_cast<const char*>(data), size));
  const SourceFile& source = project.sources.file(id);
  ast::File file;
  file.file = id;
  if (frontend::check_source_text(source, sink)) file = frontend::parse_source(source, sink);
  project.files.push_back(std::move(file));
  project.file_paths.emplace_back();
  project.include_edges.emplace_back();
  model::Model model = model::resolve(project, sink);
  check::check_model(model, project.sources, sink);
  sink.sort_and_dedupe();
  RunSummary summary{project.files.size(), project.grant_count()};
  std::string text = render_text(sink, project.sources, TextStyle{true}, &summary);
  std::string json = render_json(sink, project.sources, summary);
  // Every diagnostic of a rejected input must say where: a valid span inside the file.
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.span.valid() && (d.span.file != id || d.span.begin > size || d.span.end > size ||
                           d.span.begin > d.span.end)) {
      __builtin_trap();
    }
  }
  return text.empty() && json.empty() ? 1 : 0;
}

}  // namespace iamc::fuzz
