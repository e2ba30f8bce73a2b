// The *.iam.yaml schema (see yaml_reader.hpp): a document's node tree (yaml_tree.hpp) -> the same
// ast::File the DSL actions build.
#include "frontend/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "frontend/yaml_comments.hpp"
#include "frontend/yaml_tree.hpp"

namespace iamc::frontend {
namespace {

constexpr std::array<std::string_view, 6> kTopKeys = {"include", "targets", "let", "identities", "grants", "policies"};
constexpr std::array<std::string_view, 9> kGrantKeys = {"in", "grant", "to", "on", "id",
                                                        "title", "description", "labels", "org"};
constexpr std::array<std::string_view, 6> kPolicyKeys = {"in", "policy", "name", "members", "tenants", "statements"};
constexpr std::array<std::string_view, 5> kStatementKeys = {"effect", "role", "actions", "resources", "on"};
constexpr std::array<std::string_view, 4> kRoleKeys = {"name", "id", "privileged", "level"};
constexpr std::array<std::string_view, 2> kEffects = {"allow", "deny"};

class Reader : public YamlView {
 public:
  Reader(const YamlTree& tree, ast::File& file, DiagnosticSink& sink, std::string_view text)
      : YamlView(tree, file.file, sink), file_(file), text_(text), nodes_(file.nodes.get()) {}

  void read_document(std::uint32_t root) {
    if (root == kNoNode) return;
    const YNode& doc = node(root);
    if (doc.kind == YNode::Kind::Null) return;  // an empty document
    if (doc.kind != YNode::Kind::Map) {
      sink_.report(DiagCode::YamlWrongType, span(doc),
                   fmt::format("a *.iam.yaml document must be a map with keys such as 'targets' and "
                               "'grants', found {}",
                               found(doc)));
      return;
    }
    for (const Entry& e : entries(doc)) {
      if (e.key == "include") {
        read_includes(e);
      } else if (e.key == "targets") {
        for_each_map(e, "target", [this](const YNode& m) { read_target(m); });
      } else if (e.key == "let") {
        read_lets(e);
      } else if (e.key == "identities") {
        for_each_map(e, "identity", [this](const YNode& m) { read_identity(m); });
      } else if (e.key == "grants") {
        current_block_ = kNoNode;
        for_each_map(e, "grant", [this](const YNode& m) { read_grant(m); });
      } else if (e.key == "policies") {
        current_block_ = kNoNode;
        for_each_map(e, "policy", [this](const YNode& m) { read_policy(m); });
      } else {
        unknown_key(e, kTopKeys, "the document");
      }
    }
  }

 private:
  // ---- Values ----

  ast::Expr make(ast::Expr::Kind kind, const YNode& n, std::string_view text) const {
    ast::Expr x;
    x.kind = kind;
    x.span = span(n);
    x.text = text;
    return x;
  }

  ast::Expr bool_expr(const YNode& n, bool value) const {
    ast::Expr x = make(ast::Expr::Kind::Bool, n, value ? "true" : "false");
    x.boolean = value;
    return x;
  }

  // A scalar in a string position: settings, attributes, roles, ids, tenants, actions.
  std::optional<ast::Expr> string_expr(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar) {
      wrong_type(e, "a string");
      return std::nullopt;
    }
    return make(ast::Expr::Kind::String, v, v.text);
  }

  // A string, or a list of strings (tenants, actions, resources).
  std::optional<ast::Expr> strings_expr(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Scalar) return make(ast::Expr::Kind::String, v, v.text);
    if (v.kind != YNode::Kind::Seq) {
      wrong_type(e, "a list of strings");
      return std::nullopt;
    }
    ast::Expr list = make(ast::Expr::Kind::List, v, {});
    std::vector<ast::Arg> items;
    for (std::uint32_t i = 0; i < v.count; ++i) {
      const YNode& item = node(kid(v, i));
      if (item.kind != YNode::Kind::Scalar) {
        sink_.report(DiagCode::YamlWrongType, is_empty(item) ? span(v) : span(item),
                     fmt::format("each item of {} must be a string, found {}", iamc::quoted(e.key), found(item)));
        continue;
      }
      items.push_back({{}, {}, make(ast::Expr::Kind::String, item, item.text)});
    }
    list.items = keep(items);
    return list;
  }

