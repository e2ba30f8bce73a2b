// The resolver (see resolve.hpp): names, lists and kinds. Every problem is reported and the
// offending piece dropped, so the checker still sees the rest of the project.
#include "model/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <span>

#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "frontend/yaml_reader.hpp"

namespace iamc::model {
namespace {

using ast::Expr;

// The spellings come from kinds.def (model.hpp).
const std::span<const model::PrincipalSpelling> kPrincipals = model::principal_spellings();
const std::span<const model::ScopeSpelling> kScopes = model::scope_spellings();

// Let definitions may refer to other lets at most this deep (N008 beyond).
constexpr std::size_t kMaxLetDepth = 64;

// The kinds written as bare names (everything, all_tenants, all_namespaces, everyone): a `let`
// may not take one of these names.
const std::vector<std::string_view> kBuiltinNames = [] {
  std::vector<std::string_view> out;
  for (const auto& s : model::scope_spellings()) {
    if (!s.takes_id) out.push_back(s.name);
  }
  for (const auto& p : model::principal_spellings()) {
    if (!p.takes_id) out.push_back(p.name);
  }
  return out;
}();

// Expanding let names adds at most kMaxLetExpansion values to a project, the YAML alias limit
// (Y006): the same 'billion laughs' defence for the same documents written in the other form
// (N010 beyond). A chain of lets that each list the previous one twice doubles at every step: 40
// lines would otherwise stand for 2^40 principals. Every later stage (checks, lint, emission)
// then sees a bounded number of values.
constexpr std::uint64_t kMaxLetExpansion = frontend::kMaxYamlAliasNodes;
constexpr std::uint64_t kMaxLetExpansionTotal = kMaxLetExpansion;
constexpr std::uint64_t kWeightComputing = std::numeric_limits<std::uint64_t>::max();

template <typename Table>
std::vector<std::string_view> names_of(const Table& table) {
  std::vector<std::string_view> out;
  for (const auto& entry : table) out.push_back(entry.name);
  return out;
}

// How targets_ knows an instance: "astra.prod".
std::string target_key(std::string_view kind, std::string_view name) { return fmt::format("{}.{}", kind, name); }

}  // namespace

class Resolver {
 public:
  Resolver(const frontend::Project& project, DiagnosticSink& sink) : project_(project), sink_(sink) {}

  /// Files [0, count) are in place: collects the definitions of those not seen yet, then
  /// resolves, in file order, every waiting file whose names are all defined already. Returns
  /// the number of files resolved.
  std::size_t add_files(std::size_t count) {
    for (; added_ < count; ++added_) {
      const ast::File& file = project_.files[added_];
      grants_ += file.grant_count();
      collect_definitions(file);
    }
    while (resolved_ < added_ && names_final(project_.files[resolved_])) resolve_file(resolved_++);
    return resolved_;
  }

  /// Resolves the files still waiting (every name is final now) and hands over the model.
  Model finish() {
    while (resolved_ < added_) resolve_file(resolved_++);
    return std::move(model_);
  }

  [[nodiscard]] std::size_t grants() const { return grants_; }

 private:
  // One file's identities, then its grants and policies. Files are resolved in order, so the
  // model's bindings are in file order however early each file could be resolved.
  void resolve_file(std::size_t i) {
    head_bound_ = 0;  // of the next file
    const ast::File& file = project_.files[i];
    for (const ast::IdentityDecl& decl : file.identities) resolve_identity(decl);
    for (const ast::TargetBlock& block : file.blocks) resolve_block(block);
  }

  // ---- resolving before the last file is loaded ----------------------------------------------
  //
  // A file can be resolved as soon as every name it uses is bound: a later file can add
  // definitions but never rebind a name (the first definition wins; later ones are N-reported),
  // so resolving then gives exactly what resolving after the last file would. A file that names
  // something not defined yet waits, and so does every file after it, until the loader adds
  // more files or finish() resolves it with the names as final.

  // Checks the waiting file from where its last check stopped: names only ever get bound, so the
  // items found bound stay bound (head_bound_ counts them, in the order below). Walking the file
  // from its start at every file added made a large first file that names a let of the last file
  // quadratic: 52,000 grants and 2,000 files took 1.7 s instead of 0.12 s.
  bool names_final(const ast::File& file) {
    std::size_t item = 0;
    for (const ast::TargetBlock& block : file.blocks) {
      const bool known_target = !parse_target_kind(block.target_kind) ||
                                targets_.contains(target_key(block.target_kind, block.target_name));
      if (!next_bound(item, 1, [&](std::size_t) { return known_target; }) ||
          !next_bound(item, block.grants.size(), [&](std::size_t i) {
            return all_bound(block.grants[i].principals) && all_bound(block.grants[i].scopes);
          }) ||
          !next_bound(item, block.policies.size(), [&](std::size_t i) { return policy_bound(block.policies[i]); })) {
        return false;
      }
    }
    return next_bound(item, file.identities.size(), [&](std::size_t i) {
      const auto& settings = file.identities[i].settings;
      return std::all_of(settings.begin(), settings.end(), [&](const ast::Setting& s) { return bound(s.value); });
    });
  }

