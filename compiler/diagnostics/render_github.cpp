// GitHub Actions workflow-command printer (see render.hpp).
#include <fmt/format.h>

#include "diagnostics/render.hpp"

namespace iamc {
namespace {

// Workflow commands end at a newline and split properties at ',' and ':'; escape as the runner
// expects (%25 %0D %0A, and %3A %2C inside properties).
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
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

std::string render_github(const DiagnosticSink& sink, const SourceManager& sources) {
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    std::string_view command = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "notice";
    const DiagInfo& info = diag_info(d.code);
    std::string props;
    if (d.span.valid()) {
      const SourceFile& file = sources.file(d.span.file);
      LineCol b = file.line_col(d.span.begin);
      LineCol e = file.line_col(std::max(d.span.end, d.span.begin));
      props = fmt::format("file={},line={},col={},endLine={},endColumn={},", escape(file.path(), true), b.line,
                          b.column, e.line, e.column);
    }
    props += "title=" + escape(fmt::format("{} {}", info.code, info.slug), true);
    std::string message = d.message;
    for (const Note& n : d.notes) message += "\nnote: " + n.message;
    out += fmt::format("::{} {}::{}\n", command, props, escape(message, false));
  }
  return out;
}

}  // namespace iamc