  // Target settings and labels: scalars are strings, lists are lists, maps are records.
  std::optional<ast::Expr> data_expr(const Entry& e) {
    const YNode& v = node(e.value);
    switch (v.kind) {
      case YNode::Kind::Scalar: return make(ast::Expr::Kind::String, v, v.text);
      case YNode::Kind::Seq: {
        ast::Expr list = make(ast::Expr::Kind::List, v, {});
        std::vector<ast::Arg> items;
        for (std::uint32_t i = 0; i < v.count; ++i) {
          if (auto item = data_expr(Entry{e.key, e.key_span, kid(v, i)})) items.push_back({{}, {}, *item});
        }
        list.items = keep(items);
        return list;
      }
      case YNode::Kind::Map: {
        ast::Expr record = make(ast::Expr::Kind::Record, v, {});
        std::vector<ast::Arg> items;
        for (const Entry& inner : entries(v)) {
          if (auto value = data_expr(inner)) items.push_back({inner.key, inner.key_span, *value});
        }
        record.items = keep(items);
        return record;
      }
      default: break;
    }
    wrong_type(e, "a string, a list or a map");
    return std::nullopt;
  }

  // A value in a principal, scope or let position: a plain scalar is a name (or true/false), a
  // quoted one a string, a list a list, and a one-key map a call `{kind: id}` / `{kind: {args}}`.
  std::optional<ast::Expr> value_expr(const Entry& e) {
    const YNode& v = node(e.value);
    switch (v.kind) {
      case YNode::Kind::Scalar: {
        bool b = false;
        if (is_bool(v, b)) return bool_expr(v, b);
        return make(v.plain ? ast::Expr::Kind::Name : ast::Expr::Kind::String, v, v.text);
      }
      case YNode::Kind::Seq: {
        ast::Expr list = make(ast::Expr::Kind::List, v, {});
        std::vector<ast::Arg> items;
        for (std::uint32_t i = 0; i < v.count; ++i) {
          if (auto item = value_expr(Entry{e.key, e.key_span, kid(v, i)})) items.push_back({{}, {}, *item});
        }
        list.items = keep(items);
        return list;
      }
      case YNode::Kind::Map: return call_expr(v);
      default: break;
    }
    sink_.report(DiagCode::YamlWrongType, value_span(e),
                 fmt::format("{} needs a value here, found nothing", iamc::quoted(e.key)));
    return std::nullopt;
  }

  std::optional<ast::Expr> call_expr(const YNode& map) {
    std::vector<Entry> es = entries(map);
    if (es.size() != 1) {
      sink_.report(DiagCode::YamlWrongType, span(map),
                   fmt::format("a map used as a principal or scope must have exactly one key, its kind; "
                               "found {} keys",
                               es.size()))
          .notes.push_back({{}, "write {user: \"id\"}, or {namespace: {id: \"x\", recursive: false}} for named arguments"});
      return std::nullopt;
    }
    const Entry& k = es.front();
    ast::Expr call = make(ast::Expr::Kind::Call, map, k.key);
    call.name_span = k.key_span;
    const YNode& args = node(k.value);
    std::vector<ast::Arg> items;
    switch (args.kind) {
      case YNode::Kind::Null: break;  // {everything: } is a call without arguments
      case YNode::Kind::Scalar:
        items.push_back({{}, {}, make(ast::Expr::Kind::String, args, args.text)});
        break;
      case YNode::Kind::Map:
        for (const Entry& a : entries(args)) {
          const YNode& av = node(a.value);
          bool b = false;
          if (av.kind == YNode::Kind::Scalar) {
            items.push_back({a.key, a.key_span,
                             is_bool(av, b) ? bool_expr(av, b) : make(ast::Expr::Kind::String, av, av.text)});
          } else if (auto value = value_expr(a)) {
            items.push_back({a.key, a.key_span, *value});
          }
        }
        break;
      default:
        wrong_type(k, "an id or a map of named arguments");
        return std::nullopt;
    }
    call.items = keep(items);
    return call;
  }