  // Items [item, item + n) of the waiting file, each `is_bound(i)`, from the first not known
  // bound yet; moves `item` past them.
  template <typename IsBound>
  bool next_bound(std::size_t& item, std::size_t n, IsBound is_bound) {
    for (std::size_t i = head_bound_ > item ? std::min(n, head_bound_ - item) : 0; i < n; ++i) {
      if (!is_bound(i)) return false;
      head_bound_ = item + i + 1;
    }
    item += n;
    return true;
  }

  bool policy_bound(const ast::Policy& p) {
    for (const ast::Setting& setting : p.settings) {
      if (!bound(setting.value)) return false;
    }
    for (const ast::PolicyStatement& st : p.statements) {
      if (!all_bound(st.scopes) || (st.has_actions && !bound(st.actions)) ||
          (st.has_resources && !bound(st.resources))) {
        return false;
      }
    }
    return true;
  }

  bool all_bound(std::span<const Expr> list) {
    return std::all_of(list.begin(), list.end(), [&](const Expr& e) { return bound(e); });
  }
  bool bound(const Expr& e) {
    std::size_t low = kNoOpenLet;
    return bound(e, 0, low);
  }

  // Whether every name the resolver would look up in `e` (list items and let values; call
  // arguments are never looked up) is a built-in or a defined let. `low` gets the smallest depth
  // of a let still being visited that a "yes" relied on: within a cycle of lets, a "yes" is only
  // remembered for the let where the cycle was entered, once the whole cycle is known.
  static constexpr std::size_t kNoOpenLet = std::numeric_limits<std::size_t>::max();
  bool bound(const Expr& e, std::size_t depth, std::size_t& low) {
    if (e.kind == Expr::Kind::List) {
      for (const ast::Arg& item : e.items) {
        if (!bound(item.value, depth, low)) return false;
      }
      return true;
    }
    if (e.kind != Expr::Kind::Name) return true;
    if (std::find(kBuiltinNames.begin(), kBuiltinNames.end(), e.text) != kBuiltinNames.end()) return true;
    auto it = lets_.find(e.text);
    if (it == lets_.end()) return false;
    const std::uint32_t let = it->second;
    LetBinding& state = let_bindings_[let];
    if (state.known) return true;
    if (state.open) {
      low = std::min(low, state.depth);
      return true;
    }
    // A "no" stays true until more lets are defined; the depth limit is N008's (a deeper chain
    // is resolved at the end, as before).
    if (state.unbound_while == lets_.size() || depth > kMaxLetDepth) return false;
    const Expr* value = model_.definitions[let].value;
    if (value == nullptr) return state.known = true;
    state.open = true;
    state.depth = depth;
    std::size_t inner = kNoOpenLet;
    const bool ok = bound(*value, depth + 1, inner);
    LetBinding& after = let_bindings_[let];
    after.open = false;
    if (!ok) {
      after.unbound_while = lets_.size();
      return false;
    }
    if (inner >= depth) {
      after.known = true;
    } else {
      low = std::min(low, inner);
    }
    return true;
  }

  // ---- definitions ---------------------------------------------------------------------------

  // A declared role with its attributes read: `privileged` is true or false, `level` names a
  // role (a name or a string); whether the target ranks that role is the checker's business.
  CustomRole custom_role(const ast::RoleDecl& r) {
    CustomRole role;
    role.name = r.name;
    role.id = r.id;
    role.span = r.name_span;
    for (const ast::Setting& a : r.attributes) {
      if (a.key == "privileged") {
        if (a.value.kind == ast::Expr::Kind::Bool) {
          role.privileged = a.value.boolean;
        } else {
          sink_.report(DiagCode::InvalidCustomRole, a.value.span,
                       fmt::format("'privileged' of role {} must be true or false", iamc::quoted(r.name)));
        }
      } else if (a.key == "level") {
        if (a.value.kind == ast::Expr::Kind::Name || a.value.kind == ast::Expr::Kind::String) {
          role.level = a.value.text;
          role.level_span = a.value.span;
        } else {
          sink_.report(DiagCode::InvalidCustomRole, a.value.span,
                       fmt::format("'level' of role {} must name a role of the target, e.g. level = Writer",
                                   iamc::quoted(r.name)));
        }
      } else {
        sink_.report(DiagCode::InvalidCustomRole, a.key_span,
                     fmt::format("unknown attribute {} of role {}: expected privileged or level",
                                 iamc::quoted(a.key), iamc::quoted(r.name)));
      }
    }
    return role;
  }

