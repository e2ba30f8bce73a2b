// Markdown for a pull-request comment or a GitHub job summary: a summary table, privileged changes
// first, the sources in collapsible details (see render.hpp).
#include <fmt/format.h>

#include "access/escape.hpp"
#include "access/render.hpp"
#include "base/text.hpp"

namespace iamc::access {
namespace {

void append_access_cell(std::string& out, std::string_view role, std::string_view scope) {
  if (role.empty()) return;
  out += '`';
  append_markdown_text(out, role);
  out += "` on ";
  append_markdown_text(out, scope);
}

void append_sources_cell(std::string& out, std::span<const Location> locations) {
  std::string_view sep;
  std::string where;
  for (const Location& l : locations) {
    out += sep;
    where.assign(l.file);
    where += ':';
    append_decimal(where, l.line);
    where += ':';
    append_decimal(where, l.column);
    append_markdown_text(out, where);
    sep = "<br>";
  }
}

}  // namespace

// Appended piece by piece rather than formatted, for the same reason as the text (render_text.cpp).
bool render_diff_markdown(const DiffResult& diff, const TextSink& sink) {
  ChunkedOutput chunks(sink);
  std::string& out = chunks.text();
  out += fmt::format("### iamc: access changes from {} to {}\n\n", markdown_text(diff.base_name),
                     markdown_text(diff.head_name));
  if (diff.changes.empty()) {
    out += "No access changes.\n";
    return chunks.finish();
  }
  out += fmt::format("**{}**\n\n", markdown_text(summary_line(diff)));
  out += "| | change | target | subject | before | after |\n| --- | --- | --- | --- | --- | --- |\n";
  for (const Change& c : diff.changes) {
    out += c.privilege != 0 ? "| ⚠️ **privileged** | " : "|  | ";
    out += change_kind_name(c.kind);
    out += " | ";
    append_markdown_text(out, c.target);
    out += " | ";
    append_markdown_text(out, c.subject);
    out += " | ";
    append_access_cell(out, c.base_role, c.base_scope);
    out += " | ";
    append_access_cell(out, c.head_role, c.head_scope);
    out += " |\n";
    if (!chunks.piece_done()) return false;
  }
  out += "\n<details><summary>Where each change comes from</summary>\n\n";
  out += "| change | subject | principal | privileged because | head sources | base sources |\n"
         "| --- | --- | --- | --- | --- | --- |\n";
  for (const Change& c : diff.changes) {
    out += "| ";
    out += change_kind_name(c.kind);
    out += " | ";
    append_markdown_text(out, c.subject);
    out += " | ";
    append_markdown_text(out, c.principal);
    out += " | ";
    out += privilege_reasons(c.privilege);
    out += " | ";
    append_sources_cell(out, c.head_sources);
    out += " | ";
    append_sources_cell(out, c.base_sources);
    out += " |\n";
    if (!chunks.piece_done()) return false;
  }
  out += "\n</details>\n";
  return chunks.finish();
}

}  // namespace iamc::access
