// Markdown for a pull-request comment or a GitHub job summary: a summary table, privileged changes
// first, the sources in collapsible details (see render.hpp).
#include <fmt/format.h>

#include "access/escape.hpp"
#include "access/render.hpp"

namespace iamc::access {
namespace {

std::string access_cell(const std::string& role, const std::string& scope) {
  if (role.empty()) return "";
  return fmt::format("`{}` on {}", markdown_text(role), markdown_text(scope));
}

std::string sources_cell(const std::vector<Location>& locations) {
  std::string out;
  for (const Location& l : locations) {
    if (!out.empty()) out += "<br>";
    out += markdown_text(fmt::format("{}:{}:{}", l.file, l.line, l.column));
  }
  return out;
}

}  // namespace

std::string render_diff_markdown(const DiffResult& diff) {
  std::string out = fmt::format("### iamc: access changes from {} to {}\n\n", markdown_text(diff.base_name),
                                markdown_text(diff.head_name));
  if (diff.changes.empty()) return out + "No access changes.\n";
  out += fmt::format("**{}**\n\n", markdown_text(summary_line(diff)));
  out += "| | change | target | subject | before | after |\n| --- | --- | --- | --- | --- | --- |\n";
  for (const Change& c : diff.changes) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", c.privilege != 0 ? "⚠️ **privileged**" : "",
                       change_kind_name(c.kind), markdown_text(c.target), markdown_text(c.subject),
                       access_cell(c.base_role, c.base_scope), access_cell(c.head_role, c.head_scope));
  }
  out += "\n<details><summary>Where each change comes from</summary>\n\n";
  out += "| change | subject | principal | privileged because | head sources | base sources |\n"
         "| --- | --- | --- | --- | --- | --- |\n";
  for (const Change& c : diff.changes) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", change_kind_name(c.kind), markdown_text(c.subject),
                       markdown_text(c.principal), privilege_reasons(c.privilege), sources_cell(c.head_sources),
                       sources_cell(c.base_sources));
  }
  out += "\n</details>\n";
  return out;
}

}  // namespace iamc::access
