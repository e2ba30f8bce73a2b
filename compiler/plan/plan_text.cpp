// The text rendering of plans (see plan_text.hpp). Everything from a state file or a source is
// passed through display_text() before it reaches the terminal.
#include "plan/plan_text.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "base/text.hpp"

namespace iamc::plan {
namespace {

std::string_view text_of(const SourceManager& sources, Span s) {
  if (!s.valid() || s.file >= sources.size()) return {};
  std::string_view text = sources.file(s.file).text();
  if (s.end > text.size() || s.begin > s.end) return {};
  return text.substr(s.begin, s.size());
}

bool is_name(std::string_view text) {
  if (text.empty() || !((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z') || text[0] == '_')) {
    return false;
  }
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// The id a one-scope binding's scope carries, to find the scope in the grant.
std::string_view scope_id(model::TargetKind kind, const Binding& b) {
  switch (kind) {
    case model::TargetKind::Redpanda: return b.scopes.size() > 1 ? std::string_view(b.scopes[1]) : std::string_view();
    case model::TargetKind::K0rdent: return b.scopes.size() > 2 ? std::string_view(b.scopes[2]) : std::string_view();
    case model::TargetKind::Frontier: return b.scopes.empty() ? std::string_view() : std::string_view(b.scopes[0]);
    default: return {};
  }
}

std::string location(const SourceManager& sources, Span s) {
  if (!s.valid() || s.file >= sources.size()) return {};
  const SourceFile& f = sources.file(s.file);
  return fmt::format("{}:{}", f.path(), f.line_of(s.begin));
}

}  // namespace

std::string describe(const model::Model& model, const SourceManager& sources, std::uint32_t target,
                     const Binding& b, const model::Binding* grant) {
  const model::TargetInstance& t = model.targets[target];
  if (t.kind == model::TargetKind::Connhex) return fmt::format("policy {}", b.key);
  SourceForm form;
  state_decoder(t.kind).source_form(b, form);
  std::string principal = form.principal;
  std::string role = form.role;
  std::vector<std::string> scopes = form.scopes;
  // A desired binding: the grant's own words where they say the same.
  if (grant != nullptr) {
    {
      const model::Binding& g = *grant;
      for (const model::Principal& p : g.principals) {
        std::string_view written = text_of(sources, p.span);
        if (p.id == b.principal_id && is_name(written)) principal = written;
      }
      role = g.role.name;
      if (t.kind == model::TargetKind::Astra && g.has_scopes) {
        scopes.clear();
        for (const model::Scope& s : g.scopes) scopes.emplace_back(text_of(sources, s.span));
      } else {
        std::string_view id = scope_id(t.kind, b);
        for (const model::Scope& s : g.scopes) {
          bool same = !s.id.empty() && (s.id == id || (id.size() > s.id.size() && id.substr(id.size() - s.id.size()) == s.id &&
                                                       id[id.size() - s.id.size() - 1] == ':'));
          if (same && scopes.size() == 1) scopes[0] = std::string(text_of(sources, s.span));
        }
      }
    }
  }
  std::string out = fmt::format("grant {} to {}", role, principal);
  if (form.has_scopes && !scopes.empty()) {
    out += " on ";
    for (std::size_t i = 0; i < scopes.size(); ++i) out += fmt::format("{}{}", i == 0 ? "" : ", ", scopes[i]);
  }
  return out;
}

std::string render_plan_text(const Plan& plan, const model::Model& model, const SourceManager& sources) {
  std::unordered_map<std::uint64_t, const model::Binding*> grants;
  for (const model::Binding& g : model.bindings) {
    grants.emplace((std::uint64_t{g.span.file} << 32) | g.span.begin, &g);
  }
  auto grant_at = [&](Span s) -> const model::Binding* {
    if (!s.valid()) return nullptr;
    auto it = grants.find((std::uint64_t{s.file} << 32) | s.begin);
    return it == grants.end() ? nullptr : it->second;
  };
  std::string out;
  for (const InstancePlan& p : plan.instances) {
    const model::TargetInstance& t = model.targets[p.target];
    std::string state = p.state_file < sources.size() ? sources.file(p.state_file).path() : std::string();
    out += display_text(fmt::format("{}.{} (state {}):", model::target_kind_name(t.kind), t.name, state));
    if (p.changes.empty() && p.kept.empty()) {
      out += fmt::format(" no changes, {} unchanged\n", p.unchanged);
      continue;
    }
    out += '\n';
    for (const Change& c : p.changes) {
      std::string what = describe(model, sources, p.target, *c.binding, grant_at(c.source));
      switch (c.action) {
        case Action::Create:
          out += display_text(fmt::format("  + create  {}  ({})", what, location(sources, c.source)));
          break;
        case Action::Update:
          out += display_text(fmt::format("  ~ update  {}  ({}, live id {}): {}", what, location(sources, c.source),
                                       c.binding->id, c.detail));
          break;
        case Action::Delete: out += display_text(fmt::format("  - delete  {}  (id {})", what, c.binding->id)); break;
      }
      out += '\n';
    }
    for (const Kept& k : p.kept) {
      std::string what = describe(model, sources, p.target, *k.binding, nullptr);
      if (k.pattern != nullptr) {
        out += display_text(fmt::format("    ignore  {}  (id {}): unmanaged, matches the pattern at {}", what, k.binding->id,
                                     location(sources, k.pattern->span)));
      } else {
        out += display_text(fmt::format("    keep    {}  (id {}): not in the sources; --prune would delete it", what,
                                     k.binding->id));
      }
      out += '\n';
    }
    if (p.unchanged != 0) out += fmt::format("    ({} unchanged)\n", p.unchanged);
  }
  PlanTotals t = plan.totals();
  out += fmt::format("\nPlan: {} to create, {} to update, {} to delete, {} unchanged, {} unmanaged kept.\n", t.create,
                     t.update, t.remove, t.unchanged, t.kept);
  return out;
}

}  // namespace iamc::plan
