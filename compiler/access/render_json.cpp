// JSON for tools: who/what matches and the diff. The schema is docs/access-json.md; `version`
// changes only if it changes incompatibly. 2-space indentation, a final newline.
#include <fmt/format.h>

#include "access/escape.hpp"
#include "access/render.hpp"

namespace iamc::access {
namespace {

void append_locations_json(std::string& out, std::span<const Location> locations) {
  out += '[';
  for (std::size_t i = 0; i < locations.size(); ++i) {
    if (i != 0) out += ", ";
    out += "{\"file\": ";
    append_json_string(out, locations[i].file);
    out += ", \"line\": ";
    append_decimal(out, locations[i].line);
    out += ", \"column\": ";
    append_decimal(out, locations[i].column);
    out += '}';
  }
  out += ']';
}

std::string locations_json(std::span<const Location> locations) {
  std::string out;
  append_locations_json(out, locations);
  return out;
}

void append_privilege_json(std::string& out, unsigned privilege) {
  out += '[';
  std::string_view sep;
  auto add = [&](unsigned bit, std::string_view name) {
    if ((privilege & bit) == 0) return;
    out += sep;
    out += '"';
    out += name;
    out += '"';
    sep = ", ";
  };
  add(kAdminRole, "admin-role");
  add(kWildcardSubject, "wildcard-principal");
  add(kWidestScope, "org-wide-scope");
  out += ']';
}

std::string privilege_json(unsigned privilege) {
  std::string out;
  append_privilege_json(out, privilege);
  return out;
}

}  // namespace

std::string render_matches_json(const AccessModel& model, std::string_view command, std::string_view query,
                                std::span<const Match> matches) {
  std::string out = fmt::format("{{\n  \"version\": 1,\n  \"command\": {},\n  \"query\": {},\n  \"access\": [",
                                json_string(command), json_string(query));
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const Access& a = *matches[i].access;
    const model::Principal& p = *a.principal;
    out += i == 0 ? "\n" : ",\n";
    out += "    {\n";
    out += fmt::format("      \"target\": {},\n", json_string(model.target_name(a.target)));
    out += fmt::format("      \"subject\": {{\"name\": {}, \"kind\": \"{}\", \"principal\": {{\"kind\": \"{}\", \"id\": {}, \"idp\": {}}}}},\n",
                       json_string(model.subject_name(p)), subject_kind_name(model.subject_kind(p)),
                       model::principal_kind_name(p.kind), json_string(p.id), json_string(p.idp));
    out += fmt::format("      \"role\": {},\n", json_string(a.role));
    out += fmt::format("      \"effect\": \"{}\",\n", a.deny ? "deny" : "allow");
    out += fmt::format("      \"scope\": {},\n", json_string(model.scope_text(a)));
    out += fmt::format("      \"via\": \"{}\",\n", via_name(matches[i].via));
    out += fmt::format("      \"privileged\": {},\n", privilege_json(a.privilege));
    out += fmt::format("      \"grant\": {{\"id\": {}, \"description\": {}, \"sources\": {}}}\n", json_string(model.grant_id(a)),
                       json_string(model.description(a)), locations_json(model.causes(a)));
    out += "    }";
  }
  out += matches.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

// Appended piece by piece rather than formatted, for the same reason as the text (render_text.cpp).
bool render_diff_json(const DiffResult& diff, const TextSink& sink) {
  ChunkedOutput chunks(sink);
  std::string& out = chunks.text();
  out += "{\n  \"version\": 1,\n  \"base\": ";
  append_json_string(out, diff.base_name);
  out += ",\n  \"head\": ";
  append_json_string(out, diff.head_name);
  out += fmt::format(",\n  \"summary\": {{\"changes\": {}, \"privileged\": {}", diff.changes.size(), diff.privileged());
  for (ChangeKind k : {ChangeKind::Gained, ChangeKind::Lost, ChangeKind::Widened, ChangeKind::Narrowed,
                       ChangeKind::Raised, ChangeKind::Lowered, ChangeKind::RoleChanged}) {
    out += fmt::format(", \"{}\": {}", change_kind_name(k), diff.count(k));
  }
  out += "},\n  \"changes\": [";
  auto side = [&out](std::string_view role, std::string_view scope, bool admin, std::span<const Location> sources) {
    if (role.empty() && scope.empty()) {
      out += "null";
      return;
    }
    out += "{\"role\": ";
    append_json_string(out, role);
    out += admin ? ", \"admin\": true, \"scope\": " : ", \"admin\": false, \"scope\": ";
    append_json_string(out, scope);
    out += ", \"sources\": ";
    append_locations_json(out, sources);
    out += '}';
  };
  for (std::size_t i = 0; i < diff.changes.size(); ++i) {
    const Change& c = diff.changes[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\n      \"kind\": \"";
    out += change_kind_name(c.kind);
    out += "\",\n      \"privileged\": ";
    append_privilege_json(out, c.privilege);
    out += ",\n      \"target\": ";
    append_json_string(out, c.target);
    out += ",\n      \"subject\": ";
    append_json_string(out, c.subject);
    out += ",\n      \"principal\": ";
    append_json_string(out, c.principal);
    out += ",\n      \"base\": ";
    side(c.base_role, c.base_scope, c.base_admin, c.base_sources);
    out += ",\n      \"head\": ";
    side(c.head_role, c.head_scope, c.head_admin, c.head_sources);
    out += "\n    }";
    if (!chunks.piece_done()) return false;
  }
  out += diff.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return chunks.finish();
}

}  // namespace iamc::access
