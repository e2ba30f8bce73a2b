// The effective-access model (see access.hpp).
#include "access/access.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/catalog.hpp"
#include "lint/privilege.hpp"

namespace iamc::access {
namespace {

void append_key(std::string& out, std::string_view kind, std::string_view idp, std::string_view id) {
  if (idp == "local") idp = {};
  out.reserve(out.size() + kind.size() + idp.size() + id.size() + 2);
  out.append(kind).append(1, ':').append(idp).append(1, ':').append(id);
}

std::string key_text(std::string_view kind, std::string_view idp, std::string_view id) {
  std::string key;
  append_key(key, kind, idp, id);
  return key;
}

}  // namespace

// The principal a `let` names when its value is a single principal call: user("id", idp: ldap).
std::string principal_key_of_call(const ast::Expr& value) {
  if (value.kind != ast::Expr::Kind::Call) return {};
  bool principal = false;
  for (std::size_t k = 0; k <= static_cast<std::size_t>(model::PrincipalKind::Everyone); ++k) {
    if (model::principal_kind_name(static_cast<model::PrincipalKind>(k)) == value.text) principal = true;
  }
  if (!principal) return {};
  std::string_view id, idp;
  for (const ast::Arg& arg : value.items) {
    if (arg.key.empty() && id.empty() && arg.value.kind == ast::Expr::Kind::String) id = arg.value.text;
    if (arg.key == "idp") idp = arg.value.text;
  }
  return id.empty() ? std::string() : key_text(value.text, idp, id);
}

namespace {

unsigned privilege_of(const model::Model& m, const Access& a, bool admin_role) {
  if (a.deny) return 0;  // taking access away is never privileged access
  unsigned bits = 0;
  model::TargetKind kind = m.targets[a.target].kind;
  if (admin_role) bits |= kAdminRole;
  if (lint::is_wildcard(*a.principal)) bits |= kWildcardSubject;
  if (lint::is_widest_scope(kind, a.scope.key)) {
    bits |= kWidestScope;
  }
  return bits;
}

}  // namespace

std::string privilege_reasons(unsigned privilege) {
  std::string out;
  auto add = [&](unsigned bit, std::string_view text) {
    if ((privilege & bit) == 0) return;
    if (!out.empty()) out += ", ";
    out += text;
  };
  add(kAdminRole, "admin-class role");
  add(kWildcardSubject, "wildcard principal");
  add(kWidestScope, "org-wide scope");
  return out;
}

std::string_view subject_kind_name(SubjectKind kind) {
  switch (kind) {
    case SubjectKind::Identity: return "identity";
    case SubjectKind::Let: return "let";
    case SubjectKind::Principal: return "principal";
  }
  return "principal";
}

std::string principal_key_text(const model::Principal& p) {
  std::string key;
  append_principal_key(key, p);
  return key;
}

void append_principal_key(std::string& out, const model::Principal& p) {
  if (p.kind == model::PrincipalKind::Everyone) {
    out += "everyone";
    return;
  }
  append_key(out, model::principal_kind_name(p.kind), p.idp, p.id);
}

AccessModel::AccessModel(const model::Model& model, const SourceManager& sources) : model_(&model), sources_(&sources) {
  for (const model::Definition& d : model.definitions) {
    if (d.value == nullptr) continue;
    std::string key = principal_key_of_call(*d.value);
    if (key.empty()) continue;
    // Several lets may name one principal: the first in name order names it, whatever the file order.
    auto [it, inserted] = let_names_.emplace(std::move(key), d.name);
    if (!inserted && d.name < it->second) it->second = d.name;
  }
  for (const model::Identity& identity : model.identities) {
    for (const model::Principal& p : identity.principals) identities_.emplace(principal_key_text(p), &identity);
  }
  // Role rank per (target, role): one catalogue lookup per distinct role, not per grant.
  std::vector<std::unordered_map<std::string_view, std::pair<int, bool>>> roles(model.targets.size());
  auto role_of = [&](std::uint32_t target, std::string_view role) {
    auto [it, inserted] = roles[target].try_emplace(role, 0, false);  // no node made for a role seen before
    if (inserted) {
      const catalog::TargetCatalog& c = catalog::catalog(model.targets[target].kind);
      it->second = {c.role_rank(role), c.is_privileged(role)};
    }
    return it->second;
  };
  // One entry per principal and scope of each binding and policy statement: counted first, so
  // the vector of a large project is allocated once instead of doubling (and copying) its way there.
  std::size_t entries = 0;
  for (const model::Binding& b : model.bindings) entries += b.principals.size() * std::max<std::size_t>(b.scopes.size(), 1);
  for (const model::Policy& policy : model.policies) {
    for (const model::Statement& st : policy.statements) entries += policy.members.size() * std::max<std::size_t>(st.scopes.size(), 1);
  }
  entries_.reserve(entries);
  for (const model::Binding& b : model.bindings) {
    const model::TargetInstance& t = model.targets[b.target];
    const std::pair<int, bool> role = role_of(b.target, b.role.name);
    const int rank = role.first;
    const bool admin = role.second;
    std::string_view org = !b.org().empty() ? b.org() : t.setting("org");
    for (const model::Principal& p : b.principals) {
      auto add = [&](const model::Scope* s) {
        Access a{b.target, &p, lint::reach_of(t.kind, s, org), b.role.name, rank, 0, false, &b, nullptr, b.span};
        a.privilege = privilege_of(model, a, admin);
        entries_.push_back(a);
      };
      if (b.scopes.empty()) add(nullptr);
      for (const model::Scope& s : b.scopes) add(&s);
    }
  }
  for (const model::Policy& policy : model.policies) {
    for (const model::Statement& st : policy.statements) {
      std::string_view role = st.role ? st.role->name : std::string_view{};
      if (!st.role && !st.actions.empty()) {
        std::string actions = "actions";
        char sep = ' ';
        for (const auto& [action, span] : st.actions) {
          actions += sep;
          actions += action;
          sep = ',';
        }
        role = owned_.emplace_back(std::move(actions));
      }
      const std::pair<int, bool> info = st.role ? role_of(policy.target, role) : std::pair{0, false};
      const int rank = info.first;
      const bool admin = info.second;
      for (const model::Principal& p : policy.members) {
        auto add = [&](const model::Scope* s) {
          Access a{policy.target, &p, lint::reach_of(model.targets[policy.target].kind, s, {}), role, rank, 0, st.effect == ast::Effect::Deny, nullptr, &policy, st.span};
          a.privilege = privilege_of(model, a, admin);
          entries_.push_back(a);
        };
        if (st.scopes.empty()) add(nullptr);
        for (const model::Scope& s : st.scopes) add(&s);
      }
    }
  }
  subjects_.reserve(entries_.size() / 4);
  for (Access& a : entries_) {
    a.subject = subjects_.try_emplace(lint::principal_key(*a.principal), static_cast<std::uint32_t>(subjects_.size()))
                    .first->second;
  }
}

std::optional<std::uint32_t> AccessModel::subject_of(const model::Principal& p) const {
  auto it = subjects_.find(lint::principal_key(p));
  if (it == subjects_.end()) return std::nullopt;
  return it->second;
}

std::string AccessModel::target_name(std::uint32_t target) const {
  const model::TargetInstance& t = model_->targets[target];
  return fmt::format("{}.{}", model::target_kind_name(t.kind), t.name);
}

const model::Identity* AccessModel::identity_of(const model::Principal& p) const {
  if (identities_.empty()) return nullptr;
  auto it = identities_.find(principal_key_text(p));
  return it != identities_.end() ? it->second : nullptr;
}

std::string_view AccessModel::subject_alias(const model::Principal& p) const {
  if (identities_.empty() && let_names_.empty()) return {};
  return subject_alias_of_key(principal_key_text(p));
}

std::string_view AccessModel::subject_alias_of_key(std::string_view key) const {
  if (identities_.empty() && let_names_.empty()) return {};
  if (auto it = identities_.find(key); it != identities_.end()) return it->second->name;
  auto it = let_names_.find(key);
  return it != let_names_.end() ? it->second : std::string_view{};
}

SubjectKind AccessModel::subject_kind(const model::Principal& p) const {
  if (identity_of(p) != nullptr) return SubjectKind::Identity;
  return subject_alias(p).empty() ? SubjectKind::Principal : SubjectKind::Let;
}

std::string AccessModel::subject_name(const model::Principal& p) const {
  std::string_view alias = subject_alias(p);
  return alias.empty() ? lint::describe(p) : std::string(alias);
}

std::string AccessModel::scope_text(const Access& a) const {
  std::string out;
  append_scope_text(out, a);
  return out;
}

void AccessModel::append_scope_text(std::string& out, const Access& a) const {
  if (a.scope.scope != nullptr) {
    lint::append_description(out, *a.scope.scope);
  } else if (a.scope.key.present) {
    out += "everything";  // no `on` clause, where that means everything
  } else {
    out += a.policy != nullptr ? "(every tenant of the policy)" : "(no scope)";
  }
}

Location AccessModel::location(Span span) const {
  if (!span.valid()) return {};
  const SourceFile& f = sources_->file(span.file);
  LineCol at = f.line_col(span.begin);
  return {f.path(), at.line, at.column};
}

std::vector<Location> AccessModel::causes(const Access& a) const {
  std::vector<Location> out;
  append_causes(a, out);
  return out;
}

void AccessModel::append_causes(const Access& a, std::vector<Location>& out) const {
  out.push_back(location(a.source));
  Span id = a.principal->id_span;
  bool inside = id.file == a.source.file && id.begin >= a.source.begin && id.end <= a.source.end;
  if (id.valid() && !inside) out.push_back(location(id));
}

std::string_view AccessModel::description(const Access& a) const {
  return a.binding != nullptr ? a.binding->description() : a.policy->name;
}

std::string_view AccessModel::grant_id(const Access& a) const {
  return a.binding != nullptr ? a.binding->id : a.policy->id;
}

bool AccessModel::names_subject(std::string_view query, const model::Principal& p) const {
  if (query == subject_alias(p)) return true;
  if (auto it = let_names_.find(principal_key_text(p)); it != let_names_.end() && it->second == query) return true;
  if (query == "everyone") return p.kind == model::PrincipalKind::Everyone;
  std::size_t colon = query.find(':');
  if (colon == std::string_view::npos) return false;
  return query.substr(0, colon) == model::principal_kind_name(p.kind) && query.substr(colon + 1) == p.id;
}

bool AccessModel::knows_subject(std::string_view query) const {
  if (query == "everyone" || query.find(':') != std::string_view::npos) return true;
  for (const model::Identity& identity : model_->identities) {
    if (identity.name == query) return true;
  }
  return std::any_of(let_names_.begin(), let_names_.end(), [&](const auto& entry) { return entry.second == query; });
}

}  // namespace iamc::access