  void collect_definitions(const ast::File& file) {
    for (const ast::TargetDecl& decl : file.targets) {
      auto kind = parse_target_kind(decl.kind);
      if (!kind) {
        unknown_target_kind(decl.kind, decl.kind_span);
        unknown_kind_targets_.insert(decl.name);  // its blocks follow from this one mistake
        continue;
      }
      std::string key = target_key(decl.kind, decl.name);
      if (auto it = targets_.find(key); it != targets_.end()) {
        duplicate(fmt::format("target {} is declared twice", iamc::quoted(key)), decl.name_span,
                  model_.targets[it->second].name_span);
        continue;
      }
      TargetInstance t;
      t.kind = *kind;
      t.name = decl.name;
      t.span = decl.span;
      t.name_span = decl.name_span;
      for (const ast::Setting& s : decl.settings) {
        t.settings.emplace_back(s.key, &s.value);
        t.setting_key_spans.push_back(s.key_span);
      }
      for (const ast::RoleDecl& r : decl.roles) {
        auto same = std::find_if(t.roles.begin(), t.roles.end(), [&](const CustomRole& c) { return c.name == r.name; });
        if (same != t.roles.end()) {
          duplicate(fmt::format("role {} is declared twice for target {}", iamc::quoted(r.name), iamc::quoted(key)),
                    r.name_span, same->span);
          continue;
        }
        t.roles.push_back(custom_role(r));
      }
      targets_.emplace(std::move(key), static_cast<std::uint32_t>(model_.targets.size()));
      model_.targets.push_back(std::move(t));
    }
    for (const ast::LetDecl& let : file.lets) {
      if (std::find(kBuiltinNames.begin(), kBuiltinNames.end(), let.name) != kBuiltinNames.end()) {
        sink_.report(DiagCode::DuplicateDefinition, let.name_span,
                     fmt::format("{} is a built-in name and cannot be redefined", iamc::quoted(let.name)));
        continue;
      }
      if (auto it = lets_.find(let.name); it != lets_.end()) {
        duplicate(fmt::format("{} is defined twice", iamc::quoted(let.name)), let.name_span,
                  model_.definitions[it->second].name_span);
        continue;
      }
      lets_.emplace(let.name, static_cast<std::uint32_t>(model_.definitions.size()));
      model_.definitions.push_back({let.name, let.name_span, &let.value, 0});
      let_bindings_.emplace_back();
    }
  }

  // identity NAME { email = "...", description = "...", principals = [...] }
  void resolve_identity(const ast::IdentityDecl& decl) {
    auto same = std::find_if(model_.identities.begin(), model_.identities.end(),
                             [&](const Identity& i) { return i.name == decl.name; });
    if (same != model_.identities.end()) {
      duplicate(fmt::format("identity {} is declared twice", iamc::quoted(decl.name)), decl.name_span, same->name_span);
      return;
    }
    Identity identity;
    identity.name = decl.name;
    identity.name_span = decl.name_span;
    identity.span = decl.span;
    static constexpr std::array<std::string_view, 3> kKeys = {"email", "description", "principals"};
    std::vector<Principal> principals;
    bool listed = false;
    for (const ast::Setting& s : decl.settings) {
      if (s.key == "email") {
        identity.email = string_value(s, "an email address");
      } else if (s.key == "description") {
        identity.description = string_value(s, "a description");
      } else if (s.key == "principals") {
        listed = true;
        expand_principals(s.value, s.value.span, principals);
      } else {
        unknown_key(s, "identity setting", kKeys);
      }
    }
    if (!listed) {
      sink_.report(DiagCode::MissingArgument, decl.name_span,
                   fmt::format("identity {} lists no principals", iamc::quoted(decl.name)))
          .notes.push_back({{}, "add them: principals = [user(\"...\"), group(\"...\")]"});
    }
    // One principal, one identity: two would make every answer about it ambiguous.
    const auto index = static_cast<std::uint32_t>(model_.identities.size());
    std::vector<Principal> kept;
    for (const Principal& p : principals) {
      std::string key = fmt::format("{}:{}:{}", static_cast<int>(p.kind), p.idp == "local" ? "" : p.idp, p.id);
      auto [it, inserted] = claims_.emplace(std::move(key), std::pair{index, p.id_span});
      if (!inserted && it->second.first != index) {
        auto& d = sink_.report(DiagCode::IdentityConflict, p.id_span,
                               fmt::format("{}({}) is already claimed by identity {}", principal_kind_name(p.kind),
                                           iamc::quoted(p.id), iamc::quoted(model_.identities[it->second.first].name)));
        d.notes.push_back({it->second.second, "claimed here"});
        d.notes.push_back({{}, "a principal belongs to one person or robot: remove it from one of the identities"});
        continue;
      }
      if (inserted) kept.push_back(p);
    }
    identity.principals = model_.principal_lists.store(kept);
    model_.identities.push_back(identity);
  }

  void duplicate(std::string message, Span at, Span first) {
    sink_.report(DiagCode::DuplicateDefinition, at, std::move(message))
        .notes.push_back({first, "first defined here"});
  }

  void unknown_target_kind(std::string_view kind, Span at) {
    auto& d = sink_.report(DiagCode::UnknownTargetKind, at,
                           fmt::format("unknown target kind {}: expected k0rdent, connhex, redpanda, "
                                       "astra or frontier",
                                       iamc::quoted(kind)));
    static constexpr std::array<std::string_view, 5> kKinds = {"k0rdent", "connhex", "redpanda", "astra",
                                                               "frontier"};
    suggest(d, kind, at, kKinds);
  }

