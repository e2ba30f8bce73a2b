// placeholder-id (error): the nil UUID 00000000-0000-0000-0000-000000000000 as a user, group,
// service account, token or team, as a scope (namespace, project, resource group, ...) or as a
// target setting (the Astra account). It is the value templates and examples leave in place, not
// an identity: Astra's identifier schema even accepts it, so the request goes out and binds a
// role to nobody, or to whatever the server keeps under that id. Nothing correct is written that
// way, so the default is error (compile emits nothing); a project that really means it turns the
// rule down in .iamc.yaml.
#include <fmt/format.h>

#include "lint/identity.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

constexpr std::string_view kNilUuid = "00000000-0000-0000-0000-000000000000";

// The nil UUID has no letters, so there is no upper-case spelling to consider.
bool is_placeholder(std::string_view id) { return id == kNilUuid; }

class PlaceholderId final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintPlaceholderId; }
  std::string_view rationale() const override {
    return "The nil UUID is the placeholder templates and examples leave in place, not a real user, "
           "group, account or namespace. A request with it binds a role to nobody, or to whatever the "
           "server keeps under that id. Replace it with the real id.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    for (const model::TargetInstance& t : m.targets) {
      for (std::size_t i = 0; i < t.settings.size(); ++i) {
        const auto& [key, value] = t.settings[i];
        if (value == nullptr || value->kind != ast::Expr::Kind::String || !is_placeholder(value->text)) continue;
        findings.report(value->span, t.span,
                        fmt::format("the {} setting of target {}.{} is the nil UUID, a placeholder", key,
                                    model::target_kind_name(t.kind), t.name))
            .notes.push_back({{}, fmt::format("set it to the real {} id", key)});
      }
    }
    auto principal = [&](const model::Principal& p, Span statement) {
      if (!is_placeholder(p.id)) return;
      findings.report(p.span, statement, fmt::format("{} is the nil UUID, a placeholder, not a real {}", describe(p),
                                                     model::principal_kind_name(p.kind)))
          .notes.push_back({{}, "replace it with the real id"});
    };
    auto scope = [&](const model::Scope& s, Span statement) {
      if (!is_placeholder(s.id) && !is_placeholder(s.dataplane)) return;
      findings.report(s.span, statement, fmt::format("scope {} is the nil UUID, a placeholder", describe(s)))
          .notes.push_back({{}, "replace it with the real id"});
    };
    for (const model::Binding& b : m.bindings) {
      for_each_distinct(b.principals, [&](const model::Principal& p) { principal(p, b.span); });
      for (const model::Scope& s : b.scopes) scope(s, b.span);
    }
    for (const model::Policy& p : m.policies) {
      for_each_distinct(p.members, [&](const model::Principal& member) { principal(member, p.span); });
      for (const model::Statement& st : p.statements) {
        for (const model::Scope& s : st.scopes) scope(s, p.span);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_placeholder_id() { return std::make_unique<PlaceholderId>(); }

}  // namespace iamc::lint
