// libFuzzer target for the lint configuration reader (.iamc.yaml): bytes -> read_config ->
// exclusion globs and rule settings queried as the pipeline queries them. Any crash, sanitizer
// report, escaped exception or diagnostic pointing outside the file is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"
#include "lint/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iamc::SourceManager sources;
  iamc::DiagnosticSink sink;
  std::string text(reinterpret_cast<const char*>(data), size);
  iamc::lint::Config config =
      iamc::lint::read_config("/fuzz/.iamc.yaml", ".iamc.yaml", std::move(text), sources, sink);
  // The exclusion globs against paths of every shape the loader passes.
  for (const char* path : {"/fuzz/a.iam", "/fuzz/gen1/x/gen2/skip.iam", "/fuzz/a/b/c/d/e/f/g.iam.yaml",
                           "/elsewhere/a.iam", "/fuzz/**/*.iam"}) {
    (void)config.excluded(path);
  }
  for (const iamc::DiagInfo& info : iamc::all_diag_infos()) {
    (void)config.severity(info.id);
    (void)config.is_unsuppressible(info.id);
  }
  sink.sort_and_dedupe();
  for (const iamc::Diagnostic& d : sink.diagnostics()) {
    if (d.span.valid() && (d.span.file >= sources.size() || d.span.end > sources.file(d.span.file).text().size() ||
                           d.span.begin > d.span.end)) {
      __builtin_trap();
    }
  }
  std::string shown = iamc::render_text(sink, sources, iamc::TextStyle{false}, nullptr);
  return shown.size() == static_cast<std::size_t>(-1) ? 1 : 0;
}