  // Adds "did you mean" and its fix; returns the guess (empty when nothing is close).
  template <typename Candidates>
  std::string_view suggest(Diagnostic& d, std::string_view word, Span at, const Candidates& candidates) {
    std::vector<std::string_view> list(std::begin(candidates), std::end(candidates));
    std::string_view guess = closest_match(word, list);
    if (guess.empty()) return guess;
    d.notes.push_back({{}, fmt::format("did you mean {}?", iamc::quoted(guess))});
    d.fixes.push_back({at, std::string(guess)});
    return guess;
  }

  // A block that cannot be resolved (its target is unknown) still uses the lets it names: one
  // mistake, one finding, not also "never used" (L009) for every let written in it.
  void count_uses(const ast::TargetBlock& block) {
    auto exprs = [&](std::span<const Expr> list) {
      for (const Expr& e : list) count_uses(e);
    };
    for (const ast::Grant& g : block.grants) {
      exprs(g.principals);
      exprs(g.scopes);
    }
    for (const ast::Policy& p : block.policies) {
      for (const ast::Setting& setting : p.settings) count_uses(setting.value);
      for (const ast::PolicyStatement& st : p.statements) {
        exprs(st.scopes);
        if (st.has_actions) count_uses(st.actions);
        if (st.has_resources) count_uses(st.resources);
      }
    }
  }

  void count_uses(const Expr& e, std::size_t depth = 0) {
    if (depth > kMaxLetDepth) return;
    if (e.kind == Expr::Kind::Name) {
      auto it = lets_.find(e.text);
      if (it == lets_.end()) return;
      Definition& def = model_.definitions[it->second];
      if (def.uses++ == 0 && def.value != nullptr) count_uses(*def.value, depth + 1);
      return;
    }
    for (const auto& item : e.items) count_uses(item.value, depth + 1);
  }

  // ---- blocks --------------------------------------------------------------------------------

  void resolve_block(const ast::TargetBlock& block) {
    auto kind = parse_target_kind(block.target_kind);
    if (!kind) {
      unknown_target_kind(block.target_kind, block.target_kind_span);
      count_uses(block);
      return;
    }
    std::string key = target_key(block.target_kind, block.target_name);
    auto it = targets_.find(key);
    if (it == targets_.end()) {
      count_uses(block);
      // Declared with a misspelt kind (`target redpand prod`): that declaration's N001 is the
      // mistake, and this block follows from it.
      if (unknown_kind_targets_.contains(block.target_name)) return;
      auto& d = sink_.report(DiagCode::UndefinedName, cover(block.target_kind_span, block.target_name_span),
                             fmt::format("no target {} is declared", iamc::quoted(key)));
      std::vector<std::string_view> same_kind;
      for (const auto& t : model_.targets) {
        if (t.kind == *kind) same_kind.push_back(t.name);
      }
      // A near miss is a typo in the block: offer the fix, never the declaration of the typo.
      if (suggest(d, block.target_name, block.target_name_span, same_kind).empty()) {
        d.notes.push_back({{}, fmt::format("declare it with: target {} {} {{ ... }}", block.target_kind,
                                           block.target_name)});
      }
      return;
    }
    for (const ast::Grant& g : block.grants) resolve_grant(it->second, g);
    for (const ast::Policy& p : block.policies) resolve_policy(it->second, p);
  }

  void resolve_grant(std::uint32_t target, const ast::Grant& g) {
    Binding b;
    b.target = target;
    b.role = {g.role.name, g.role.span};
    b.span = g.span;
    principals_.clear();
    for (const Expr& e : g.principals) expand_principals(e, e.span, principals_);
    b.principals = model_.principal_lists.store(principals_);
    b.has_scopes = g.has_scopes;
    std::size_t errors = sink_.error_count();
    scopes_.clear();
    for (const Expr& e : g.scopes) expand_scopes(e, e.span, scopes_);
    b.scopes = model_.scope_lists.store(scopes_);
    b.scopes_incomplete = sink_.error_count() != errors;
    GrantAttributes attributes;
    for (const ast::Setting& a : g.attributes) {
      if (a.key == "id") {
        b.id = string_value(a, "the grant's id");
        b.id_span = a.value.span;
      } else if (a.key == "title") {
        attributes.title = string_value(a, "a title");
        attributes.title_span = a.value.span;
      } else if (a.key == "description") {
        attributes.description = string_value(a, "a description");
        attributes.description_span = a.value.span;
      } else if (a.key == "org") {
        attributes.org = string_value(a, "an org id");
        attributes.org_span = a.value.span;
      } else if (a.key == "labels") {
        labels(a, attributes.labels);
        attributes.labels_span = a.key_span;
      } else {
        unknown_key(a, "grant attribute", kGrantAttributes);
      }
    }
    if (!attributes.empty()) b.attributes = &model_.grant_attributes.emplace_back(std::move(attributes));
    model_.bindings.push_back(b);
  }

  static constexpr std::array<std::string_view, 5> kGrantAttributes = {"id", "title", "description", "labels",
                                                                       "org"};
  static constexpr std::array<std::string_view, 3> kPolicySettings = {"name", "members", "tenants"};

