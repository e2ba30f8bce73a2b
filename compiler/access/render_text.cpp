// Plain text for a terminal: who/what tables and the diff (see render.hpp).
#include <fmt/format.h>

#include "access/escape.hpp"
#include "access/render.hpp"
#include "base/text.hpp"

namespace iamc::access {
namespace {

// Columns in code points (close enough for ids; East Asian widths are not measured).
std::size_t width(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size());
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - width(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string where(const Location& l) { return visible_text(fmt::format("{}:{}:{}", l.file, l.line, l.column)); }

std::string where_all(const std::vector<Location>& locations, std::string_view side) {
  std::string out;
  for (const Location& l : locations) {
    if (!out.empty()) out += ", ";
    out += side;
    out += where(l);
  }
  return out;
}

std::string subject_cell(const AccessModel& model, const model::Principal& p) {
  std::string_view alias = model.subject_alias(p);
  std::string described = visible_text(lint::describe(p));
  return alias.empty() ? described : fmt::format("{} {}", visible_text(alias), described);
}

}  // namespace

std::string render_matches_text(const AccessModel& model, std::string_view heading, std::span<const Match> matches) {
  std::string out = visible_text(heading) + '\n';
  if (matches.empty()) return out + "no access found\n";
  std::vector<std::vector<std::string>> rows{{"TARGET", "SUBJECT", "ROLE", "SCOPE", "VIA", "GRANT", "PRIVILEGED"}};
  std::size_t privileged = 0;
  for (const Match& m : matches) {
    const Access& a = *m.access;
    privileged += a.privilege != 0 ? 1 : 0;
    std::string role = visible_text(a.role);
    if (a.deny) role = "deny " + role;
    rows.push_back({visible_text(model.target_name(a.target)), subject_cell(model, *a.principal), role,
                    visible_text(model.scope_text(a)), std::string(via_name(m.via)), where_all(model.causes(a), ""),
                    privilege_reasons(a.privilege)});
  }
  out += table(rows);
  out += fmt::format("{} {}, {} privileged\n", matches.size(), matches.size() == 1 ? "grant" : "grants", privileged);
  return out;
}

std::string render_diff_text(const DiffResult& diff) {
  std::string out = fmt::format("access changes from {} to {}\n", visible_text(diff.base_name), visible_text(diff.head_name));
  if (diff.changes.empty()) return out + "no access changes\n";
  for (const Change& c : diff.changes) {
    std::string what;
    switch (c.kind) {
      case ChangeKind::Gained: what = fmt::format("{} on {}", visible_text(c.head_role), visible_text(c.head_scope)); break;
      case ChangeKind::Lost: what = fmt::format("{} on {}", visible_text(c.base_role), visible_text(c.base_scope)); break;
      default:
        what = fmt::format("{} on {} -> {} on {}", visible_text(c.base_role), visible_text(c.base_scope),
                           visible_text(c.head_role), visible_text(c.head_scope));
    }
    out += fmt::format("{}{:<9} {}  {}  {}\n", c.privilege != 0 ? "! " : "  ", change_kind_name(c.kind),
                       visible_text(c.target),
                       visible_text(c.subject == c.principal ? c.subject : c.subject + " " + c.principal), what);
    if (c.privilege != 0) out += fmt::format("    privileged: {}\n", privilege_reasons(c.privilege));
    if (!c.head_sources.empty()) out += "    " + where_all(c.head_sources, "head: ") + '\n';
    if (!c.base_sources.empty()) out += "    " + where_all(c.base_sources, "base: ") + '\n';
  }
  out += summary_line(diff) + '\n';
  return out;
}

}  // namespace iamc::access
