// JSON for tools: who/what matches and the diff. The schema is docs/access-json.md; `version`
// changes only if it changes incompatibly. 2-space indentation, a final newline.
#include <fmt/format.h>

#include "access/escape.hpp"
#include "access/render.hpp"

namespace iamc::access {
namespace {

std::string location_json(const Location& l) {
  return fmt::format("{{\"file\": {}, \"line\": {}, \"column\": {}}}", json_string(l.file), l.line, l.column);
}

std::string locations_json(const std::vector<Location>& locations) {
  std::string out = "[";
  for (std::size_t i = 0; i < locations.size(); ++i) {
    if (i != 0) out += ", ";
    out += location_json(locations[i]);
  }
  return out + "]";
}

std::string privilege_json(unsigned privilege) {
  std::string out = "[";
  auto add = [&](unsigned bit, std::string_view name) {
    if ((privilege & bit) == 0) return;
    if (out.size() > 1) out += ", ";
    out += fmt::format("\"{}\"", name);
  };
  add(kAdminRole, "admin-role");
  add(kWildcardSubject, "wildcard-principal");
  add(kWidestScope, "org-wide-scope");
  return out + "]";
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

std::string render_diff_json(const DiffResult& diff) {
  std::string out = fmt::format("{{\n  \"version\": 1,\n  \"base\": {},\n  \"head\": {},\n  \"summary\": {{\"changes\": {}, \"privileged\": {}",
                                json_string(diff.base_name), json_string(diff.head_name), diff.changes.size(), diff.privileged());
  for (ChangeKind k : {ChangeKind::Gained, ChangeKind::Lost, ChangeKind::Widened, ChangeKind::Narrowed,
                       ChangeKind::Raised, ChangeKind::Lowered, ChangeKind::RoleChanged}) {
    out += fmt::format(", \"{}\": {}", change_kind_name(k), diff.count(k));
  }
  out += "},\n  \"changes\": [";
  auto side = [](const std::string& role, const std::string& scope, bool admin, const std::vector<Location>& sources) {
    if (role.empty() && scope.empty()) return std::string("null");
    return fmt::format("{{\"role\": {}, \"admin\": {}, \"scope\": {}, \"sources\": {}}}", json_string(role),
                       admin ? "true" : "false", json_string(scope), locations_json(sources));
  };
  for (std::size_t i = 0; i < diff.changes.size(); ++i) {
    const Change& c = diff.changes[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\n";
    out += fmt::format("      \"kind\": \"{}\",\n", change_kind_name(c.kind));
    out += fmt::format("      \"privileged\": {},\n", privilege_json(c.privilege));
    out += fmt::format("      \"target\": {},\n", json_string(c.target));
    out += fmt::format("      \"subject\": {},\n", json_string(c.subject));
    out += fmt::format("      \"principal\": {},\n", json_string(c.principal));
    out += fmt::format("      \"base\": {},\n", side(c.base_role, c.base_scope, c.base_admin, c.base_sources));
    out += fmt::format("      \"head\": {}\n", side(c.head_role, c.head_scope, c.head_admin, c.head_sources));
    out += "    }";
  }
  out += diff.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace iamc::access