  void resolve_policy(std::uint32_t target, const ast::Policy& p) {
    Policy out;
    out.target = target;
    out.id = p.id;
    out.id_span = p.id_span;
    out.span = p.span;
    principals_.clear();
    for (const ast::Setting& s : p.settings) {
      if (s.key == "name") {
        out.name = string_value(s, "the policy's name");
        out.name_span = s.value.span;
      } else if (s.key == "members") {
        expand_principals(s.value, s.value.span, principals_);
      } else if (s.key == "tenants") {
        strings(s.value, "tenant ids", out.tenants);
      } else {
        unknown_key(s, "policy setting", kPolicySettings);
      }
    }
    out.members = model_.principal_lists.store(principals_);
    for (const ast::PolicyStatement& st : p.statements) {
      Statement s;
      s.effect = st.effect;
      s.effect_span = st.effect_span;
      s.span = st.span;
      if (st.has_role) s.role = RoleRef{st.role.name, st.role.span};
      s.has_actions = st.has_actions;
      if (st.has_actions) strings(st.actions, "actions", s.actions);
      s.has_resources = st.has_resources;
      if (st.has_resources) strings(st.resources, "resources", s.resources);
      s.has_scopes = st.has_scopes;
      std::size_t errors = sink_.error_count();
      scopes_.clear();
      for (const Expr& e : st.scopes) expand_scopes(e, e.span, scopes_);
      s.scopes = model_.scope_lists.store(scopes_);
      s.scopes_incomplete = sink_.error_count() != errors;
      out.statements.push_back(std::move(s));
    }
    model_.policies.push_back(std::move(out));
  }

  template <typename Keys>
  void unknown_key(const ast::Setting& s, std::string_view what, const Keys& keys) {
    std::string list;
    for (auto k : keys) list += fmt::format("{}{}", list.empty() ? "" : ", ", k);
    auto& d = sink_.report(DiagCode::UnknownSetting, s.key_span,
                           fmt::format("unknown {} {}: expected one of {}", what, iamc::quoted(s.key), list));
    suggest(d, s.key, s.key_span, keys);
  }

  std::string_view string_value(const ast::Setting& s, std::string_view what) {
    if (s.value.kind == Expr::Kind::String) return s.value.text;
    wrong_type(s.value, fmt::format("expected {} as a quoted string", what));
    return {};
  }

  void wrong_type(const Expr& e, std::string message) {
    sink_.report(DiagCode::WrongValueType, e.span, std::move(message));
  }

  void labels(const ast::Setting& s, std::vector<Label>& out) {
    if (s.value.kind != Expr::Kind::Record) {
      wrong_type(s.value, "expected labels as a record: labels = { key = \"value\" }");
      return;
    }
    for (const ast::Arg& entry : s.value.items) {
      if (entry.value.kind != Expr::Kind::String) {
        wrong_type(entry.value, fmt::format("expected the value of label {} as a quoted string", iamc::quoted(entry.key)));
        continue;
      }
      out.push_back({entry.key, entry.value.text, cover(entry.key_span, entry.value.span)});
    }
  }

  // A list of strings, or a name bound to one (actions, resources, tenants).
  void strings(const Expr& e, std::string_view what, std::vector<std::pair<std::string_view, Span>>& out) {
    const Expr* value = &e;
    if (e.kind == Expr::Kind::Name) {
      value = lookup(e);
      if (value == nullptr) return;
    }
    if (value->kind == Expr::Kind::String) {
      out.emplace_back(value->text, value->span);
      return;
    }
    if (value->kind != Expr::Kind::List) {
      wrong_type(e, fmt::format("expected {} as a list of quoted strings", what));
      return;
    }
    for (const ast::Arg& item : value->items) {
      if (item.value.kind == Expr::Kind::String) {
        out.emplace_back(item.value.text, item.value.span);
      } else {
        wrong_type(item.value, fmt::format("expected {} as quoted strings", what));
      }
    }
  }

  // ---- names ---------------------------------------------------------------------------------

  // The value a `let` name stands for, or null (reported) when there is none.
  const Expr* lookup(const Expr& name) {
    auto it = lets_.find(name.text);
    if (it == lets_.end()) {
      std::vector<std::string_view> known;
      for (const auto& d : model_.definitions) known.push_back(d.name);
      for (auto b : kBuiltinNames) known.push_back(b);
      auto& d = sink_.report(DiagCode::UndefinedName, name.span,
                             fmt::format("{} is not defined", iamc::quoted(name.text)));
      // The let the misspelling meant is used, as far as unused-definition (L009) is concerned:
      // the one mistake is reported here.
      std::string_view guess = suggest(d, name.text, name.span, known);
      if (auto meant = lets_.find(guess); !guess.empty() && meant != lets_.end()) ++model_.definitions[meant->second].uses;
      return nullptr;
    }
    Definition& def = model_.definitions[it->second];
    ++def.uses;
    return def.value;
  }

