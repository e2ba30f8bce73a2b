// The resolved model: what the AST means once names are looked up and every principal and scope
// has a kind. The resolver builds it, the checker validates it, lint rules read it, and backends
// turn it into requests. Strings are views into source buffers or the files' arenas.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "base/span.hpp"
#include "base/stable_vector.hpp"
#include "frontend/ast.hpp"

namespace iamc::model {

// The kinds (kinds.def is the one list; each enum's order is the .def's order).
enum class TargetKind : std::uint8_t {
#define IAMC_TARGET(kind, spelling) kind,
#include "model/kinds.def"
};
inline constexpr std::size_t kTargetKindCount = 0
#define IAMC_TARGET(kind, spelling) +1
#include "model/kinds.def"
    ;

/// "k0rdent", "connhex", ... (the spelling used in sources and on the command line).
std::string_view target_kind_name(TargetKind kind);
std::optional<TargetKind> parse_target_kind(std::string_view name);

enum class PrincipalKind : std::uint8_t {
#define IAMC_PRINCIPAL(kind, spelling, takes_id, hover) kind,
#include "model/kinds.def"
};
std::string_view principal_kind_name(PrincipalKind kind);  ///< "user", "service_account", ...

enum class ScopeKind : std::uint8_t {
#define IAMC_SCOPE(kind, spelling, takes_id, spelled, hover) kind,
#include "model/kinds.def"
};
std::string_view scope_kind_name(ScopeKind kind);  ///< the source spelling: "namespace", "topic", ...

/// A kind as the language spells it, with what an editor shows for it.
struct KindSpelling {
  std::string_view name;
  bool takes_id;  ///< written `kind("id")`; false: a bare name such as `everything`
  std::string_view hover;
};
struct PrincipalSpelling : KindSpelling {
  PrincipalKind kind;
};
struct ScopeSpelling : KindSpelling {
  ScopeKind kind;
};
/// Every principal kind, in kinds.def order.
std::span<const PrincipalSpelling> principal_spellings();
/// Every scope spelling the resolver accepts (namespace(label:) is `namespace`), in kinds.def order.
std::span<const ScopeSpelling> scope_spellings();

struct Principal {
  PrincipalKind kind = PrincipalKind::User;
  std::string_view id;   ///< empty for Everyone
  std::string_view idp;  ///< identity provider (Connhex local/ldap/saml); empty when not given
  Span span;             ///< the principal expression where it is written (the use, not the let)
  Span id_span;          ///< the id's string literal, for diagnostics about its format
};

struct Scope {
  ScopeKind kind = ScopeKind::Everything;
  std::string_view id;         ///< resource id, label `k=v` for NamespaceLabel, `ns:id` for Frontier
  std::string_view dataplane;  ///< Redpanda dataplane_id, empty when not given
  Span dataplane_span;
  bool recursive = true;       ///< Astra: `.*` suffix
  Span span;
  Span id_span;
};

/// Where the principal and scope lists of every binding and policy live: runs of items copied
/// into chunks that never move, so a binding holds two spans instead of two vectors (two heap
/// allocations per grant were the resolver's largest cost at a million grants). The model owns
/// its pools; moving a model keeps every span valid.
template <typename T>
class ListPool {
 public:
  /// Copies `items` into the pool and returns where they now live.
  std::span<const T> store(std::span<const T> items) {
    if (items.empty()) return {};
    if (items.size() > capacity_ - used_) {
      capacity_ = std::max(kChunkItems, items.size());
      chunks_.push_back(std::make_unique<T[]>(capacity_));
      used_ = 0;
    }
    T* at = chunks_.back().get() + used_;
    std::copy(items.begin(), items.end(), at);
    used_ += items.size();
    return {at, items.size()};
  }

 private:
  static constexpr std::size_t kChunkItems = 4096;
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
};

struct Label {
  std::string_view key;
  std::string_view value;
  Span span;
};

struct CustomRole {
  std::string_view name;
  std::string_view id;  ///< Frontier: the role UUID the name stands for; empty otherwise
  Span span;
  /// `{ privileged = true }`: the role is owner/admin-class for the privilege rules. Unset: the
  /// privilege of the `level` role, else not privileged.
  std::optional<bool> privileged;
  /// `{ level = Writer }`: the catalogue role whose place in the target's role order this role
  /// takes (the checker reports a level the catalogue does not rank, C025).
  std::string_view level;
  Span level_span;
};

struct TargetInstance {
  TargetKind kind = TargetKind::Astra;
  std::string_view name;
  Span span;       ///< the declaration
  Span name_span;
  /// Settings as written (`account`, `org`, `transport`, ...); the checker validates them.
  std::vector<std::pair<std::string_view, const ast::Expr*>> settings;
  std::vector<Span> setting_key_spans;  ///< parallel to `settings`: where each key is written
  std::vector<CustomRole> roles;

