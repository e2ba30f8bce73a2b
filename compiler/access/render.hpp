// The access outputs, one file each: text (a terminal), markdown (a pull-request comment), json
// (tools; schema in docs/access-json.md), html (the auditor's report) and csv (spreadsheets).
// Every piece of user text goes through escape.hpp on its way out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "access/access.hpp"
#include "access/diff.hpp"
#include "access/query.hpp"
#include "base/chunked_output.hpp"
#include "diagnostics/render.hpp"

namespace iamc::access {

/// who/what: a heading line, then one aligned row per match.
std::string render_matches_text(const AccessModel& model, std::string_view heading, std::span<const Match> matches);
/// who/what as JSON: {"version", "command", "query", "access": [...]}.
std::string render_matches_json(const AccessModel& model, std::string_view command, std::string_view query,
                                std::span<const Match> matches);

/// diff outputs, handed to `sink`; false when the sink failed. `base` and `head` name the two
/// sides as the user gave them.
bool render_diff_text(const DiffResult& diff, const TextSink& sink);
bool render_diff_markdown(const DiffResult& diff, const TextSink& sink);
bool render_diff_json(const DiffResult& diff, const TextSink& sink);

/// The report: everything a checked project grants, per target instance.
struct ReportInput {
  const AccessModel* model = nullptr;
  std::span<const SuppressedDiagnostic> suppressed;
  const SourceManager* sources = nullptr;
  std::string title;  ///< what was read (the paths), shown as the page title
};
std::string render_report_html(const ReportInput& input);
std::string render_report_csv(const ReportInput& input);

}  // namespace iamc::access