  // The number of values a let name stands for once expanded (saturating; 1 for what is not a
  // let), memoised per definition so that sizing a chain of n lets costs O(n), not 2^n.
  std::uint64_t weight_of_name(std::string_view name, std::size_t depth) {
    auto it = lets_.find(name);
    if (it == lets_.end()) return 1;
    std::uint64_t& w = weights_[it->second];
    if (w == kWeightComputing || depth >= kMaxLetDepth) return 1;  // N008 is reported on expansion
    if (w != 0) return w;
    w = kWeightComputing;
    // Sized from a use, so used: a let that is refused by N010 is not also "never used" (L009).
    ++model_.definitions[it->second].uses;
    const Expr* value = model_.definitions[it->second].value;
    std::uint64_t total = value != nullptr ? weight_of(*value, depth + 1) : 1;
    weights_[it->second] = std::max<std::uint64_t>(total, 1);  // (the map may have rehashed)
    return weights_[it->second];
  }
  std::uint64_t weight_of(const Expr& e, std::size_t depth) {
    if (e.kind == Expr::Kind::Name) return weight_of_name(e.text, depth);
    if (e.kind != Expr::Kind::List) return 1;
    std::uint64_t total = 0;
    for (const ast::Arg& item : e.items) total = std::min(kMaxLetExpansionTotal + 1, total + weight_of(item.value, depth));
    return total;
  }
  // Whether the outermost use of a let name stays within the expansion limits; reports N010
  // (once for the project total) when it does not.
  bool within_expansion_limit(const Expr& name) {
    std::uint64_t weight = weight_of_name(name.text, 0);
    if (weight > kMaxLetExpansion) {
      sink_.report(DiagCode::ExpansionLimit, name.span,
                   fmt::format("{} expands to more than {} values", iamc::quoted(name.text), kMaxLetExpansion))
          .notes.push_back({{}, "a let that lists another let several times doubles at every step; list the "
                                "values once, or split the grant"});
      return false;
    }
    expanded_ += weight;
    if (expanded_ > kMaxLetExpansionTotal) {
      if (!total_reported_) {
        total_reported_ = true;
        sink_.report(DiagCode::ExpansionLimit, name.span,
                     fmt::format("let names expand to more than {} values in this project: {} takes them past it",
                                 kMaxLetExpansionTotal, iamc::quoted(name.text)))
            .notes.push_back({{}, "grants from here on that use let names are not expanded; write large "
                                  "groups of principals as groups of the target instead"});
      }
      return false;
    }
    return true;
  }

  // Guards against `let a = [b]` `let b = [a]`.
  struct ExpansionGuard {
    Resolver& r;
    bool ok;
    ExpansionGuard(Resolver& resolver, const Expr& name) : r(resolver) {
      // A chain of lets is expanded recursively: cap its depth so hostile input cannot exhaust
      // the stack (and each step's cycle check stays cheap).
      if (r.expanding_.size() >= kMaxLetDepth) {
        ok = false;
        r.sink_.report(DiagCode::RecursiveDefinition, name.span,
                       fmt::format("definitions refer to each other more than {} levels deep", kMaxLetDepth))
            .notes.push_back({{}, "refer to the values directly instead of through long chains of lets"});
        return;
      }
      if (r.expanding_.empty() && !r.within_expansion_limit(name)) {  // N010 reported
        ok = false;
        return;
      }
      ok = std::find(r.expanding_.begin(), r.expanding_.end(), name.text) == r.expanding_.end();
      if (ok) {
        r.expanding_.push_back(name.text);
      } else {
        r.sink_.report(DiagCode::RecursiveDefinition, name.span,
                       fmt::format("{} refers to itself through its own definition", iamc::quoted(name.text)));
      }
    }
    ~ExpansionGuard() {
      if (ok) r.expanding_.pop_back();
    }
  };

  // Checks argument keys against what a kind accepts; bare names are flags.
  template <std::size_t N>
  void check_arguments(const Expr& call, const std::array<std::string_view, N>& allowed,
                       std::size_t max_positional) {
    std::size_t positional = 0;
    for (const ast::Arg& a : call.items) {
      std::string_view key = a.key;
      Span key_span = a.key_span;
      if (key.empty() && a.value.kind == Expr::Kind::Name) {
        key = a.value.text;  // a flag such as `recursive`
        key_span = a.value.span;
      } else if (key.empty()) {
        if (++positional > max_positional) {
          sink_.report(DiagCode::UnknownSetting, a.value.span,
                       fmt::format("{}() takes {} positional argument{}", call.text, max_positional,
                                   max_positional == 1 ? "" : "s"));
        }
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto k : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", k);
        auto& d = sink_.report(DiagCode::UnknownSetting, key_span,
                               fmt::format("{}() has no argument {}{}{}", call.text, iamc::quoted(key),
                                           list.empty() ? "" : ": expected ", list));
        suggest(d, key, key_span, allowed);
      }
    }
  }

