// The target catalogues (stdlib/*.yaml, embedded in the binary) as typed, read-only data, plus the
// id-format matchers they name. Each catalogue is parsed once, on first use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/diagnostic.hpp"
#include "model/model.hpp"

namespace iamc::catalog {

/// Where a fact comes from (flavours.md tags; `Iamc` marks iamc's own decisions).
enum class Tag : std::uint8_t { Spec, Code, Doc, ThirdParty, Upstream, Iamc };
std::string_view tag_name(Tag tag);

/// A fact's provenance: a spec path or flavours.md section, and its tag.
struct Provenance {
  std::string source;
  Tag tag = Tag::Spec;
};

/// Problems with facts known only from an upstream project are warnings (flavours.md Decisions).
Severity severity_for(Tag tag);

/// Named id formats (the `format:` values of the catalogues), each a hand-written matcher.
enum class IdFormat : std::uint8_t {
  None,             ///< "none": any non-empty string
  UuidV4V5Lower,    ///< "uuid-v4v5-lower": Astra identifier (lowercase UUID v4 or v5, or the nil UUID)
  UuidLower,        ///< "uuid-lower": a lowercase 8-4-4-4-12 hex UUID of any version
  Uuid,             ///< "uuid": an 8-4-4-4-12 hex UUID, either case
  Xid,              ///< "xid": 20 characters [0-9a-v]
  K0rdentId,        ///< "k0rdent-id": ^[a-z]([-a-z0-9]*[a-z0-9])?$, 1-63 characters
  ConnhexMember,    ///< "connhex-member": the upstream Chef Automate member rule
  ConnhexAction,    ///< "connhex-action": the upstream Chef Automate action rule
  ConnhexPolicyId,  ///< "connhex-policy-id": ^[a-z0-9-_]{1,64}$
  FrontierNsId,     ///< "frontier-ns-id": namespace:id with exactly one colon, both parts non-empty
  FrontierId,       ///< "frontier-id": a non-empty id without a colon
  AstraLabel,       ///< "astra-label": key=value with a non-empty key and no single quote
  ConnhexResource,  ///< "connhex-resource": the upstream Chef Automate resource rule
  ConnhexRole,      ///< "connhex-role": 1-64 of A-Z, a-z, 0-9, '-', '_' (upstream, widened to mixed case)
  BaseUrl,          ///< "base-url": an API base URL iamc may send a token to (base/url.hpp)
};

std::optional<IdFormat> parse_format(std::string_view name);
std::string_view format_name(IdFormat format);
/// A phrase for messages: "a lowercase UUID v4 or v5, or the nil UUID".
std::string_view format_description(IdFormat format);
/// True when `text` has the format. Allocation-free; no std::regex.
bool matches(IdFormat format, std::string_view text);

struct RoleInfo {
  std::string name;
  int rank = 0;             ///< privilege order where the vendor documents one (higher = more); 0 = unranked
  bool privileged = false;  ///< owner/admin-class
  std::string title;        ///< Frontier display title; empty elsewhere
  std::string scope;        ///< Frontier: the namespace the role is meant for (app/organization, ...)
  Provenance from;
};

struct PrincipalRule {
  model::PrincipalKind kind;
  IdFormat format = IdFormat::None;
  std::string wire;  ///< how the target spells the kind (serviceAccount, app/serviceuser, userID, ...)
  Provenance from;
};

enum class Dataplane : std::uint8_t { Forbidden, Required };

struct ScopeRule {
  model::ScopeKind kind;
  IdFormat format = IdFormat::None;
  Dataplane dataplane = Dataplane::Forbidden;
  std::string wire;  ///< Redpanda SCOPE_RESOURCE_TYPE_*, Frontier namespace, k0rdent scope.type, ...
  Provenance from;
};

struct SettingRule {
  std::string key;
  bool required = false;
  IdFormat format = IdFormat::None;
  std::vector<std::string> values;  ///< allowed values; empty = any value of `format`
  std::string default_value;
  Provenance from;
};

/// A grant attribute the target accepts (id, title, description, labels, org).
struct AttributeRule {
  std::string name;
  IdFormat format = IdFormat::None;
  std::size_t max_chars = 0;  ///< 0 = no limit; counted in code points
  std::string wire;
  Provenance from;
};

/// A format rule with its provenance (Connhex policy ids and actions, Redpanda dataplane ids).
struct FormatRule {
  IdFormat format = IdFormat::None;
  Provenance from;
};

enum class Form : std::uint8_t { Grant, Policy };

struct TargetCatalog {
  model::TargetKind kind = model::TargetKind::Astra;
  std::string name;
  Form form = Form::Grant;  ///< Connhex takes policies; every other target takes grants
  bool has_deny = false;
  Provenance deny_from;
  std::string wildcard;  ///< what the widest scope means on this target
  Provenance wildcard_from;
  bool scope_required = false;  ///< a grant must have an `on` clause (Frontier)
  Provenance scope_required_from;
  bool custom_roles = false;                    ///< sources may declare roles
  IdFormat custom_role_id = IdFormat::None;     ///< None: a declared role has no id; else the id's format
  Provenance custom_roles_from;
  bool role_refs_by_id = false;                 ///< a role reference may be a raw id (Frontier UUIDs)
  IdFormat role_id_format = IdFormat::None;
  std::size_t role_min_length = 0;              ///< Frontier role_id min_len
  std::vector<std::string> constraint_roles;    ///< Astra: roles that honour role constraints
  Provenance constraint_roles_from;
  std::vector<std::string> idps;                ///< Connhex identity providers; idps.front() is the default
  std::vector<std::pair<std::string, std::string>> namespace_aliases;  ///< Frontier alias -> namespace
  std::optional<FormatRule> policy_id;
  std::optional<FormatRule> action;
  std::optional<FormatRule> resource;  ///< Connhex statement resources
  std::optional<FormatRule> statement_role;  ///< Connhex statement role ids
  std::optional<FormatRule> dataplane;
  std::vector<RoleInfo> roles;
  std::vector<PrincipalRule> principals;
  std::vector<ScopeRule> scopes;
  std::vector<SettingRule> settings;
  std::vector<AttributeRule> attributes;

