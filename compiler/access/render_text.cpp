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

void append_where_all(std::string& out, std::span<const Location> locations, std::string_view side) {
  std::string_view sep;
  for (const Location& l : locations) {
    out += sep;
    out += side;
    append_display_text(out, l.file);
    out += ':';
    append_decimal(out, l.line);
    out += ':';
    append_decimal(out, l.column);
    sep = ", ";
  }
}

std::string where_all(std::span<const Location> locations, std::string_view side) {
  std::string out;
  append_where_all(out, locations, side);
  return out;
}

std::string subject_cell(const AccessModel& model, const model::Principal& p) {
  std::string_view alias = model.subject_alias(p);
  std::string described = display_text(lint::describe(p));
  return alias.empty() ? described : fmt::format("{} {}", display_text(alias), described);
}

}  // namespace

std::string render_matches_text(const AccessModel& model, std::string_view heading, std::span<const Match> matches) {
  std::string out = display_text(heading) + '\n';
  if (matches.empty()) return out + "no access found\n";
  std::vector<std::vector<std::string>> rows{{"TARGET", "SUBJECT", "ROLE", "SCOPE", "VIA", "GRANT", "PRIVILEGED"}};
  std::size_t privileged = 0;
  for (const Match& m : matches) {
    const Access& a = *m.access;
    privileged += a.privilege != 0 ? 1 : 0;
    std::string role = display_text(a.role);
    if (a.deny) role = "deny " + role;
    rows.push_back({display_text(model.target_name(a.target)), subject_cell(model, *a.principal), role,
                    display_text(model.scope_text(a)), std::string(via_name(m.via)), where_all(model.causes(a), ""),
                    privilege_reasons(a.privilege)});
  }
  out += table(rows);
  out += fmt::format("{} {}, {} privileged\n", matches.size(), matches.size() == 1 ? "grant" : "grants", privileged);
  return out;
}

// Appended piece by piece rather than formatted: a worst-case diff of 100,000 grants has 200,000
// changes, and fmt's runtime format strings cost more than the diff itself.
bool render_diff_text(const DiffResult& diff, const TextSink& sink) {
  ChunkedOutput chunks(sink);
  std::string& out = chunks.text();
  out += fmt::format("access changes from {} to {}\n", display_text(diff.base_name), display_text(diff.head_name));
  if (diff.changes.empty()) {
    out += "no access changes\n";
    return chunks.finish();
  }
  auto role_on_scope = [&out](std::string_view role, std::string_view scope) {
    append_display_text(out, role);
    out += " on ";
    append_display_text(out, scope);
  };
  auto sources = [&out](std::span<const Location> locations, std::string_view side) {
    if (locations.empty()) return;
    out += "    ";
    append_where_all(out, locations, side);
    out += '\n';
  };
  for (const Change& c : diff.changes) {
    out += c.privilege != 0 ? "! " : "  ";
    std::string_view kind = change_kind_name(c.kind);
    out += kind;
    out.append(kind.size() < 9 ? 9 - kind.size() : 0, ' ');
    out += ' ';
    append_display_text(out, c.target);
    out += "  ";
    append_display_text(out, c.subject);
    if (c.subject != c.principal) {
      out += ' ';
      append_display_text(out, c.principal);
    }
    out += "  ";
    switch (c.kind) {
      case ChangeKind::Gained: role_on_scope(c.head_role, c.head_scope); break;
      case ChangeKind::Lost: role_on_scope(c.base_role, c.base_scope); break;
      default:
        role_on_scope(c.base_role, c.base_scope);
        out += " -> ";
        role_on_scope(c.head_role, c.head_scope);
    }
    out += '\n';
    if (c.privilege != 0) {
      out += "    privileged: ";
      out += privilege_reasons(c.privilege);
      out += '\n';
    }
    sources(c.head_sources, "head: ");
    sources(c.base_sources, "base: ");
    if (!chunks.piece_done()) return false;
  }
  out += summary_line(diff);
  out += '\n';
  return chunks.finish();
}

}  // namespace iamc::access
