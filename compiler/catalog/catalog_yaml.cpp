// Reads a target catalogue (stdlib/*.yaml) into TargetCatalog. Runs at build time only, inside
// iamc_catalog_gen: a malformed catalogue is a build error, and iamc itself never parses YAML
// catalogues (nor links yaml-cpp).
#include "catalog/catalog_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <string>

namespace iamc::catalog {
namespace {

using model::PrincipalKind;
using model::ScopeKind;

[[noreturn]] void defect(std::string_view target, std::string_view what) {
  throw CatalogDefect("stdlib/" + std::string(target) + ".yaml: " + std::string(what));
}

// A catalogue lists each role, kind, setting and attribute once: lookups take the first.
template <class Rule, class Key>
void check_unique(std::string_view target, std::string_view what, const std::vector<Rule>& rules, Key key) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (key(rules[i]) == key(rules[j])) defect(target, std::string(what) + " '" + key(rules[i]) + "' is listed twice");
    }
  }
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

}  // namespace

TargetCatalog parse_catalog_yaml(model::TargetKind kind, std::string_view text) {
  std::string_view name = model::target_kind_name(kind);
  Parser p(name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
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
  if (YAML::Node n = root["resource"]) c.resource = p.format_rule(n);
  if (YAML::Node n = root["statement_role"]) c.statement_role = p.format_rule(n);
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
  check_unique(name, "role", c.roles, [](const RoleInfo& r) { return std::string(r.name); });
  check_unique(name, "principal kind", c.principals,
               [](const PrincipalRule& r) { return std::string(model::principal_kind_name(r.kind)); });
  check_unique(name, "scope kind", c.scopes, [](const ScopeRule& r) { return std::to_string(static_cast<int>(r.kind)); });
  check_unique(name, "setting", c.settings, [](const SettingRule& r) { return r.key; });
  check_unique(name, "attribute", c.attributes, [](const AttributeRule& r) { return r.name; });
  return c;
}


}  // namespace iamc::catalog