  // The id argument of a call as a string: positional or `id:`.
  // `describe()` says what the id is ("an id: user(\"...\")") and is called only for a
  // diagnostic: formatting it for every principal of a million grants was 5% of resolving.
  template <typename Describe>
  std::string_view id_argument(const Expr& call, Span& id_span, Describe&& describe) {
    const Expr* id = nullptr;
    for (const ast::Arg& a : call.items) {
      if ((a.key.empty() && a.value.kind != Expr::Kind::Name) || a.key == "id") {
        id = &a.value;
        break;
      }
    }
    if (id == nullptr) {
      sink_.report(DiagCode::MissingArgument, call.span, fmt::format("{}() needs {}", call.text, describe()));
      return {};
    }
    if (id->kind != Expr::Kind::String) {
      wrong_type(*id, fmt::format("expected {} as a quoted string", describe()));
      return {};
    }
    id_span = id->span;
    return id->text;
  }

  // ---- principals ----------------------------------------------------------------------------

  // `use` is where the value is written in the grant; a value reached through a `let` keeps the
  // span of the name at the use site (`at_use` false), so diagnostics point into the grant.
  void expand_principals(const Expr& e, Span use, std::vector<Principal>& out, bool at_use = true) {
    switch (e.kind) {
      case Expr::Kind::List:
        for (const ast::Arg& item : e.items) {
          expand_principals(item.value, at_use ? item.value.span : use, out, at_use);
        }
        return;
      case Expr::Kind::Name: {
        if (e.text == "everyone") {
          out.push_back({PrincipalKind::Everyone, {}, {}, use, e.span});
          return;
        }
        ExpansionGuard guard(*this, e);
        if (!guard.ok) return;
        if (const Expr* value = lookup(e)) expand_principals(*value, use, out, false);
        return;
      }
      case Expr::Kind::Call: {
        auto it = std::find_if(kPrincipals.begin(), kPrincipals.end(),
                               [&](const model::PrincipalSpelling& p) { return p.name == e.text; });
        if (it == kPrincipals.end() || it->kind == PrincipalKind::Everyone) {
          auto& d = sink_.report(DiagCode::UnknownPrincipalKind, e.name_span,
                                 fmt::format("unknown principal kind {}: expected user, group, "
                                             "service_account, team, token or everyone",
                                             iamc::quoted(e.text)));
          suggest(d, e.text, e.name_span, names_of(kPrincipals));
          return;
        }
        static constexpr std::array<std::string_view, 2> kArgs = {"id", "idp"};
        check_arguments(e, kArgs, 1);
        Principal p;
        p.kind = it->kind;
        p.span = use;
        p.id = id_argument(e, p.id_span, [&] { return fmt::format("an id: {}(\"...\")", e.text); });
        for (const ast::Arg& a : e.items) {
          if (a.key == "idp") {
            if (a.value.kind == Expr::Kind::Name || a.value.kind == Expr::Kind::String) {
              p.idp = a.value.text;
            } else {
              wrong_type(a.value, "expected an identity provider: local, ldap or saml");
            }
          }
        }
        if (p.id_span.valid()) out.push_back(p);
        return;
      }
      case Expr::Kind::String:
        wrong_type(e, fmt::format("a bare string does not say what kind of principal it is: write "
                                  "user(\"{}\"), group(...), service_account(...), team(...) or token(...)",
                                  display_text(std::string(e.text.substr(0, 64)))));
        return;
      default:
        wrong_type(e, "expected a principal such as user(\"id\") or group(\"id\")");
    }
  }

  // ---- scopes --------------------------------------------------------------------------------

  void expand_scopes(const Expr& e, Span use, std::vector<Scope>& out, bool at_use = true) {
    switch (e.kind) {
      case Expr::Kind::List:
        for (const ast::Arg& item : e.items) expand_scopes(item.value, at_use ? item.value.span : use, out, at_use);
        return;
      case Expr::Kind::Name: {
        auto it = std::find_if(kScopes.begin(), kScopes.end(),
                               [&](const model::ScopeSpelling& s) { return s.name == e.text && !s.takes_id; });
        if (it != kScopes.end()) {
          Scope s;
          s.kind = it->kind;
          s.span = use;
          s.id_span = e.span;
          out.push_back(s);
          return;
        }
        ExpansionGuard guard(*this, e);
        if (!guard.ok) return;
        if (const Expr* value = lookup(e)) expand_scopes(*value, use, out, false);
        return;
      }
      case Expr::Kind::Call:
        scope_call(e, use, out);
        return;
      case Expr::Kind::String:
        wrong_type(e, "a bare string does not say what kind of scope it is: write e.g. "
                      "namespace(id: \"...\"), cluster(\"...\"), tenant(\"...\") or resource(\"...\")");
        return;
      default:
        wrong_type(e, "expected a scope such as everything, org(\"id\") or namespace(id: \"...\")");
    }
  }