  // `to`, `on`: one value, or a list of values.
  ArenaArray<ast::Expr> value_list(const Entry& e) {
    std::vector<ast::Expr> out;
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Seq) {
      out.reserve(v.count);
      for (std::uint32_t i = 0; i < v.count; ++i) {
        if (auto x = value_expr(Entry{e.key, e.key_span, kid(v, i)})) out.push_back(*x);
      }
    } else if (auto x = value_expr(e)) {
      out.push_back(*x);
    }
    return keep(out);
  }

  // A list, kept in the arena of what is being read (see nodes_).
  template <typename T>
  ArenaArray<T> keep(const std::vector<T>& items) {
    return nodes_->copy(std::span<const T>(items));
  }

  std::optional<ast::RoleRef> role_ref(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar) {
      wrong_type(e, "a role name");
      return std::nullopt;
    }
    return ast::RoleRef{v.text, span(v)};
  }

  // ---- Sections ----

  void read_includes(const Entry& e) {
    const YNode& v = node(e.value);
    auto add = [&](const YNode& path) { file_.includes.push_back({span(path), path.text, span(path)}); };
    if (v.kind == YNode::Kind::Null) return;
    if (v.kind == YNode::Kind::Scalar) {
      add(v);
      return;
    }
    if (v.kind != YNode::Kind::Seq) {
      wrong_type(e, "a list of paths");
      return;
    }
    for (std::uint32_t i = 0; i < v.count; ++i) {
      const YNode& path = node(kid(v, i));
      if (path.kind != YNode::Kind::Scalar) {
        sink_.report(DiagCode::YamlWrongType, is_empty(path) ? span(v) : span(path),
                     fmt::format("each item of 'include' must be a path, found {}", found(path)));
        continue;
      }
      add(path);
    }
  }

  void read_target(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::TargetDecl t;
    std::vector<ast::Setting> settings;
    t.span = span(map);
    bool has_kind = false, has_name = false, ok = true;
    for (const Entry& e : es) {
      if (e.key == "target" || e.key == "name") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, e.key == "target" ? "a target kind such as astra" : "a name");
          ok = false;
        } else if (e.key == "target") {
          t.kind = v.text;
          t.kind_span = span(v);
        } else if (!is_identifier_text(v.text)) {
          // The DSL can only spell identifiers, and the name becomes part of file and folder
          // names (STATE/<target>.<instance>.json, compile -o DIR/<target>/<instance>/).
          sink_.report(DiagCode::YamlInvalidValue, span(v),
                       fmt::format("a target instance's name must be an identifier (a letter or '_', then letters, "
                                   "digits, '_' or '-'), as in the DSL; found {}",
                                   iamc::quoted(v.text)));
          ok = false;
        } else {
          t.name = v.text;
          t.name_span = span(v);
        }
        (e.key == "target" ? has_kind : has_name) = true;
      } else if (e.key == "roles") {
        read_roles(e, t);
      } else if (auto value = data_expr(e)) {
        settings.push_back({e.key, e.key_span, *value});
      }
    }
    t.settings = keep(settings);
    if (!has_kind) missing_key(map, es, "target", "a target");
    if (!has_name) missing_key(map, es, "name", "a target");
    if (ok && has_kind && has_name) file_.targets.push_back(std::move(t));
  }

  void read_roles(const Entry& e, ast::TargetDecl& t) {
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Null) return;
    auto read_one = [&](std::uint32_t index) {
      const YNode& r = node(index);
      if (r.kind == YNode::Kind::Scalar) {
        t.roles.push_back({span(r), r.text, span(r), {}, {}, {}});
        return;
      }
      if (r.kind != YNode::Kind::Map) {
        sink_.report(DiagCode::YamlWrongType, is_empty(r) ? span(v) : span(r),
                     fmt::format("a custom role must be a name or a map with 'name' (and 'id', 'privileged', 'level'), found {}", found(r)));
        return;
      }
      std::vector<Entry> es = entries(r);
      ast::RoleDecl role;
      std::vector<ast::Setting> attributes;
      role.span = span(r);
      bool has_name = false, ok = true;
      for (const Entry& re : es) {
        if (re.key == "name" || re.key == "id") {
          const YNode& rv = node(re.value);
          if (rv.kind != YNode::Kind::Scalar) {
            wrong_type(re, "a string");
            ok = false;
          } else if (re.key == "name") {
            role.name = rv.text;
            role.name_span = span(rv);
            has_name = true;
          } else {
            role.id = rv.text;
            role.id_span = span(rv);
          }
        } else if (re.key == "privileged" || re.key == "level") {
          // As in the DSL's `role NAME { privileged = true  level = Writer }`: the resolver
          // checks the values' types, the checker what they name.
          if (auto value = value_expr(re)) attributes.push_back({re.key, re.key_span, *value});
        } else {
          unknown_key(re, kRoleKeys, "a custom role");
        }
      }
      if (!has_name) missing_key(r, es, "name", "a custom role");
      role.attributes = keep(attributes);
      if (ok && has_name) t.roles.push_back(role);
    };
    if (v.kind == YNode::Kind::Seq) {
      for (std::uint32_t i = 0; i < v.count; ++i) read_one(kid(v, i));
    } else {
      read_one(resolve(e.value));
    }
  }

  // - identity: NAME, then the same settings as the DSL's `identity NAME { ... }`; the resolver
  // checks their keys, as for the DSL.
  void read_identity(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::IdentityDecl d;
    std::vector<ast::Setting> settings;
    d.span = span(map);
    bool has_name = false, ok = true;
    for (const Entry& e : es) {
      if (e.key == "identity") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, "a name");
          ok = false;
          continue;
        }
        d.name = v.text;
        d.name_span = span(v);
        has_name = true;
      } else if (auto value = e.key == "principals" ? value_expr(e) : data_expr(e)) {
        settings.push_back({e.key, e.key_span, *value});
      }
    }
    d.settings = keep(settings);
    if (!has_name) missing_key(map, es, "identity", "an identity");
    if (ok && has_name) file_.identities.push_back(std::move(d));
  }

  void read_lets(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Null) return;
    if (v.kind != YNode::Kind::Map) {
      wrong_type(e, "a map of names to values");
      return;
    }
    for (const Entry& let : entries(v)) {
      if (auto value = value_expr(let)) {
        Span whole = cover(let.key_span, value->span);
        file_.lets.push_back({whole, let.key, let.key_span, std::move(*value)});
      }
    }
  }

  // The block for `in: KIND.NAME`: consecutive items of one list with the same target share one,
  // as the grants of one `in KIND.NAME { ... }` block do in the DSL.
  ast::TargetBlock* block_for(const Entry& e, Span item) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar) {
      wrong_type(e, "a target as KIND.NAME");
      return nullptr;
    }
    std::size_t dot = v.text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == v.text.size()) {
      sink_.report(DiagCode::YamlInvalidValue, span(v),
                   fmt::format("'in' must name a target as KIND.NAME, such as astra.prod; found {}",
                               iamc::quoted(v.text)));
      return nullptr;
    }
    std::string_view kind = v.text.substr(0, dot), name = v.text.substr(dot + 1);
    Span kind_span = span(v), name_span = span(v);
    if (v.text.data() >= text_.data() && v.text.data() < text_.data() + text_.size()) {
      auto at = static_cast<std::uint32_t>(v.text.data() - text_.data());
      kind_span = Span{file_.file, at, at + static_cast<std::uint32_t>(dot)};
      name_span = Span{file_.file, at + static_cast<std::uint32_t>(dot) + 1,
                       at + static_cast<std::uint32_t>(v.text.size())};
    }
    if (current_block_ != kNoNode) {
      ast::TargetBlock& b = file_.blocks[current_block_];
      if (b.target_kind == kind && b.target_name == name) {
        b.span = cover(b.span, item);
        return &b;
      }
    }
    current_block_ = static_cast<std::uint32_t>(file_.blocks.size());
    ast::TargetBlock& b = file_.blocks.emplace_back();
    b.span = item;
    b.target_kind = kind;
    b.target_kind_span = kind_span;
    b.target_name = name;
    b.target_name_span = name_span;
    return &b;
  }

  void read_grant(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::Grant g;
    g.span = span(map);
    const Entry *in = nullptr, *role = nullptr, *to = nullptr;
    bool ok = true;
    // The block first: the grant's lists go to its arena, freed with it (see ast::TargetBlock).
    // (Diagnostics are sorted by position before they are shown, so the order they are found in
    // does not matter.)
    for (const Entry& e : es) {
      if (e.key == "in") in = &e;
    }
    ast::TargetBlock* block = in != nullptr ? block_for(*in, g.span) : nullptr;
    const ArenaChoice choice(*this, block);
    std::vector<ast::Setting> attributes;
    for (const Entry& e : es) {
      if (e.key == "in") {
        continue;
      } else if (e.key == "grant") {
        role = &e;
      } else if (e.key == "to") {
        to = &e;
      } else if (e.key == "on") {
        g.has_scopes = true;
        g.scopes = value_list(e);
      } else if (e.key == "labels") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Map) {
          wrong_type(e, "a map of label names to values");
        } else if (auto value = data_expr(e)) {
          attributes.push_back({e.key, e.key_span, *value});
        }
      } else if (e.key == "id" || e.key == "title" || e.key == "description" || e.key == "org") {
        if (auto value = string_expr(e)) attributes.push_back({e.key, e.key_span, *value});
      } else {
        unknown_key(e, kGrantKeys, "a grant");
      }
    }
    g.attributes = keep(attributes);
    if (role == nullptr) {
      missing_key(map, es, "grant", "a grant");
      ok = false;
    } else if (auto r = role_ref(*role)) {
      g.role = *r;
    } else {
      ok = false;
    }
    if (to == nullptr) {
      missing_key(map, es, "to", "a grant");
      ok = false;
    } else {
      g.principals = value_list(*to);
    }
    if (in == nullptr) {
      missing_key(map, es, "in", "a grant");
      return;
    }
    if (ok && block != nullptr) block->grants.push_back(g);
  }

  void read_policy(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::Policy p;
    p.span = span(map);
    const Entry* in = nullptr;
    bool has_id = false, ok = true;
    for (const Entry& e : es) {  // the block first, as for a grant
      if (e.key == "in") in = &e;
    }
    ast::TargetBlock* block = in != nullptr ? block_for(*in, p.span) : nullptr;
    const ArenaChoice choice(*this, block);
    for (const Entry& e : es) {
      if (e.key == "in") {
        continue;
      } else if (e.key == "policy") {
        const YNode& v = node(e.value);
        has_id = true;
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, "a policy id");
          ok = false;
        } else {
          p.id = v.text;
          p.id_span = span(v);
        }
      } else if (e.key == "name") {
        if (auto value = string_expr(e)) p.settings.push_back({e.key, e.key_span, std::move(*value)});
      } else if (e.key == "members") {
        if (auto value = value_expr(e)) p.settings.push_back({e.key, e.key_span, std::move(*value)});
      } else if (e.key == "tenants") {
        if (auto value = strings_expr(e)) p.settings.push_back({e.key, e.key_span, std::move(*value)});
      } else if (e.key == "statements") {
        for_each_map(e, "statement", [&](const YNode& m) { read_statement(m, p); });
      } else {
        unknown_key(e, kPolicyKeys, "a policy");
      }
    }
    if (!has_id) {
      missing_key(map, es, "policy", "a policy");
      ok = false;
    }
    if (in == nullptr) {
      missing_key(map, es, "in", "a policy");
      return;
    }
    if (ok && block != nullptr) block->policies.push_back(std::move(p));
  }

  void read_statement(const YNode& map, ast::Policy& p) {
    ast::PolicyStatement s;
    s.span = span(map);
    s.effect_span = Span{file_.file, map.begin, map.begin};  // `effect` may be left out: allow
    for (const Entry& e : entries(map)) {
      if (e.key == "effect") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, "allow or deny");
        } else if (v.text == "allow" || v.text == "deny") {
          s.effect = v.text == "deny" ? ast::Effect::Deny : ast::Effect::Allow;
          s.effect_span = span(v);
        } else {
          Diagnostic& d = sink_.report(DiagCode::YamlInvalidValue, span(v),
                                       fmt::format("'effect' must be allow or deny, found {}", iamc::quoted(v.text)));
          std::string_view guess = closest_match(v.text, kEffects);
          if (!guess.empty()) {
            d.notes.push_back({{}, fmt::format("did you mean '{}'?", guess)});
            d.fixes.push_back({span(v), std::string(guess)});
          }
        }
      } else if (e.key == "role") {
        if (auto r = role_ref(e)) {
          s.has_role = true;
          s.role = *r;
        }
      } else if (e.key == "actions") {
        if (auto value = strings_expr(e)) {
          s.has_actions = true;
          s.actions = std::move(*value);
        }
      } else if (e.key == "resources") {
        if (auto value = strings_expr(e)) {
          s.has_resources = true;
          s.resources = std::move(*value);
        }
      } else if (e.key == "on") {
        s.has_scopes = true;
        s.scopes = value_list(e);
      } else {
        unknown_key(e, kStatementKeys, "a policy statement");
      }
    }
    p.statements.push_back(std::move(s));
  }

  // Points the reader's lists at a block's arena (or the file's, for an item without a block)
  // while one grant or policy is read.
  class ArenaChoice {
   public:
    ArenaChoice(Reader& reader, ast::TargetBlock* block) : reader_(reader) {
      reader_.nodes_ = block != nullptr ? block->nodes.get() : reader_.file_.nodes.get();
    }
    ~ArenaChoice() { reader_.nodes_ = reader_.file_.nodes.get(); }
    ArenaChoice(const ArenaChoice&) = delete;
    ArenaChoice& operator=(const ArenaChoice&) = delete;

   private:
    Reader& reader_;
  };

  ast::File& file_;
  std::string_view text_;
  std::uint32_t current_block_ = kNoNode;
  NodeArena* nodes_;  ///< where lists go: the file's arena, or a block's while its items are read
};

}  // namespace

ast::File parse_yaml(const SourceFile& source, DiagnosticSink& sink) {
  ast::File file;
  file.file = source.id();
  file.form = ast::SourceForm::Yaml;
  const std::string_view text = source.text();
  std::vector<Span> comments = scan_yaml_comments(text, file.file);
  file.comments.reserve(comments.size());
  for (Span c : comments) file.comments.push_back({c});
  read_yaml(source, *file.arena, sink, [&](const YamlTree& tree) {
    Reader reader(tree, file, sink, text);
    reader.read_document(tree.root);
  });
  return file;
}

}  // namespace iamc::frontend