  /// The string value of a setting, or empty when absent or not a string.
  [[nodiscard]] std::string_view setting(std::string_view key) const;
  [[nodiscard]] Span setting_span(std::string_view key) const;
};

struct RoleRef {
  std::string_view name;
  Span span;
};

/// What a grant may say about itself besides its id: title, description, labels and a k0rdent
/// org. Most grants say none of it, so a binding points to one of these (in
/// Model::grant_attributes) instead of carrying 120 bytes of empty fields: at a million grants
/// that is a fifth of the model's memory.
struct GrantAttributes {
  std::string_view title;
  std::string_view description;
  std::string_view org;  ///< k0rdent orgId override; empty = the target's default
  std::vector<Label> labels;
  Span title_span;  ///< the attributes' values where written; invalid when absent
  Span description_span;
  Span org_span;
  Span labels_span;  ///< the `labels` key

  [[nodiscard]] bool empty() const {
    return !title_span.valid() && !description_span.valid() && !org_span.valid() && !labels_span.valid();
  }
};

/// One `grant`: a role to principals on scopes for one target instance.
struct Binding {
  std::uint32_t target = 0;  ///< index into Model::targets
  RoleRef role;
  std::span<const Principal> principals;  ///< in Model::principal_lists
  bool has_scopes = false;  ///< an `on` clause was written
  std::span<const Scope> scopes;  ///< in Model::scope_lists
  bool scopes_incomplete = false;  ///< the resolver dropped a scope it reported as an error
  std::string_view id;
  Span id_span;
  Span span;  ///< the whole grant
  /// Never null: grants without attributes share one empty set.
  const GrantAttributes* attributes = &kNoAttributes;

  [[nodiscard]] std::string_view title() const { return attributes->title; }
  [[nodiscard]] std::string_view description() const { return attributes->description; }
  [[nodiscard]] std::string_view org() const { return attributes->org; }
  [[nodiscard]] const std::vector<Label>& labels() const { return attributes->labels; }
  [[nodiscard]] Span title_span() const { return attributes->title_span; }
  [[nodiscard]] Span description_span() const { return attributes->description_span; }
  [[nodiscard]] Span org_span() const { return attributes->org_span; }
  [[nodiscard]] Span labels_span() const { return attributes->labels_span; }

  static const GrantAttributes kNoAttributes;
};

struct Statement {
  ast::Effect effect = ast::Effect::Allow;
  Span effect_span;
  std::optional<RoleRef> role;
  bool has_actions = false;
  std::vector<std::pair<std::string_view, Span>> actions;
  bool has_resources = false;
  std::vector<std::pair<std::string_view, Span>> resources;
  bool has_scopes = false;
  std::span<const Scope> scopes;  ///< Tenant / AllTenants, in Model::scope_lists
  bool scopes_incomplete = false;  ///< the resolver dropped a scope it reported as an error
  Span span;
};

/// A Connhex policy: members and statements under one id.
struct Policy {
  std::uint32_t target = 0;
  std::string_view id;
  Span id_span;
  std::string_view name;
  Span name_span;
  std::span<const Principal> members;  ///< in Model::principal_lists
  std::vector<Statement> statements;
  std::vector<std::pair<std::string_view, Span>> tenants;  ///< the policy's own (ownership) tenants
  Span span;
};

/// A `let` definition, kept for lint (unused definitions) and the LSP (hover, go-to-definition).
struct Definition {
  std::string_view name;
  Span name_span;
  const ast::Expr* value = nullptr;
  std::uint32_t uses = 0;
};

/// An `identity`: one person or robot and its principals on every target, so the review commands
/// (who, what, diff, report) name the subject once. Each principal belongs to one identity at most.
struct Identity {
  std::string_view name;
  Span name_span;
  std::string_view email;        ///< empty when not given
  std::string_view description;  ///< empty when not given
  std::span<const Principal> principals;  ///< in Model::principal_lists
  Span span;
};

struct Model {
  // Move-only: bindings point into grant_attributes and the pools, which a copy would not share.
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  std::vector<TargetInstance> targets;
  std::vector<Identity> identities;
  StableVector<Binding> bindings;  ///< appended while files load (see resolve.hpp): never moved
  StableVector<GrantAttributes> grant_attributes;  ///< of the bindings that have any
  std::vector<Policy> policies;
  std::vector<Definition> definitions;
  ListPool<Principal> principal_lists;
  ListPool<Scope> scope_lists;
};

}  // namespace iamc::model
