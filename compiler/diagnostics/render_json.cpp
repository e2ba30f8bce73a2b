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

// `value` as nlohmann's dump(2) prints it `depth` levels deep inside a document, so that a
// document written piece by piece is byte-for-byte the one dump(2) makes of the whole.
void append_nested(std::string& out, const Json& value, std::size_t depth) {
  std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
  const std::string indent(depth * 2, ' ');
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
}

Json diagnostic_json(const Diagnostic& d, const SourceManager& sources) {
  const DiagInfo& info = diag_info(d.code);
  Json item{{"code", info.code},
            {"name", info.slug},
            {"severity", severity_name(d.severity)},
            {"message", d.message},
            {"url", doc_url(d.code)}};
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
  return item;
}

}  // namespace

// Messages keep the user's text as it is: JSON escapes every control character itself (\u001b),
// and a program reading the report gets the exact text. Invalid UTF-8 cannot reach a message
// (sources are validated first), but it is replaced rather than thrown on if it ever does.
void render_json(const DiagnosticSink& sink, const SourceManager& sources, const RunSummary& summary,
                 ShowLimit limit, const ChunkWriter& write) {
  const auto& all = sink.diagnostics();
  const std::size_t shown = limit.shown(all.size());
  std::string out = "{\n  \"version\": 1,\n  \"diagnostics\": [";
  for (std::size_t i = 0; i < shown; ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    append_nested(out, diagnostic_json(all[i], sources), 2);
    if (out.size() >= 64 * 1024) {
      write(out);
      out.clear();
    }
  }
  out += shown == 0 ? "],\n  \"summary\": " : "\n  ],\n  \"summary\": ";
  Json totals{{"files", summary.files},
              {"grants", summary.grants},
              {"errors", sink.error_count()},
              {"warnings", sink.warning_count()},
              {"suppressed", summary.suppressed},
              {"infos", sink.count(Severity::Info)}};
  if (shown < all.size()) totals["not_shown"] = all.size() - shown;
  append_nested(out, totals, 1);
  out += "\n}\n";
  write(out);
}

std::string render_json(const DiagnosticSink& sink, const SourceManager& sources, const RunSummary& summary) {
  std::string out;
  render_json(sink, sources, summary, ShowLimit{}, [&](std::string_view chunk) { out += chunk; });
  return out;
}

}  // namespace iamc
