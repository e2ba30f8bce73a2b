// Connhex's live policies: GET /iam/policies -> {"policies": [...]} (flavours.md §2 and §6). A
// policy is matched by its id; other members, statements, name or tenants make an update
// (PUT /iam/policies/{id} with the full policy). Policies whose type is not CUSTOM are the
// vendor's (COMPIUTA_MANAGED, omitted from JSON as the enum's default): never planned.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/catalog.hpp"
#include "plan/decode_util.hpp"

namespace iamc::plan {
namespace {

using namespace detail;

// One statement, at `path` (a policy's ctx.path is the policy's).
bool decode_statement(const json::Value& s, const DecodeContext& ctx, const JsonPath& path, Statement& out) {
  if (!s.is(json::Kind::Object)) {
    return ctx.fail(s, path.str(), fmt::format("expected a statement object, found {}", json::kind_phrase(s.kind)));
  }
  if (!string_member(s, "effect", false, ctx, path, out.effect) ||
      !string_member(s, "role", false, ctx, path, out.role) ||
      !string_list_member(s, "actions", false, ctx, path, out.actions, &out.has_actions) ||
      !string_list_member(s, "resources", false, ctx, path, out.resources, &out.has_resources) ||
      !string_list_member(s, "tenants", false, ctx, path, out.tenants, &out.has_tenants)) {
    return false;
  }
  if (out.effect.empty()) out.effect = "ALLOW";  // the enum's default
  if (out.effect != "ALLOW" && out.effect != "DENY") {
    return ctx.fail(*s.find("effect"), JsonPath(path, "effect").str(),
                    fmt::format("unknown effect {:?}: expected ALLOW or DENY", out.effect));
  }
  sort_unique(out.actions);
  sort_unique(out.resources);
  sort_unique(out.tenants);
  return true;
}

// The statement as one comparable string. Empty resources mean every resource (the server
// writes ["*"] for them), and an absent list is an empty one.
void add_statement_key(std::string& key, const Statement& s) {
  add_key(key, s.effect);
  add_key(key, s.role);
  for (const std::string& a : s.actions) add_key(key, a);
  key += '\x1e';
  if (s.resources.empty()) {
    add_key(key, "*");
  } else {
    for (const std::string& r : s.resources) add_key(key, r);
  }
  key += '\x1e';
  for (const std::string& t : s.tenants) add_key(key, t);
  key += '\x1d';
}

class ConnhexDecoder final : public StateDecoder {
 public:
  [[nodiscard]] model::TargetKind kind() const override { return model::TargetKind::Connhex; }
  [[nodiscard]] std::vector<std::string_view> list_keys() const override { return {"policies"}; }

  bool decode(const json::Value& item, const DecodeContext& ctx, Binding& out) const override {
    if (!require_object(item, ctx)) return false;
    PolicyParts& p = out.details().policy;
    std::string type;
    if (!string_member(item, "id", true, ctx, ctx.path, out.id) ||
        !string_member(item, "name", false, ctx, ctx.path, p.name) ||
        !string_member(item, "type", false, ctx, ctx.path, type) ||
        !string_list_member(item, "members", false, ctx, ctx.path, p.members) ||
        !string_list_member(item, "tenants", false, ctx, ctx.path, p.tenants)) {
      return false;
    }
    // A live policy without a type has the enum's default, COMPIUTA_MANAGED; request bodies
    // carry no type and are always custom.
    out.system = ctx.error && type != "CUSTOM";
    sort_unique(p.members);
    sort_unique(p.tenants);
    bool ok = true;
    if (const json::Value* statements = member(item, "statements", json::Kind::Array, !out.system, ctx, ctx.path, ok)) {
      const JsonPath statements_path(ctx.path, "statements");
      json::for_each_element(ctx.document, ctx.base, *statements, [&](const json::Value& s, std::size_t i) {
        Statement st;
        ok = decode_statement(s, ctx, JsonPath(statements_path, i), st);
        if (ok) p.statements.push_back(std::move(st));
        return ok;
      });
    }
    if (!ok) return false;
    std::vector<std::string> statement_keys;
    for (const Statement& s : p.statements) {
      std::string k;
      add_statement_key(k, s);
      statement_keys.push_back(std::move(k));
    }
    sort_unique(statement_keys);
    out.key = out.id;
    add_key(out.content, p.name);
    for (const std::string& m : p.members) add_key(out.content, m);
    out.content += '\x1e';
    for (const std::string& k : statement_keys) p.statements_key += k;
    out.content += p.statements_key;
    out.content += '\x1e';
    for (const std::string& t : p.tenants) add_key(out.content, t);
    if (!ctx.error) out.id.clear();  // a request body's id is the key, not a live id
    return true;
  }

