// The JSON printer (schema documented in docs/cli.md, "JSON diagnostics").
#include <nlohmann/json.hpp>

#include "diagnostics/render.hpp"

namespace iamc {
namespace {

using Json = nlohmann::ordered_json;

Json position(const SourceFile& file, std::uint32_t offset) {
  LineCol lc = file.line_col(offset);
  return Json{{"line", lc.line}, {"column", lc.column}, {"offset", offset}};
}

void add_location(Json& obj, const SourceManager& sources, Span span) {
  if (!span.valid()) return;
  const SourceFile& file = sources.file(span.file);
  obj["file"] = file.path();
  obj["range"] = Json{{"start", position(file, span.begin)}, {"end", position(file, span.end)}};
}

}  // namespace

std::string render_json(const DiagnosticSink& sink, const SourceManager& sources,
                        const RunSummary& summary) {
  Json list = Json::array();
  for (const Diagnostic& d : sink.diagnostics()) {
    const DiagInfo& info = diag_info(d.code);
    Json item{{"code", info.code}, {"name", info.slug}, {"severity", severity_name(d.severity)},
              {"message", d.message}};
    add_location(item, sources, d.span);
    Json notes = Json::array();
    for (const Note& n : d.notes) {
      Json note{{"message", n.message}};
      add_location(note, sources, n.span);
      notes.push_back(std::move(note));
    }
    item["notes"] = std::move(notes);
    Json fixes = Json::array();
    for (const FixIt& f : d.fixes) {
      Json fix{{"replacement", f.replacement}};
      add_location(fix, sources, f.span);
      fixes.push_back(std::move(fix));
    }
    item["fixes"] = std::move(fixes);
    list.push_back(std::move(item));
  }
  Json doc{{"version", 1},
           {"diagnostics", std::move(list)},
           {"summary",
            {{"files", summary.files},
             {"grants", summary.grants},
             {"errors", sink.error_count()},
             {"warnings", sink.warning_count()},
             {"suppressed", summary.suppressed},
             {"infos", sink.count(Severity::Info)}}}};
  // Invalid UTF-8 cannot reach a message (sources are validated first), but replace rather than
  // throw if it ever does.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace iamc
