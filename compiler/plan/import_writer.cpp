// Writing imported sources (see import_writer.hpp).
#include "plan/import_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/text.hpp"
#include "catalog/catalog.hpp"

namespace iamc::plan {
namespace {

std::string line_of(const SourceManager& sources, Span s) {
  if (!s.valid() || s.file >= sources.size()) return {};
  const SourceFile& f = sources.file(s.file);
  return fmt::format("{}:{}", f.path(), f.line_of(s.begin));
}

// A comment line: newlines in user text must not end the comment.
std::string comment(std::string_view text) {
  std::string out = "# ";
  for (char c : text) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  out += '\n';
  return out;
}

// A let name for a principal: the instance, the kind and the id's first characters.
std::string let_name(std::string_view instance, std::string_view principal, std::set<std::string>& taken) {
  std::string kind(principal.substr(0, principal.find('(')));
  std::string id;
  std::size_t quote = principal.find('"');
  for (std::size_t i = quote + 1; quote != std::string_view::npos && i < principal.size() && id.size() < 8; ++i) {
    char c = principal[i];
    if (c == '"') break;
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    id.push_back(keep ? c : '_');
  }
  std::string base = fmt::format("{}_{}_{}", instance, kind, id);
  std::string name = base;
  for (int n = 2; !taken.insert(name).second; ++n) name = fmt::format("{}_{}", base, n);
  return name;
}

std::string attributes(model::TargetKind kind, const Binding& b, bool per_binding_org) {
  std::vector<std::string> items;
  bool titled = kind == model::TargetKind::K0rdent || kind == model::TargetKind::Frontier;
  const BindingDetails& details = b.details();
  if (titled && !details.title.empty()) items.push_back("title = " + dsl_string(details.title));
  if (titled && !details.description.empty()) items.push_back("description = " + dsl_string(details.description));
  if (kind == model::TargetKind::K0rdent && per_binding_org && !b.org.empty()) items.push_back("org = " + dsl_string(b.org));
  bool labelled = kind == model::TargetKind::Astra || kind == model::TargetKind::Frontier;
  if (labelled && !details.labels.empty()) {
    std::string labels = "labels = { ";
    for (std::size_t i = 0; i < details.labels.size(); ++i) {
      labels += fmt::format("{}{} = {}", i == 0 ? "" : ", ", dsl_role(details.labels[i].first),
                            dsl_string(details.labels[i].second));
    }
    items.push_back(labels + " }");
  }
  if (items.empty()) return {};
  std::string out = " {\n";
  for (const std::string& i : items) out += "    " + i + "\n";
  return out + "  }";
}

}  // namespace

std::vector<ImportedFile> write_import(const std::vector<model::TargetInstance>& targets, const State& state,
                                       const SourceManager& sources, DiagnosticSink& sink) {
  std::vector<ImportedFile> files;
  std::set<std::string> let_names;
  for (const InstanceState& instance : state.instances) {
    const model::TargetInstance& t = targets[instance.target];
    const StateDecoder& decoder = state_decoder(t.kind);
    const std::string_view kind_name = model::target_kind_name(t.kind);
    const catalog::TargetCatalog& cat = catalog::catalog(t.kind);

    std::vector<std::pair<std::string, std::string>> settings;
    std::vector<std::string> missing;
    decoder.recover_settings(instance.live, settings, missing);
    bool per_binding_org = std::none_of(settings.begin(), settings.end(), [](const auto& s) { return s.first == "org"; });

    // Every binding as source, and what the target block must declare for them.
    std::vector<SourceForm> forms(instance.live.size());
    std::map<std::string, std::string> custom_roles;  // name -> Frontier id (empty elsewhere)
    std::map<std::string, std::size_t> principal_uses;
    for (std::size_t i = 0; i < instance.live.size(); ++i) {
      const Binding& b = instance.live[i];
      if (b.system) continue;
      SourceForm& f = forms[i];
      decoder.source_form(b, f);
      if (f.why_not.empty() && t.kind == model::TargetKind::Astra && cat.find_role(b.role) == nullptr) {
        f.why_not = fmt::format("Astra has no role {:?}", b.role);
      }
      if (!f.why_not.empty()) {
        sink.report(DiagCode::ImportCannotExpress, Span{b.span.file, b.span.begin, b.span.begin + 1},
                    fmt::format("live binding {} of {}.{} cannot be written as iamc source: {}; it is written as a "
                                "comment in {}.{}.iam",
                                iamc::quoted(b.id), kind_name, t.name, f.why_not, kind_name, t.name));
        continue;
      }
      if (!f.custom_role_id.empty()) custom_roles[f.role] = f.custom_role_id;
      if (t.kind != model::TargetKind::Frontier && t.kind != model::TargetKind::Connhex &&
          cat.find_role(b.role) == nullptr) {
        custom_roles[b.role] = "";
      }
      for (const std::string& r : f.roles) {
        if (cat.find_role(r) == nullptr) custom_roles[r] = "";
      }
      if (!f.principal.empty() && t.kind != model::TargetKind::Connhex) ++principal_uses[f.principal];
    }

    std::string text = fmt::format("# Imported by `iamc import` from {}.\n",
                                   instance.file < sources.size() ? sources.file(instance.file).path() : "");
    text += fmt::format("target {} {} {{\n", kind_name, t.name);
    for (const auto& [key, value] : settings) text += fmt::format("  {} = {}\n", key, dsl_string(value));
    for (const std::string& m : missing) {
      text += comment(fmt::format("TODO: set {}", m));
      sink.report(DiagCode::ImportSettingMissing, Span{instance.file, 0, 0},
                  fmt::format("{}.{}: the state does not say its {}; {}.{}.iam leaves it to be filled in", kind_name,
                              t.name, m, kind_name, t.name));
    }
    for (const auto& [name, id] : custom_roles) {
      text += id.empty() ? fmt::format("  role {}\n", dsl_role(name)) : fmt::format("  role {} = {}\n", name, dsl_string(id));
    }
    text += "}\n\n";

    std::map<std::string, std::string> lets;  // principal -> let name
    for (const auto& [principal, uses] : principal_uses) {
      if (uses < 2) continue;
      std::string name = let_name(t.name, principal, let_names);
      text += fmt::format("let {} = {}\n", name, principal);
      lets[principal] = name;
    }
    if (!lets.empty()) text += "\n";

    text += fmt::format("in {}.{} {{\n", kind_name, t.name);
    for (std::size_t i = 0; i < instance.live.size(); ++i) {
      const Binding& b = instance.live[i];
      const SourceForm& f = forms[i];
      if (b.system) {
        text += comment(fmt::format("vendor-managed policy {} is not imported (never planned)", b.id));
        continue;
      }
      if (!f.why_not.empty()) {
        text += comment(fmt::format("not imported: live binding {} ({}): {}", b.id, line_of(sources, b.span), f.why_not));
        continue;
      }
      text += comment(fmt::format("live id {}", b.id));
      if (t.kind == model::TargetKind::Connhex) {
        text += f.policy_block;
        continue;
      }
      auto let = lets.find(f.principal);
      text += fmt::format("  grant {} to {}", f.role, let != lets.end() ? let->second : f.principal);
      if (f.has_scopes && !f.scopes.empty()) {
        text += " on ";
        for (std::size_t s = 0; s < f.scopes.size(); ++s) text += fmt::format("{}{}", s == 0 ? "" : ", ", f.scopes[s]);
      }
      text += attributes(t.kind, b, per_binding_org);
      text += "\n";
    }
    text += "}\n";
    files.push_back({fmt::format("{}.{}.iam", kind_name, t.name), std::move(text)});
  }
  return files;
}

}  // namespace iamc::plan
