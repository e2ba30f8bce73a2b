// GitHub Actions workflow-command printer (see render.hpp).
#include <fmt/format.h>

#include "base/text.hpp"
#include "diagnostics/render.hpp"

namespace iamc {
namespace {

// Workflow commands end at a newline and split properties at ',' and ':'; escape as the runner
// expects (%25 %0D %0A, and %3A %2C inside properties). User text is display text first
// (display_text), so a newline in a role name is shown as \n and can never end the command
// and forge a second annotation; only the line breaks iamc itself puts between notes are %0A.
std::string escape(std::string_view raw, bool property) {
  std::string out;
  for (char c : raw) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

void render_github(const DiagnosticSink& sink, const SourceManager& sources, ShowLimit limit,
                   const ChunkWriter& write) {
  std::string out;
  const auto& all = sink.diagnostics();
  const std::size_t shown = limit.shown(all.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const Diagnostic& d = all[i];
    std::string_view command = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "notice";
    const DiagInfo& info = diag_info(d.code);
    std::string props;
    if (d.span.valid()) {
      const SourceFile& file = sources.file(d.span.file);
      LineCol b = file.line_col(d.span.begin);
      LineCol e = file.line_col(std::max(d.span.end, d.span.begin));
      props = fmt::format("file={},line={},col={},endLine={},endColumn={},", escape(display_text(file.path()), true), b.line,
                          b.column, e.line, e.column);
    }
    props += "title=" + escape(fmt::format("{} {}", info.code, info.slug), true);
    std::string message = display_text(d.message);
    for (const Note& n : d.notes) message += "\nnote: " + display_text(n.message);
    out += fmt::format("::{} {}::{}\n", command, props, escape(message, false));
    if (out.size() >= 64 * 1024) {
      write(out);
      out.clear();
    }
  }
  if (shown < all.size()) {
    out += "::notice title=" + escape("iamc", true) + "::" + escape(not_shown_note(all.size() - shown, limit.max_shown), false) + "\n";
  }
  if (!out.empty()) write(out);
}

std::string render_github(const DiagnosticSink& sink, const SourceManager& sources) {
  std::string out;
  render_github(sink, sources, ShowLimit{}, [&](std::string_view chunk) { out += chunk; });
  return out;
}

}  // namespace iamc
