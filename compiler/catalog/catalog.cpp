// Parses the embedded catalogues (stdlib/*.yaml) into TargetCatalog, one target at a time, on
// first use, and answers lookups. The YAML is ours: any shape error is a build defect and throws.
#include "catalog/catalog.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

#include "iamc_stdlib_data.hpp"

namespace iamc::catalog {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

[[noreturn]] void defect(std::string_view target, std::string_view what) {
  throw std::logic_error("stdlib/" + std::string(target) + ".yaml: " + std::string(what));
}

class Parser {
 public:
  explicit Parser(std::string_view target) : target_(target) {}

  std::string str(const YAML::Node& node, std::string_view key, bool required = true) const {
    YAML::Node v = node[std::string(key)];
    if (!v) {
      if (required) defect(target_, "missing key '" + std::string(key) + "'");
      return {};
    }
    if (!v.IsScalar()) defect(target_, "key '" + std::string(key) + "' is not a scalar");
    return v.Scalar();
  }

  bool boolean(const YAML::Node& node, std::string_view key, bool fallback) const {
    YAML::Node v = node[std::string(key)];
    return v ? v.as<bool>() : fallback;
  }

  Provenance provenance(const YAML::Node& node) const {
    Provenance p;
    p.source = str(node, "source");
    std::string tag = str(node, "tag");
    static constexpr std::array<std::pair<std::string_view, Tag>, 6> kTags = {{
        {"spec", Tag::Spec}, {"code", Tag::Code}, {"doc", Tag::Doc},
        {"3p", Tag::ThirdParty}, {"upstream", Tag::Upstream}, {"iamc", Tag::Iamc},
    }};
    auto it = std::find_if(kTags.begin(), kTags.end(), [&](const auto& t) { return t.first == tag; });
    if (it == kTags.end()) defect(target_, "unknown tag '" + tag + "'");
    p.tag = it->second;
    return p;
  }

  IdFormat format(const YAML::Node& node, std::string_view key = "format") const {
    std::string name = str(node, key, false);
    if (name.empty()) return IdFormat::None;
    auto f = parse_format(name);
    if (!f) defect(target_, "unknown format '" + name + "'");
    return *f;
  }

  std::vector<std::string> strings(const YAML::Node& node) const {
    std::vector<std::string> out;
    if (!node) return out;
    if (!node.IsSequence()) defect(target_, "expected a list");
    for (const auto& item : node) out.push_back(item.Scalar());
    return out;
  }

  FormatRule format_rule(const YAML::Node& node) const { return {format(node), provenance(node)}; }

  std::string_view target_;
};

PrincipalKind principal_kind(std::string_view target, const std::string& name) {
  for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(PrincipalKind::Everyone); ++i) {
    auto kind = static_cast<PrincipalKind>(i);
    if (model::principal_kind_name(kind) == name) return kind;
  }
  defect(target, "unknown principal kind '" + name + "'");
}

ScopeKind scope_kind(std::string_view target, const std::string& name) {
  if (name == "namespace_label") return ScopeKind::NamespaceLabel;  // the model's spelling is "namespace"
  for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(ScopeKind::Topic); ++i) {
    auto kind = static_cast<ScopeKind>(i);
    if (kind != ScopeKind::NamespaceLabel && model::scope_kind_name(kind) == name) return kind;
  }
  defect(target, "unknown scope kind '" + name + "'");
}

