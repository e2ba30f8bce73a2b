// The one AST both front ends (DSL and YAML) build. It is syntax only: principals and scopes are
// still generic calls such as `user("id")`; the resolver (compiler/model) gives them their kinds.
// Every node carries the span of the text it came from. Strings are views into the source buffer
// or into the file's StringArena.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/arena.hpp"
#include "base/span.hpp"

namespace iamc::ast {

struct Arg;

/// A value: `"text"`, `name`, `kind(args)`, `[items]`, `{ key = value }`, `true`/`false`.
struct Expr {
  enum class Kind : std::uint8_t { String, Name, Call, List, Record, Bool };

  Kind kind = Kind::Name;
  Span span;               ///< the whole expression
  std::string_view text;   ///< String: decoded value; Name: the name; Call: the callee name
  Span name_span;          ///< Call: the callee's name
  bool boolean = false;    ///< Bool: its value
  ArenaArray<Arg> items;   ///< Call: arguments; List: items (no key); Record: entries (with key)
};

/// A call argument, list item or record entry. `key` is empty for positional arguments.
struct Arg {
  std::string_view key;
  Span key_span;
  Expr value;
};

/// `key = value` inside a target, grant attribute block, policy or record: an Arg with a key.
using Setting = Arg;

/// `role NAME`, `role NAME = "id"` (Frontier: a name for a role UUID), either followed by an
/// attribute block, in a target block: a custom role.
struct RoleDecl {
  Span span;
  std::string_view name;
  Span name_span;
  std::string_view id;  ///< empty when the role is referred to by its name
  Span id_span;
  /// `{ privileged = true  level = Writer }` after the name (YAML: the same keys in the role's map).
  ArenaArray<Setting> attributes;
};

struct Include {
  Span span;
  std::string_view path;
  Span path_span;
};

struct TargetDecl {
  Span span;
  std::string_view kind;  ///< "astra", ...; checked by the resolver
  Span kind_span;
  std::string_view name;
  Span name_span;
  ArenaArray<Setting> settings;
  std::vector<RoleDecl> roles;
};

/// `identity NAME { email = "...", description = "...", principals = [...] }`: one person or
/// robot's principals across targets, for the review commands. The resolver reads the settings.
struct IdentityDecl {
  Span span;
  std::string_view name;
  Span name_span;
  ArenaArray<Setting> settings;
};

struct LetDecl {
  Span span;
  std::string_view name;
  Span name_span;
  Expr value;
};

/// A role reference: a bare name or a string literal.
struct RoleRef {
  std::string_view name;
  Span span;
};

struct Grant {
  Span span;            ///< from `grant` to the end of the statement
  RoleRef role;
  ArenaArray<Expr> principals;
  bool has_scopes = false;  ///< an `on` clause was written (even if it names an empty list)
  ArenaArray<Expr> scopes;
  ArenaArray<Setting> attributes;  ///< id, title, description, labels, org
};

enum class Effect : std::uint8_t { Allow, Deny };

/// One statement of a Connhex policy: `allow ROLE actions [...] resources [...] on SCOPES`.
struct PolicyStatement {
  Span span;
  Effect effect = Effect::Allow;
  Span effect_span;
  bool has_role = false;
  RoleRef role;
  bool has_actions = false;
  Expr actions;  ///< a list (or a name bound to one)
  bool has_resources = false;
  Expr resources;
  bool has_scopes = false;
  ArenaArray<Expr> scopes;
};

struct Policy {
  Span span;
  std::string_view id;
  Span id_span;
  std::vector<Setting> settings;  ///< name, members, tenants
  std::vector<PolicyStatement> statements;
};

/// `in KIND.NAME { ... }`: grants and policies for one target instance. The lists inside them
/// live in the block's own arena, freed with the block: a project's blocks are let go as soon as
/// they are resolved (frontend::LoadOptions::file_added), its declarations only at the end.
struct TargetBlock {
  Span span;
  std::string_view target_kind;
  Span target_kind_span;
  std::string_view target_name;
  Span target_name_span;
  std::vector<Grant> grants;
  std::vector<Policy> policies;
  std::unique_ptr<NodeArena> nodes = std::make_unique<NodeArena>();
};

/// A comment, kept for the formatter and for suppression comments.
struct Comment {
  Span span;  ///< from the `#` or `//` to the end of the line
};

enum class SourceForm : std::uint8_t { Dsl, Yaml };

struct File {
  FileId file = kNoFile;
  SourceForm form = SourceForm::Dsl;
  std::vector<Include> includes;
  std::vector<TargetDecl> targets;
  std::vector<LetDecl> lets;
  std::vector<IdentityDecl> identities;
  std::vector<TargetBlock> blocks;
  std::vector<Comment> comments;
  /// Owns decoded strings that do not exist verbatim in the source (escapes, YAML scalars).
  std::unique_ptr<StringArena> arena = std::make_unique<StringArena>();
  /// The lists of the declarations (targets, lets, identities); a block's are in the block.
  std::unique_ptr<NodeArena> nodes = std::make_unique<NodeArena>();

  [[nodiscard]] std::size_t grant_count() const {
    std::size_t n = 0;
    for (const auto& b : blocks) n += b.grants.size() + b.policies.size();
    return n;
  }
};

}  // namespace iamc::ast
