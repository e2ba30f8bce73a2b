// iamc_catalog_gen: turns the target catalogues (stdlib/*.yaml) into C++ tables at build time.
//
//   iamc_catalog_gen OUT.inc stdlib/astra.yaml stdlib/connhex.yaml ...
//
// Every catalogue is read and checked by parse_catalog_yaml (an unknown format, kind or tag, a
// missing key or an entry listed twice stops the build with the file named), every target kind
// must have exactly one catalogue, and OUT.inc gets one function, make_catalog(kind), that builds
// the TargetCatalog from literals. iamc then needs no YAML parser and no data files at run time.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog_yaml.hpp"

namespace {

using namespace iamc;
using namespace iamc::catalog;

// A C++ string literal for any bytes.
std::string lit(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f && c != '?') {  // '?' would risk trigraph-like sequences
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    }
  }
  return out + "\"";
}

template <class Enum>
std::string en(std::string_view type, Enum value) {
  return "static_cast<" + std::string(type) + ">(" + std::to_string(static_cast<int>(value)) + ")";
}

std::string prov(const Provenance& p) { return "Provenance{.source = " + lit(p.source) + ", .tag = " + en("Tag", p.tag) + "}"; }
std::string fmt_(IdFormat f) { return en("IdFormat", f) + " /* " + std::string(format_name(f)) + " */"; }

std::string strings(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + lit(v[i]);
  return out + "}";
}