  [[nodiscard]] const RoleInfo* find_role(std::string_view name) const;
  /// The role's rank (0 when unknown or unranked).
  [[nodiscard]] int role_rank(std::string_view name) const;
  [[nodiscard]] bool is_privileged(std::string_view name) const;
  [[nodiscard]] const PrincipalRule* principal(model::PrincipalKind kind) const;
  [[nodiscard]] const ScopeRule* scope(model::ScopeKind kind) const;
  [[nodiscard]] const SettingRule* setting(std::string_view key) const;
  [[nodiscard]] const AttributeRule* attribute(std::string_view name) const;
  /// Frontier: `app/organization` for `org`, case-insensitive; the input itself when no alias.
  [[nodiscard]] std::string expand_namespace(std::string_view ns) const;
  /// "user or group", "everything, namespace or all_namespaces": accepted kinds in catalogue order.
  [[nodiscard]] std::string principal_kind_list() const;
  [[nodiscard]] std::string scope_kind_list() const;
};

/// The catalogue of a target kind. Parsed from the embedded YAML on first use; throws
/// std::logic_error if the embedded data is malformed (a build defect, caught by unit tests).
const TargetCatalog& catalog(model::TargetKind kind);

/// What a role reference names within one target instance.
struct RoleMatch {
  const RoleInfo* builtin = nullptr;           ///< a catalogue role
  const model::CustomRole* custom = nullptr;   ///< a role declared on the instance
  bool raw_id = false;                         ///< a raw role id (Frontier UUID)
  [[nodiscard]] bool known() const { return builtin != nullptr || custom != nullptr || raw_id; }
};

/// Looks `name` up among the catalogue's roles, the instance's declared roles, and (Frontier) raw ids.
RoleMatch find_role(const model::TargetInstance& target, std::string_view name);
/// Every role name known for the instance (catalogue first, then declared), for did-you-mean.
std::vector<std::string_view> role_names(const model::TargetInstance& target);

/// A Connhex member string for a principal: user:<idp>:<id>, team:<idp>:<id>, token:<id>, "*".
std::string connhex_member(const model::Principal& principal);

}  // namespace iamc::catalog
