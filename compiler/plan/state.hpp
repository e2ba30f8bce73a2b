// The live state of target instances as their vendors' list endpoints return it, and the one
// comparable form both sides of a plan are reduced to. Each target has a decoder (one file per
// target, like backends/) that reads a list item and also a create request body as the backend
// wrote it: one function for both sides, so "the same binding" means the same thing on both.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.hpp"
#include "model/model.hpp"
#include "plan/json_reader.hpp"

namespace iamc::plan {

/// A Connhex statement, normalised (lists sorted, an absent effect is ALLOW).
struct Statement {
  std::string effect;
  std::string role;
  std::vector<std::string> actions;
  std::vector<std::string> resources;
  std::vector<std::string> tenants;
  bool has_actions = false;
  bool has_resources = false;
  bool has_tenants = false;
};

/// A Connhex policy's parts (the rest of Binding describes its id).
struct PolicyParts {
  std::string name;
  std::vector<std::string> members;  ///< member strings as the API spells them
  std::vector<Statement> statements;
  std::string statements_key;  ///< the statements normalised and sorted, for comparison
  std::vector<std::string> tenants;
};

/// What a binding carries besides its meaning, rarely present: import's attributes, a Connhex
/// policy's parts, why import cannot write it. Out of line, so that the 100,000 bindings of a
/// plan (which reads none of import's attributes) carry a null pointer instead of some 300 bytes
/// of empty strings each.
struct BindingDetails {
  std::string title;
  std::string description;
  std::vector<std::pair<std::string, std::string>> labels;
  PolicyParts policy;  ///< Connhex only
  /// Why import cannot write this binding as a grant (an unknown principal namespace, ...);
  /// empty when it can.
  std::string inexpressible;
};

/// One binding (or Connhex policy) in comparable form, live or desired.
struct Binding {
  /// What the binding means within its instance: principal, role and scope after normalisation
  /// (for Connhex: the policy id). Two bindings with the same key are the same grant.
  std::string key;
  /// What an update would change (Connhex: members, statements, name and tenants, normalised);
  /// empty for targets whose bindings have no updatable content.
  std::string content;
  // How the binding reads in iamc's terms, for the plan and for import.
  model::PrincipalKind principal_kind = model::PrincipalKind::User;
  bool system = false;                 ///< a vendor-managed binding: never planned (Connhex non-CUSTOM)
  std::string principal_id;
  std::string role;                    ///< the role name (Frontier: a role id mapped to its name)
  std::string role_ref;                ///< Frontier: the role as the API gave it (a UUID or a name)
  std::vector<std::string> scopes;     ///< the scope in the target's own spelling, normalised
  std::string id;                      ///< the live binding's id (empty for desired ones)
  std::string org;                     ///< k0rdent orgId, Astra accountID
  Span span;                           ///< live: the item in its state file

  /// The details, made on first use (decoders write through this).
  BindingDetails& details() {
    if (!details_) details_ = std::make_unique<BindingDetails>();
    return *details_;
  }
  /// The details, or empty ones when the binding has none.
  [[nodiscard]] const BindingDetails& details() const {
    static const BindingDetails kNone;
    return details_ ? *details_ : kNone;
  }

  /// Empties the binding for the next decode, keeping its strings' room: a plan decodes each
  /// desired binding into one scratch Binding and keeps only those that change something.
  void clear() {
    key.clear();
    content.clear();
    principal_kind = model::PrincipalKind::User;
    system = false;
    principal_id.clear();
    role.clear();
    role_ref.clear();
    scopes.clear();
    id.clear();
    org.clear();
    span = Span{};
    details_.reset();
  }

 private:
  std::unique_ptr<BindingDetails> details_;
};

/// A binding as iamc source: what `plan` shows and `import` writes.
struct SourceForm {
  std::string principal;            ///< user("id"), team("x", idp: ldap), ...
  std::string role;                 ///< the role as it is referred to in the sources
  bool has_scopes = false;          ///< write an `on` clause
  std::vector<std::string> scopes;  ///< namespace(id: "..."), cluster("..."), ...
  std::string custom_role_id;       ///< Frontier: a custom role to declare as `role NAME = "id"`
  std::string policy_block;         ///< Connhex: the whole `policy ID { ... }` block
  std::vector<std::string> roles;   ///< Connhex: the roles its statements use
  std::string why_not;              ///< why the binding cannot be written; empty when it can
};

/// `text` as a DSL string literal.
std::string dsl_string(std::string_view text);
/// A role as written after `grant`: bare when it is a plain name, else a string literal.
std::string dsl_role(std::string_view role);

/// What a decoder needs besides the JSON: where problems are reported, and the instance.
struct DecodeContext {
  const model::TargetInstance* target = nullptr;
  std::string_view document;  ///< the text the values were parsed from (for nested arrays)
  std::uint32_t base = 0;
  /// Frontier: role ids to names, from STATE/frontier.<instance>.roles.json.
  const std::map<std::string, std::string, std::less<>>* role_names = nullptr;
  /// Reports a problem with a value at a JSON path; null when decoding iamc's own request bodies.
  std::function<void(const json::Value& at, const std::string& path, std::string message)> error;
  std::string path;  ///< the JSON path of the item being decoded, e.g. "$.items[3]"
  /// Read what only import writes back (titles, descriptions, labels). A plan matches and shows
  /// bindings without them, and reads its 100,000 bindings faster for not copying them.
  bool attributes = false;