TargetCatalog parse(model::TargetKind kind) {
  std::string_view name = model::target_kind_name(kind);
  auto embedded = std::find_if(stdlib::kCatalogs.begin(), stdlib::kCatalogs.end(),
                               [&](const stdlib::EmbeddedCatalog& c) { return c.name == name; });
  if (embedded == stdlib::kCatalogs.end()) defect(name, "not embedded");
  Parser p(name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(embedded->text));
  } catch (const YAML::Exception& e) {
    defect(name, e.what());
  }
  TargetCatalog c;
  c.kind = kind;
  c.name = p.str(root, "target");
  if (c.name != name) defect(name, "target is '" + c.name + "'");
  std::string form = p.str(root, "form");
  if (form != "grant" && form != "policy") defect(name, "form must be grant or policy");
  c.form = form == "policy" ? Form::Policy : Form::Grant;

  c.has_deny = p.boolean(root["deny"], "value", false);
  c.deny_from = p.provenance(root["deny"]);
  c.wildcard = p.str(root["wildcard"], "value");
  c.wildcard_from = p.provenance(root["wildcard"]);
  c.scope_required = p.boolean(root["scope_required"], "value", false);
  c.scope_required_from = p.provenance(root["scope_required"]);
  c.custom_roles = p.boolean(root["custom_roles"], "value", false);
  c.custom_roles_from = p.provenance(root["custom_roles"]);
  c.custom_role_id = p.format(root["custom_roles"], "id_format");
  if (YAML::Node n = root["role_ref_by_id"]) {
    c.role_refs_by_id = p.boolean(n, "value", false);
    c.role_id_format = p.format(n);
  }
  if (YAML::Node n = root["role_id_min"]) c.role_min_length = n["value"].as<std::size_t>();
  if (YAML::Node n = root["constraint_roles"]) {
    c.constraint_roles = p.strings(n["value"]);
    c.constraint_roles_from = p.provenance(n);
  }
  if (YAML::Node n = root["idps"]) c.idps = p.strings(n["value"]);
  if (YAML::Node n = root["namespace_aliases"]) {
    for (const auto& entry : n["value"]) c.namespace_aliases.emplace_back(entry.first.Scalar(), entry.second.Scalar());
  }
  if (YAML::Node n = root["policy_id"]) c.policy_id = p.format_rule(n);
  if (YAML::Node n = root["action"]) c.action = p.format_rule(n);
  if (YAML::Node n = root["dataplane"]) c.dataplane = p.format_rule(n);

  for (const auto& r : root["roles"]) {
    RoleInfo role;
    role.name = p.str(r, "name");
    if (YAML::Node rank = r["rank"]) role.rank = rank.as<int>();
    role.privileged = p.boolean(r, "privileged", false);
    role.title = p.str(r, "title", false);
    role.scope = p.str(r, "scope", false);
    role.from = p.provenance(r);
    c.roles.push_back(std::move(role));
  }
  for (const auto& r : root["principals"]) {
    c.principals.push_back({principal_kind(name, p.str(r, "kind")), p.format(r), p.str(r, "wire"), p.provenance(r)});
  }
  for (const auto& r : root["scopes"]) {
    ScopeRule s{scope_kind(name, p.str(r, "kind")), p.format(r), Dataplane::Forbidden, p.str(r, "wire"),
                p.provenance(r)};
    std::string dp = p.str(r, "dataplane", false);
    if (dp == "required") {
      s.dataplane = Dataplane::Required;
    } else if (!dp.empty() && dp != "forbidden") {
      defect(name, "dataplane must be required or forbidden");
    }
    c.scopes.push_back(std::move(s));
  }
  for (const auto& r : root["settings"]) {
    SettingRule s;
    s.key = p.str(r, "key");
    s.required = p.boolean(r, "required", false);
    s.format = p.format(r);
    s.values = p.strings(r["values"]);
    s.default_value = p.str(r, "default", false);
    s.from = p.provenance(r);
    c.settings.push_back(std::move(s));
  }
  for (const auto& r : root["attributes"]) {
    AttributeRule a;
    a.name = p.str(r, "name");
    a.format = p.format(r);
    if (YAML::Node max = r["max"]) a.max_chars = max.as<std::size_t>();
    a.wire = p.str(r, "wire", false);
    a.from = p.provenance(r);
    c.attributes.push_back(std::move(a));
  }
  return c;
}

// "a, b or c"; namespace(id:) and namespace(label:) share one name and are listed once.
std::string join_kinds(const auto& rules, auto name_of) {
  std::vector<std::string_view> seen;
  for (const auto& r : rules) {
    std::string_view n = name_of(r.kind);
    if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(n);
  }
  std::string out;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (i > 0) out += i + 1 == seen.size() ? " or " : ", ";
    out += seen[i];
  }
  return out;
}

char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

}  // namespace

std::string_view tag_name(Tag tag) {
  static constexpr std::array<std::string_view, 6> kNames = {"spec", "code", "doc", "3p", "upstream", "iamc"};
  return kNames[static_cast<std::size_t>(tag)];
}