  [[nodiscard]] bool privileged_on_widest(const Binding& b) const override {
    for (const Statement& s : b.details().policy.statements) {
      if (s.effect != "ALLOW" || s.role.empty() || !catalog::catalog(kind()).is_privileged(s.role)) continue;
      if (!s.has_tenants || std::find(s.tenants.begin(), s.tenants.end(), "*") != s.tenants.end()) return true;
    }
    return false;
  }

  void source_form(const Binding& b, SourceForm& out) const override {
    out.principal = fmt::format("policy {}", b.key);
    const PolicyParts& p = b.details().policy;
    std::string block = fmt::format("policy {} {{\n  name = {}\n  members = [", dsl_role(b.key), dsl_string(p.name));
    for (std::size_t i = 0; i < p.members.size(); ++i) {
      std::string member = member_source(p.members[i]);
      if (member.empty()) {
        out.why_not = fmt::format("the member {:?} has no iamc principal", p.members[i]);
        return;
      }
      block += fmt::format("{}{}", i == 0 ? "" : ", ", member);
    }
    block += "]\n  tenants = [";
    for (std::size_t i = 0; i < p.tenants.size(); ++i) block += fmt::format("{}{}", i == 0 ? "" : ", ", dsl_string(p.tenants[i]));
    block += "]\n";
    if (p.name.empty()) out.why_not = "the policy has no name";
    if (p.statements.empty()) out.why_not = "the policy has no statements";
    for (const Statement& s : p.statements) {
      block += s.effect == "DENY" ? "  deny" : "  allow";
      if (!s.role.empty()) {
        block += ' ';  // not `" " + dsl_role(...)`: g++ 12 -O3 warns (-Wrestrict) about that temporary
        block += dsl_role(s.role);
        out.roles.push_back(s.role);
      }
      auto list = [&](std::string_view word, const std::vector<std::string>& items) {
        block += fmt::format(" {} [", word);
        for (std::size_t i = 0; i < items.size(); ++i) block += fmt::format("{}{}", i == 0 ? "" : ", ", dsl_string(items[i]));
        block += "]";
      };
      if (s.has_actions) list("actions", s.actions);
      if (s.has_resources) list("resources", s.resources);
      if (s.has_tenants && !s.tenants.empty()) {
        block += " on ";
        for (std::size_t i = 0; i < s.tenants.size(); ++i) {
          block += fmt::format("{}{}", i == 0 ? "" : ", ",
                               s.tenants[i] == "*" ? std::string("all_tenants") : "tenant(" + dsl_string(s.tenants[i]) + ")");
        }
      }
      if (s.role.empty() && !s.has_actions) out.why_not = "a statement has neither a role nor actions";
      block += "\n";
    }
    block += "}\n";
    out.policy_block = std::move(block);
  }

  // A member string as an iamc principal; empty when iamc has none for it.
  static std::string member_source(std::string_view m) {
    if (m == "*") return "everyone";
    if (m.rfind("token:", 0) == 0 && m.size() > 6 && m.find(':', 6) == std::string_view::npos && m.substr(6) != "*") {
      return fmt::format("token({})", dsl_string(m.substr(6)));
    }
    for (std::string_view kind : {"user", "team"}) {
      if (m.rfind(kind, 0) != 0 || m.size() <= kind.size() || m[kind.size()] != ':') continue;
      std::string_view rest = m.substr(kind.size() + 1);
      std::size_t colon = rest.find(':');
      if (colon == std::string_view::npos) return {};
      std::string_view idp = rest.substr(0, colon);
      std::string_view id = rest.substr(colon + 1);
      if ((idp != "local" && idp != "ldap" && idp != "saml") || id.empty() || id.find(':') != std::string_view::npos) return {};
      return idp == "local" ? fmt::format("{}({})", kind, dsl_string(id))
                            : fmt::format("{}({}, idp: {})", kind, dsl_string(id), idp);
    }
    return {};
  }

  // One response holds every policy (the API has no pages).
  void list_request(const model::TargetInstance& /*target*/, std::string_view /*page_token*/, PlanRequest& out) const override {
    out.method = "GET";
    out.path = "/iam/policies";
    out.content_type.clear();
    out.body.clear();
  }

  void delete_request(const model::TargetInstance&, const Binding& live, PlanRequest& out) const override {
    out.method = "DELETE";
    out.path = "/iam/policies/" + path_segment(live.id);
    out.content_type.clear();
    out.accept.clear();
    out.body.clear();
  }

  bool update_request(const Binding& live, std::string_view create_body, PlanRequest& out) const override {
    out.method = "PUT";
    out.path = "/iam/policies/" + path_segment(live.id);
    out.content_type = "application/json";
    out.body = create_body;
    return true;
  }
};

}  // namespace

const StateDecoder& connhex_state_decoder() {
  static const ConnhexDecoder kDecoder;
  return kDecoder;
}

}  // namespace iamc::plan