void emit(const TargetCatalog& c, std::ostringstream& o) {
  o << "TargetCatalog make_" << c.name << "() {\n  TargetCatalog c;\n";
  o << "  c.kind = " << en("model::TargetKind", c.kind) << ";\n";
  o << "  c.name = " << lit(c.name) << ";\n";
  o << "  c.form = " << en("Form", c.form) << ";\n";
  o << "  c.has_deny = " << (c.has_deny ? "true" : "false") << ";\n";
  o << "  c.deny_from = " << prov(c.deny_from) << ";\n";
  o << "  c.wildcard = " << lit(c.wildcard) << ";\n";
  o << "  c.wildcard_from = " << prov(c.wildcard_from) << ";\n";
  o << "  c.scope_required = " << (c.scope_required ? "true" : "false") << ";\n";
  o << "  c.scope_required_from = " << prov(c.scope_required_from) << ";\n";
  o << "  c.custom_roles = " << (c.custom_roles ? "true" : "false") << ";\n";
  o << "  c.custom_role_id = " << fmt_(c.custom_role_id) << ";\n";
  o << "  c.custom_roles_from = " << prov(c.custom_roles_from) << ";\n";
  o << "  c.role_refs_by_id = " << (c.role_refs_by_id ? "true" : "false") << ";\n";
  o << "  c.role_id_format = " << fmt_(c.role_id_format) << ";\n";
  o << "  c.role_min_length = " << c.role_min_length << ";\n";
  o << "  c.constraint_roles = " << strings(c.constraint_roles) << ";\n";
  o << "  c.constraint_roles_from = " << prov(c.constraint_roles_from) << ";\n";
  o << "  c.idps = " << strings(c.idps) << ";\n";
  for (const auto& [alias, full] : c.namespace_aliases) {
    o << "  c.namespace_aliases.emplace_back(" << lit(alias) << ", " << lit(full) << ");\n";
  }
  auto rule = [&](const char* field, const std::optional<FormatRule>& r) {
    if (r) o << "  c." << field << " = FormatRule{.format = " << fmt_(r->format) << ", .from = " << prov(r->from) << "};\n";
  };
  rule("policy_id", c.policy_id);
  rule("action", c.action);
  rule("resource", c.resource);
  rule("statement_role", c.statement_role);
  rule("dataplane", c.dataplane);
  for (const RoleInfo& r : c.roles) {
    o << "  c.roles.push_back(RoleInfo{.name = " << lit(r.name) << ", .rank = " << r.rank
      << ", .privileged = " << (r.privileged ? "true" : "false") << ", .title = " << lit(r.title)
      << ", .scope = " << lit(r.scope) << ", .from = " << prov(r.from) << "});\n";
  }
  for (const PrincipalRule& r : c.principals) {
    o << "  c.principals.push_back(PrincipalRule{.kind = " << en("model::PrincipalKind", r.kind) << " /* "
      << model::principal_kind_name(r.kind) << " */, .format = " << fmt_(r.format) << ", .wire = " << lit(r.wire)
      << ", .from = " << prov(r.from) << "});\n";
  }
  for (const ScopeRule& r : c.scopes) {
    o << "  c.scopes.push_back(ScopeRule{.kind = " << en("model::ScopeKind", r.kind) << " /* "
      << model::scope_kind_name(r.kind) << " */, .format = " << fmt_(r.format)
      << ", .dataplane = " << en("Dataplane", r.dataplane) << ", .wire = " << lit(r.wire)
      << ", .from = " << prov(r.from) << "});\n";
  }
  for (const SettingRule& s : c.settings) {
    o << "  c.settings.push_back(SettingRule{.key = " << lit(s.key) << ", .required = "
      << (s.required ? "true" : "false") << ", .format = " << fmt_(s.format) << ", .values = " << strings(s.values)
      << ", .default_value = " << lit(s.default_value) << ", .from = " << prov(s.from) << "});\n";
  }
  for (const AttributeRule& a : c.attributes) {
    o << "  c.attributes.push_back(AttributeRule{.name = " << lit(a.name) << ", .format = " << fmt_(a.format)
      << ", .max_chars = " << a.max_chars << ", .wire = " << lit(a.wire) << ", .from = " << prov(a.from) << "});\n";
  }
  o << "  return c;\n}\n\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: iamc_catalog_gen OUT.inc CATALOG.yaml...\n");
    return 2;
  }
  std::ostringstream o;
  o << "// Generated by iamc_catalog_gen from stdlib/*.yaml (compiler/catalog/catalog_gen.cpp). Do not edit.\n\n";
  std::vector<bool> seen(model::kTargetKindCount, false);
  std::vector<std::string> names(model::kTargetKindCount);
  for (int i = 2; i < argc; ++i) {
    std::string path = argv[i];
    std::string stem = path.substr(path.find_last_of('/') + 1);
    stem = stem.substr(0, stem.find('.'));
    auto kind = model::parse_target_kind(stem);
    if (!kind) {
      std::fprintf(stderr, "%s: error: '%s' is not a target kind; a catalogue is named after its target\n",
                   path.c_str(), stem.c_str());
      return 1;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::fprintf(stderr, "%s: error: cannot read the catalogue\n", path.c_str());
      return 1;
    }
    try {
      TargetCatalog c = parse_catalog_yaml(*kind, text.str());
      emit(c, o);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: error: %s\n", path.c_str(), e.what());
      return 1;
    }
    seen[static_cast<std::size_t>(*kind)] = true;
    names[static_cast<std::size_t>(*kind)] = stem;
  }
  o << "TargetCatalog make_catalog(model::TargetKind kind) {\n  switch (kind) {\n";
  for (std::size_t k = 0; k < model::kTargetKindCount; ++k) {
    auto kind = static_cast<model::TargetKind>(k);
    if (!seen[k]) {
      std::fprintf(stderr, "iamc_catalog_gen: error: no catalogue for target '%s' (stdlib/%s.yaml)\n",
                   std::string(model::target_kind_name(kind)).c_str(), std::string(model::target_kind_name(kind)).c_str());
      return 1;
    }
    o << "    case " << en("model::TargetKind", kind) << ": return make_" << names[k] << "();\n";
  }
  o << "  }\n  return {};\n}\n";
  std::string out = o.str();
  std::string path = argv[1];
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << out;
  file.close();
  if (!file) {
    std::fprintf(stderr, "iamc_catalog_gen: error: cannot write %s\n", path.c_str());
    return 1;
  }
  return 0;
}
