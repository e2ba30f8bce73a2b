// The effective-access model: every (target instance, principal, scope, role) a checked model
// grants, with who the principal is (an identity, a `let` name or the raw id), how privileged the
// access is, and the grant that gives it. `iamc who`, `what`, `diff` and `report` all read it;
// scope coverage comes from lint/coverage.hpp, the one definition redundant-grant also uses.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/source.hpp"
#include "lint/coverage.hpp"
#include "lint/identity.hpp"
#include "model/model.hpp"

namespace iamc::access {

/// Why a piece of access is privileged; a bit set, empty for ordinary access.
enum Privilege : unsigned {
  kAdminRole = 1,      ///< an owner/admin-class role in the target's catalogue
  kWildcardSubject = 2,  ///< everyone, or every user/team of an identity provider
  kWidestScope = 4,    ///< the target's widest scope (everything, all tenants, the organization)
};
/// "admin-class role, org-wide scope": the reasons, in bit order.
std::string privilege_reasons(unsigned privilege);

/// How a subject is named: by an `identity` that claims the principal, else by the `let` that
/// names it, else by the principal as written.
enum class SubjectKind : std::uint8_t { Identity, Let, Principal };
std::string_view subject_kind_name(SubjectKind kind);  ///< "identity", "let", "principal"

/// One role for one principal on one scope of one target instance, from one grant or one Connhex
/// policy statement.
struct Access {
  std::uint32_t target = 0;  ///< index into Model::targets
  const model::Principal* principal = nullptr;
  lint::ScopeReach scope;  ///< scope.scope null: the grant has no `on` clause
  std::string_view role;   ///< the role; for a Connhex statement without a role, its actions
  int rank = 0;            ///< the role's rank in the target's catalogue order (0: unranked)
  unsigned privilege = 0;  ///< Privilege bits
  bool deny = false;       ///< a Connhex deny statement
  const model::Binding* binding = nullptr;  ///< the grant, or null for a policy statement
  const model::Policy* policy = nullptr;    ///< the policy, or null for a grant
  Span source;  ///< the grant or policy statement
  /// The principal as a dense number: equal for the same kind, identity provider and id, so a
  /// query can remember per principal what it worked out (AccessModel::subject_count()).
  std::uint32_t subject = 0;
};

/// A place in the sources, ready to print.
struct Location {
  /// The file's path as the SourceManager holds it (valid while it lives): a diff of 200,000
  /// changes copied a file name for every source of every change.
  std::string_view file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend auto operator<=>(const Location&, const Location&) = default;
};

class AccessModel {
 public:
  AccessModel(const model::Model& model, const SourceManager& sources);

  [[nodiscard]] const model::Model& model() const { return *model_; }
  [[nodiscard]] const std::vector<Access>& entries() const { return entries_; }
  /// How many distinct principals the entries have (Access::subject is below it).
  [[nodiscard]] std::uint32_t subject_count() const { return static_cast<std::uint32_t>(subjects_.size()); }
  /// The number of a principal, if some entry has it.
  [[nodiscard]] std::optional<std::uint32_t> subject_of(const model::Principal& p) const;

  /// "astra.prod".
  [[nodiscard]] std::string target_name(std::uint32_t target) const;
  [[nodiscard]] model::TargetKind target_kind(std::uint32_t target) const { return model_->targets[target].kind; }
  /// The subject's name for reports (identity, let or the principal) and what kind of name it is.
  [[nodiscard]] std::string subject_name(const model::Principal& p) const;
  [[nodiscard]] SubjectKind subject_kind(const model::Principal& p) const;
  /// The identity that claims the principal, or null.
  [[nodiscard]] const model::Identity* identity_of(const model::Principal& p) const;
  /// The identity or let name, empty when the subject has none.
  [[nodiscard]] std::string_view subject_alias(const model::Principal& p) const;
  /// The same for a principal given by its key (principal_key_text).
  [[nodiscard]] std::string_view subject_alias_of_key(std::string_view key) const;
  /// How a scope is written, or what a grant without one means on its target.
  [[nodiscard]] std::string scope_text(const Access& a) const;
  /// The same, appended to `out` (a buffer reused for every entry).
  void append_scope_text(std::string& out, const Access& a) const;
  /// Where the grant (or statement) is, and where the principal's id is written when that is
  /// elsewhere (a `let`, an identity or another file): the causes of this access.
  [[nodiscard]] Location location(Span span) const;
  [[nodiscard]] std::vector<Location> causes(const Access& a) const;
  /// Appends causes(a) to `out`.
  void append_causes(const Access& a, std::vector<Location>& out) const;
  [[nodiscard]] std::string_view description(const Access& a) const;
  [[nodiscard]] std::string_view grant_id(const Access& a) const;
  /// Whether `query` names the principal: its identity or let name, KIND:ID, or `everyone`.
  [[nodiscard]] bool names_subject(std::string_view query, const model::Principal& p) const;
  /// False for a NAME that no identity or let has (KIND:ID and `everyone` are always known: a
  /// principal nobody mentions still has what everyone has).
  [[nodiscard]] bool knows_subject(std::string_view query) const;

 private:
  const model::Model* model_;
  const SourceManager* sources_;
  std::vector<Access> entries_;
  struct KeyHash {
    std::size_t operator()(const lint::PrincipalKey& k) const { return lint::hash_of(k); }
  };
  std::unordered_map<lint::PrincipalKey, std::uint32_t, KeyHash> subjects_;
  std::deque<std::string> owned_;  ///< text made here that entries point into (Connhex action lists)
  /// Hashes and compares std::string keys with std::string_view lookups (no key string made).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::string_view, TextHash, std::equal_to<>> let_names_;  ///< principal key text -> let name
  std::unordered_map<std::string, const model::Identity*, TextHash, std::equal_to<>> identities_;  ///< principal key text -> identity
};

/// The key that identifies a principal across two models: kind, identity provider and id.
std::string principal_key_text(const model::Principal& p);
/// The same, appended to `out` (a buffer reused for every principal).
void append_principal_key(std::string& out, const model::Principal& p);
/// The same key for a principal call as written (`user("id", idp: ldap)`); empty for anything
/// else. `let` names of one principal, and `iamc test` for `let` lists, read it.
std::string principal_key_of_call(const ast::Expr& value);

}  // namespace iamc::access