  /// Reports, or for iamc's own bodies throws (a backend wrote a body its decoder cannot read).
  bool fail(const json::Value& at, const std::string& path, std::string message) const;
};

/// One request of a plan, owning its bytes.
struct PlanRequest {
  std::string method;
  std::string path;
  std::string content_type;
  std::string accept;  ///< the Accept header compile sends for the same request (Astra); empty: none
  std::string body;    ///< empty for DELETE
};

class StateDecoder {
 public:
  virtual ~StateDecoder() = default;
  [[nodiscard]] virtual model::TargetKind kind() const = 0;
  /// The keys of a list response's object that hold the items ("items", "role_bindings", ...).
  [[nodiscard]] virtual std::vector<std::string_view> list_keys() const = 0;
  /// Whether a bare JSON array of items is a list response (k0rdent).
  [[nodiscard]] virtual bool accepts_bare_array() const { return false; }
  /// Reads one live item, or one create request body the backend wrote; false after reporting.
  virtual bool decode(const json::Value& item, const DecodeContext& ctx, Binding& out) const = 0;
  /// The request that lists the live bindings (pull): the first page for an empty `page_token`,
  /// then the page a previous response's next_page_token names.
  virtual void list_request(const model::TargetInstance& target, std::string_view page_token, PlanRequest& out) const = 0;
  /// The token of the page after this list response; empty on the last page.
  [[nodiscard]] virtual std::string next_page_token(const json::Value& /*page*/) const { return {}; }
  /// Frontier: the request listing the roles (STATE/frontier.<instance>.roles.json); false elsewhere.
  virtual bool roles_request(const model::TargetInstance& /*target*/, PlanRequest& /*out*/) const { return false; }
  /// The request that deletes a live binding.
  virtual void delete_request(const model::TargetInstance& target, const Binding& live, PlanRequest& out) const = 0;
  /// Whether the binding gives an owner/admin-class role on the target's widest scope (the
  /// account, organisation or every tenant): the bindings a plan never deletes the last of.
  [[nodiscard]] virtual bool privileged_on_widest(const Binding& b) const = 0;
  /// The binding as iamc source (not Connhex: its policies are written whole by import).
  virtual void source_form(const Binding& b, SourceForm& out) const = 0;
  /// Target settings recovered from the live bindings, for import; a required setting the
  /// state does not carry is added to `missing` with what to fill in.
  virtual void recover_settings(const std::vector<Binding>& /*live*/,
                                std::vector<std::pair<std::string, std::string>>& /*settings*/,
                                std::vector<std::string>& /*missing*/) const {}
  /// Turns a create request into the update of a live binding with the same id, if the API has
  /// one (Connhex PUT); false when a change must be a delete and a create.
  virtual bool update_request(const Binding& /*live*/, std::string_view /*create_body*/, PlanRequest& /*out*/) const {
    return false;
  }
};

/// Every target's decoder, by kind.
const StateDecoder& state_decoder(model::TargetKind kind);

/// The live state of one target instance.
struct InstanceState {
  std::uint32_t target = 0;  ///< index into Model::targets
  FileId file = kNoFile;     ///< the state file
  std::vector<Binding> live;
};

struct State {
  std::vector<InstanceState> instances;  ///< in target order; only instances with a file
  /// Frontier role ids to names, per target index (STATE/frontier.<instance>.roles.json).
  std::map<std::uint32_t, std::map<std::string, std::string, std::less<>>> role_names;
  std::deque<std::string> names;  ///< instance names read from file names (import)
  [[nodiscard]] const InstanceState* find(std::uint32_t target) const;
};

}  // namespace iamc::plan
