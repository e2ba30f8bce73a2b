// JSON for tools: who/what matches and the diff. The schema is docs/access-json.md; `version`
// changes only if it changes incompatibly. 2-space indentation, a final newline.
#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <utility>

#include "access/escape.hpp"
#include "access/render.hpp"

namespace iamc::access {
namespace {

// Writes one record into `out` through a pointer, in room made first for the most it can take:
// one resize per change instead of an append call per piece (appending, the JSON of 200,000
// changes cost more than the diff that made them).
class Room {
 public:
  Room(std::string& out, std::size_t most) : out_(&out) {
    const std::size_t at = out.size();
    out.resize(at + most);
    end_ = out.data() + at;
  }
  Room(const Room&) = delete;
  Room& operator=(const Room&) = delete;
  ~Room() { out_->resize(static_cast<std::size_t>(end_ - out_->data())); }

  template <std::size_t N>
  void literal(const char (&text)[N]) {  // a constant size: the copy is inlined
    std::memcpy(end_, text, N - 1);
    end_ += N - 1;
  }
  void text(std::string_view text) {
    if (text.empty()) return;  // an empty view's data may be null, which memcpy must not get
    std::memcpy(end_, text.data(), text.size());
    end_ += text.size();
  }
  void json(std::string_view text) { end_ = write_json_string(end_, text); }
  void decimal(std::uint32_t n) { end_ = std::to_chars(end_, end_ + kDecimalRoom, n).ptr; }

  static constexpr std::size_t kDecimalRoom = 10;

 private:
  std::string* out_;
  char* end_;
};

constexpr std::size_t kPerSource = 64;  ///< a location's keys, punctuation and numbers

std::size_t locations_room(std::span<const Location> locations) {
  std::size_t room = 2;
  for (const Location& l : locations) room += json_string_room(l.file.size()) + kPerSource;
  return room;
}

void write_locations(Room& room, std::span<const Location> locations) {
  room.literal("[");
  for (std::size_t i = 0; i < locations.size(); ++i) {
    if (i != 0) room.literal(", ");
    room.literal("{\"file\": ");
    room.json(locations[i].file);
    room.literal(", \"line\": ");
    room.decimal(locations[i].line);
    room.literal(", \"column\": ");
    room.decimal(locations[i].column);
    room.literal("}");
  }
  room.literal("]");
}

std::string locations_json(std::span<const Location> locations) {
  std::string out;
  {
    Room room(out, locations_room(locations));
    write_locations(room, locations);
  }
  return out;
}

constexpr std::size_t kPrivilegeRoom = 64;  ///< the three names, quoted and separated

void write_privilege(Room& room, unsigned privilege) {
  room.literal("[");
  std::string_view sep;
  for (const auto& [bit, name] : {std::pair{kAdminRole, std::string_view("\"admin-role\"")},
                                  std::pair{kWildcardSubject, std::string_view("\"wildcard-principal\"")},
                                  std::pair{kWidestScope, std::string_view("\"org-wide-scope\"")}}) {
    if ((privilege & bit) == 0) continue;
    room.text(sep);
    room.text(name);
    sep = ", ";
  }
  room.literal("]");
}

std::string privilege_json(unsigned privilege) {
  std::string out;
  {
    Room room(out, kPrivilegeRoom);
    write_privilege(room, privilege);
  }
  return out;
}

// The room a change's JSON can take: its fixed text, and its user text escaped at worst.
std::size_t change_room(const Change& c) {
  constexpr std::size_t kFixed = 512;  // keys, punctuation, kind
  std::size_t room = kFixed + kPrivilegeRoom + locations_room(c.base_sources) + locations_room(c.head_sources);
  for (std::string_view text : {c.target, c.subject, c.principal, c.base_role, c.base_scope, c.head_role, c.head_scope}) {
    room += json_string_room(text.size());
  }
  return room;
}

void write_side(Room& room, std::string_view role, std::string_view scope, bool admin, std::span<const Location> sources) {
  if (role.empty() && scope.empty()) {
    room.literal("null");
    return;
  }
  room.literal("{\"role\": ");
  room.json(role);
  if (admin) {
    room.literal(", \"admin\": true, \"scope\": ");
  } else {
    room.literal(", \"admin\": false, \"scope\": ");
  }
  room.json(scope);
  room.literal(", \"sources\": ");
  write_locations(room, sources);
  room.literal("}");
}

void write_change(Room& room, const Change& c) {
  room.literal("    {\n      \"kind\": \"");
  room.text(change_kind_name(c.kind));
  room.literal("\",\n      \"privileged\": ");
  write_privilege(room, c.privilege);
  room.literal(",\n      \"target\": ");
  room.json(c.target);
  room.literal(",\n      \"subject\": ");
  room.json(c.subject);
  room.literal(",\n      \"principal\": ");
  room.json(c.principal);
  room.literal(",\n      \"base\": ");
  write_side(room, c.base_role, c.base_scope, c.base_admin, c.base_sources);
  room.literal(",\n      \"head\": ");
  write_side(room, c.head_role, c.head_scope, c.head_admin, c.head_sources);
  room.literal("\n    }");
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
  for (std::size_t i = 0; i < diff.changes.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    {
      Room room(out, change_room(diff.changes[i]));
      write_change(room, diff.changes[i]);
    }
    if (!chunks.piece_done()) return false;
  }
  out += diff.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return chunks.finish();
}

}  // namespace iamc::access