Severity severity_for(Tag tag) { return tag == Tag::Upstream ? Severity::Warning : Severity::Error; }

const TargetCatalog& catalog(model::TargetKind kind) {
  // One slot per target so `iamc check` on an Astra-only project never parses the others.
  static std::array<std::once_flag, model::kTargetKindCount> once;
  static std::array<TargetCatalog, model::kTargetKindCount> catalogs;
  auto i = static_cast<std::size_t>(kind);
  std::call_once(once[i], [&] { catalogs[i] = parse(kind); });
  return catalogs[i];
}

const RoleInfo* TargetCatalog::find_role(std::string_view role) const {
  auto it = std::find_if(roles.begin(), roles.end(), [&](const RoleInfo& r) { return r.name == role; });
  return it == roles.end() ? nullptr : &*it;
}

int TargetCatalog::role_rank(std::string_view role) const {
  const RoleInfo* r = find_role(role);
  return r == nullptr ? 0 : r->rank;
}

bool TargetCatalog::is_privileged(std::string_view role) const {
  const RoleInfo* r = find_role(role);
  return r != nullptr && r->privileged;
}

const PrincipalRule* TargetCatalog::principal(model::PrincipalKind k) const {
  auto it = std::find_if(principals.begin(), principals.end(), [&](const PrincipalRule& r) { return r.kind == k; });
  return it == principals.end() ? nullptr : &*it;
}

const ScopeRule* TargetCatalog::scope(model::ScopeKind k) const {
  auto it = std::find_if(scopes.begin(), scopes.end(), [&](const ScopeRule& r) { return r.kind == k; });
  return it == scopes.end() ? nullptr : &*it;
}

const SettingRule* TargetCatalog::setting(std::string_view key) const {
  auto it = std::find_if(settings.begin(), settings.end(), [&](const SettingRule& r) { return r.key == key; });
  return it == settings.end() ? nullptr : &*it;
}

const AttributeRule* TargetCatalog::attribute(std::string_view attr) const {
  auto it = std::find_if(attributes.begin(), attributes.end(), [&](const AttributeRule& r) { return r.name == attr; });
  return it == attributes.end() ? nullptr : &*it;
}

std::string TargetCatalog::expand_namespace(std::string_view ns) const {
  for (const auto& [alias, full] : namespace_aliases) {
    bool same = alias.size() == ns.size() &&
                std::equal(alias.begin(), alias.end(), ns.begin(), [](char a, char b) { return lower(a) == lower(b); });
    if (same) return full;
  }
  return std::string(ns);
}

std::string TargetCatalog::principal_kind_list() const { return join_kinds(principals, model::principal_kind_name); }

std::string TargetCatalog::scope_kind_list() const { return join_kinds(scopes, model::scope_kind_name); }

RoleMatch find_role(const model::TargetInstance& target, std::string_view name) {
  const TargetCatalog& c = catalog(target.kind);
  RoleMatch m;
  m.builtin = c.find_role(name);
  if (m.builtin != nullptr) return m;
  for (const model::CustomRole& r : target.roles) {
    if (r.name == name) {
      m.custom = &r;
      return m;
    }
  }
  m.raw_id = c.role_refs_by_id && matches(c.role_id_format, name);
  return m;
}

std::vector<std::string_view> role_names(const model::TargetInstance& target) {
  std::vector<std::string_view> out;
  for (const RoleInfo& r : catalog(target.kind).roles) out.push_back(r.name);
  for (const model::CustomRole& r : target.roles) out.push_back(r.name);
  return out;
}

std::string connhex_member(const model::Principal& principal) {
  std::string_view idp = principal.idp.empty() ? std::string_view("local") : principal.idp;
  switch (principal.kind) {
    case PrincipalKind::Everyone:
      return "*";
    case PrincipalKind::Token:
      return "token:" + std::string(principal.id);
    case PrincipalKind::Team:
      return "team:" + std::string(idp) + ":" + std::string(principal.id);
    default:
      return "user:" + std::string(idp) + ":" + std::string(principal.id);
  }
}

}  // namespace iamc::catalog
