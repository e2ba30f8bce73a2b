// The SARIF 2.1.0 printer (see render.hpp; cf. clang's SarifDocumentWriter).
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "base/docs_url.hpp"
#include "base/text.hpp"
#include "base/version.hpp"
#include "diagnostics/render.hpp"

namespace iamc {
namespace {

using Json = nlohmann::ordered_json;

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "error";
}

// A relative URI reference for a path as shown in messages: '/' separators, reserved bytes
// percent-encoded.
std::string path_uri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c >= 0x80;
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Json location(const SourceManager& sources, Span span) {
  const SourceFile& file = sources.file(span.file);
  LineCol begin = file.line_col(span.begin);
  LineCol end = file.line_col(std::max(span.end, span.begin + 1));
  if (span.end <= span.begin) end = LineCol{begin.line, begin.column + 1};
  Json artifact{{"uri", path_uri(file.path())}};
  if (!std::filesystem::path(file.path()).is_absolute()) artifact["uriBaseId"] = "%SRCROOT%";
  return Json{{"physicalLocation",
               {{"artifactLocation", std::move(artifact)},
                {"region",
                 {{"startLine", begin.line},
                  {"startColumn", begin.column},
                  {"endLine", end.line},
                  {"endColumn", end.column}}}}}};
}

// FNV-1a over what identifies a finding across runs: code, file, and the trimmed source line, so
// the fingerprint survives lines being inserted above.
std::string fingerprint(const SourceManager& sources, const Diagnostic& d, std::map<std::string, int>& seen) {
  std::string key(diag_info(d.code).code);
  if (d.span.valid()) {
    const SourceFile& file = sources.file(d.span.file);
    std::string_view line = file.line_text(file.line_col(d.span.begin).line);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    key += '\x1f' + file.path() + '\x1f' + std::string(line);
  }
  key += '\x1f' + d.message;
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  int n = seen[key]++;  // identical findings get distinct fingerprints
  return fmt::format("{:016x}:{}", h, n + 1);
}

}  // namespace

void render_sarif(const DiagnosticSink& sink, const SourceManager& sources,
                  std::span<const SuppressedDiagnostic> suppressed,
                  const std::function<std::string(DiagCode)>& describe, ShowLimit limit, const ChunkWriter& write) {
  Json rules = Json::array();
  for (const DiagInfo& info : all_diag_infos()) {
    rules.push_back(Json{{"id", info.code},
                         {"name", info.slug},
                         {"shortDescription", {{"text", info.summary}}},
                         {"fullDescription", {{"text", describe(info.id)}}},
                         {"helpUri", doc_url(info.id)},
                         {"defaultConfiguration", {{"level", sarif_level(info.default_severity)}}},
                         {"properties", {{"tags", is_lint_rule(info.id) ? Json::array({"security", "iam"})
                                                                        : Json::array({"correctness"})}}}});
  }
  std::map<std::string, int> seen;
  auto result = [&](const Diagnostic& d) {
    Json r{{"ruleId", diag_info(d.code).code},
           {"ruleIndex", static_cast<int>(d.code)},
           {"level", sarif_level(d.severity)},
           {"message", {{"text", display_text(d.message)}}}};
    if (d.span.valid()) r["locations"] = Json::array({location(sources, d.span)});
    r["partialFingerprints"] = Json{{"iamcFindingHash/v1", fingerprint(sources, d, seen)}};
    Json related = Json::array();
    int id = 0;
    for (const Note& n : d.notes) {
      Json loc = n.span.valid() ? location(sources, n.span) : Json::object();
      loc["id"] = id++;
      loc["message"] = Json{{"text", display_text(n.message)}};
      related.push_back(std::move(loc));
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    return r;
  };
  const auto& all = sink.diagnostics();
  const std::size_t shown = limit.shown(all.size());
  std::error_code ec;
  std::string root = std::filesystem::current_path(ec).generic_string();
  if (root.empty() || root.back() != '/') root += '/';
  // The document is dumped with a placeholder for the results, which are then written one by one
  // in its place, each as dump(2) would have indented it: the same bytes, without the whole tree.
  constexpr std::string_view kPlaceholder = "\"@iamc-results@\"";
  Json run{{"tool",
            {{"driver",
              {{"name", "iamc"},
               {"version", std::string(kVersion)},
               {"informationUri", docs_url("cli.md")},
               {"rules", std::move(rules)}}}}},
           {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + path_uri(root)}}}}},
           {"columnKind", "unicodeCodePoints"}};
  if (shown < all.size()) {
    run["invocations"] = Json::array({Json{
        {"executionSuccessful", true},
        {"toolExecutionNotifications",
         Json::array({Json{{"level", "note"}, {"message", {{"text", not_shown_note(all.size() - shown, limit.max_shown)}}}}})}}});
  }
  run["results"] = std::string(kPlaceholder.substr(1, kPlaceholder.size() - 2));
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({std::move(run)})}};
  std::string skeleton = doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  std::size_t at = skeleton.find(kPlaceholder);
  std::string out = skeleton.substr(0, at);
  const std::size_t depth = 4;  // results' items sit inside document > runs > run > results
  const std::string indent(depth * 2, ' ');
  bool first = true;
  auto emit = [&](const Json& r) {
    out += first ? "[\n" + indent : ",\n" + indent;
    first = false;
    std::string text = r.dump(2, ' ', false, Json::error_handler_t::replace);
    for (char c : text) {
      out += c;
      if (c == '\n') out += indent;
    }
    if (out.size() >= 64 * 1024) {
      write(out);
      out.clear();
    }
  };
  for (std::size_t i = 0; i < shown; ++i) emit(result(all[i]));
  for (const SuppressedDiagnostic& sd : suppressed) {
    Json r = result(sd.diagnostic);
    r["suppressions"] = Json::array({Json{{"kind", "inSource"}, {"justification", sd.reason}}});
    emit(r);
  }
  out += first ? "[]" : "\n" + std::string((depth - 1) * 2, ' ') + "]";
  out += skeleton.substr(at + kPlaceholder.size());
  write(out);
}

std::string render_sarif(const DiagnosticSink& sink, const SourceManager& sources,
                         std::span<const SuppressedDiagnostic> suppressed,
                         const std::function<std::string(DiagCode)>& describe) {
  std::string out;
  render_sarif(sink, sources, suppressed, describe, ShowLimit{}, [&](std::string_view chunk) { out += chunk; });
  return out;
}

}  // namespace iamc