  void scope_call(const Expr& e, Span use, std::vector<Scope>& out) {
    auto it = std::find_if(kScopes.begin(), kScopes.end(), [&](const model::ScopeSpelling& s) { return s.name == e.text; });
    if (it == kScopes.end()) {
      auto& d = sink_.report(DiagCode::UnknownScopeKind, e.name_span,
                             fmt::format("unknown scope kind {}", iamc::quoted(e.text)));
      suggest(d, e.text, e.name_span, names_of(kScopes));
      return;
    }
    Scope s;
    s.kind = it->kind;
    s.span = use;
    s.id_span = e.span;
    auto flag = [&](std::string_view key, bool& value) {
      for (const ast::Arg& a : e.items) {
        if (a.key.empty() && a.value.kind == Expr::Kind::Name && a.value.text == key) value = true;
        if (a.key == key) {
          if (a.value.kind == Expr::Kind::Bool) {
            value = a.value.boolean;
          } else {
            wrong_type(a.value, fmt::format("expected {}: true or false", key));
          }
        }
      }
    };
    switch (s.kind) {
      case ScopeKind::AllNamespaces: {
        static constexpr std::array<std::string_view, 1> kArgs = {"recursive"};
        check_arguments(e, kArgs, 0);
        flag("recursive", s.recursive);
        break;
      }
      case ScopeKind::Everything:
      case ScopeKind::AllTenants: {
        static constexpr std::array<std::string_view, 0> kNone = {};
        check_arguments(e, kNone, 0);
        break;
      }
      case ScopeKind::Namespace: {
        static constexpr std::array<std::string_view, 3> kArgs = {"id", "label", "recursive"};
        check_arguments(e, kArgs, 1);
        flag("recursive", s.recursive);
        const Expr* label = nullptr;
        for (const ast::Arg& a : e.items) {
          if (a.key == "label") label = &a.value;
        }
        if (label != nullptr) {
          s.kind = ScopeKind::NamespaceLabel;
          if (label->kind != Expr::Kind::String) {
            wrong_type(*label, "expected the label as a quoted \"key=value\" string");
            return;
          }
          s.id = label->text;
          s.id_span = label->span;
        } else {
          s.id_span = {};
          s.id = id_argument(e, s.id_span, [] {
            return std::string("a namespace id: namespace(id: \"...\") or namespace(label: \"k=v\")");
          });
          if (!s.id_span.valid()) return;
        }
        break;
      }
      default: {
        static constexpr std::array<std::string_view, 2> kArgs = {"id", "dataplane"};
        check_arguments(e, kArgs, 1);
        s.id_span = {};
        s.id = id_argument(e, s.id_span, [&] {
          return s.kind == ScopeKind::Topic ? std::string("a topic name: topic(\"name\", dataplane: \"...\")")
                                            : fmt::format("an id: {}(\"...\")", e.text);
        });
        if (!s.id_span.valid()) return;
        for (const ast::Arg& a : e.items) {
          if (a.key != "dataplane") continue;
          if (a.value.kind != Expr::Kind::String) {
            wrong_type(a.value, "expected the dataplane id as a quoted string");
            continue;
          }
          s.dataplane = a.value.text;
          s.dataplane_span = a.value.span;
        }
      }
    }
    out.push_back(s);
  }

  const frontend::Project& project_;
  DiagnosticSink& sink_;
  Model model_;
  std::size_t added_ = 0;     // files whose definitions are collected
  std::size_t resolved_ = 0;  // files resolved (a prefix of the added ones)
  std::size_t grants_ = 0;    // grants and policies of the added files
  std::size_t head_bound_ = 0;  // items of file resolved_ known bound (names_final)
  // What bound() knows of each let (parallel to model_.definitions).
  struct LetBinding {
    bool known = false;  // every name it uses is bound, for good
    bool open = false;   // being visited
    std::size_t depth = 0;
    std::size_t unbound_while = kNoOpenLet;  // lets_.size() when a name it uses was unbound
  };
  std::vector<LetBinding> let_bindings_;
  // Which identity claims each principal (kind:idp:id), and where.
  std::unordered_map<std::string, std::pair<std::uint32_t, Span>> claims_;
  // The principals and scopes of the grant or policy being resolved, before they are stored in
  // the model's pools: reused, so expanding a grant allocates nothing.
  std::vector<Principal> principals_;
  std::vector<Scope> scopes_;
  std::unordered_map<std::string, std::uint32_t> targets_;
  std::unordered_map<std::string_view, std::uint32_t> lets_;
  std::unordered_set<std::string_view> unknown_kind_targets_;  ///< names of targets declared with an unknown kind
  std::vector<std::string_view> expanding_;
  std::unordered_map<std::uint32_t, std::uint64_t> weights_;  // definition index -> weight_of_name
  std::uint64_t expanded_ = 0;                                  // values added by let expansion so far
  bool total_reported_ = false;
};

Model resolve(const frontend::Project& project, DiagnosticSink& sink) {
  Resolver resolver(project, sink);
  resolver.add_files(project.files.size());
  return resolver.finish();
}

IncrementalResolver::IncrementalResolver(const frontend::Project& project, DiagnosticSink& sink)
    : resolver_(std::make_unique<Resolver>(project, sink)) {}
IncrementalResolver::~IncrementalResolver() = default;
std::size_t IncrementalResolver::files_added(std::size_t count) { return resolver_->add_files(count); }
Model IncrementalResolver::finish() { return resolver_->finish(); }
std::size_t IncrementalResolver::grants() const { return resolver_->grants(); }

}  // namespace iamc::model
