// Policies: only Connhex takes them (and only Connhex has deny). A Connhex policy needs a name and
// statements; each statement a role or actions; members, actions and ids follow upstream rules.
#include <unordered_map>

#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {
namespace {

void check_statement(const Context& ctx, const model::TargetInstance& t, const catalog::TargetCatalog& c,
                     const model::Statement& st) {
  if (st.role) check_role(ctx, t, *st.role);
  if (!st.role && st.actions.empty()) {
    ctx.sink.report(DiagCode::EmptyStatement, st.effect_span.valid() ? st.effect_span : st.span,
                    "a statement needs a role, actions or both");
  }
  if (c.action) {
    for (const auto& [action, span] : st.actions) {
      if (catalog::matches(c.action->format, action)) continue;
      ctx.sink
          .report(DiagCode::ConnhexActionFormat, catalog::severity_for(c.action->from.tag), span,
                  fmt::format("action {} does not follow the upstream Chef Automate action rule", iamc::quoted(action)))
          .notes.push_back({{}, fmt::format("expected {}", catalog::format_description(c.action->format))});
    }
  }
  for (const auto& [resource, span] : st.resources) {
    if (resource.empty()) ctx.sink.report(DiagCode::MalformedId, span, "a resource cannot be empty: use \"*\" for all");
  }
  for (const model::Scope& s : st.scopes) check_scope(ctx, t, s);
}

void check_connhex_policy(const Context& ctx, const model::TargetInstance& t, const catalog::TargetCatalog& c,
                          const model::Policy& p) {
  if (c.policy_id && !catalog::matches(c.policy_id->format, p.id)) {
    ctx.sink
        .report(DiagCode::ConnhexPolicyIdFormat, catalog::severity_for(c.policy_id->from.tag), p.id_span,
                fmt::format("policy id {} does not follow the upstream Chef Automate id rule", iamc::quoted(p.id)))
        .notes.push_back({{}, fmt::format("expected {}", catalog::format_description(c.policy_id->format))});
  }
  if (!p.name_span.valid()) {
    ctx.sink.report(DiagCode::IncompletePolicy, p.id_span, fmt::format("policy {} has no name", iamc::quoted(p.id)))
        .notes.push_back({{}, "add one: name = \"...\""});
  } else if (p.name.empty()) {
    ctx.sink.report(DiagCode::IncompletePolicy, p.name_span, fmt::format("policy {} has an empty name", iamc::quoted(p.id)));
  }
  if (p.statements.empty()) {
    ctx.sink
        .report(DiagCode::IncompletePolicy, p.id_span, fmt::format("policy {} has no statements", iamc::quoted(p.id)))
        .notes.push_back({{}, "add one: allow ROLE on tenant(\"...\")"});
  }
  for (const model::Principal& m : p.members) check_principal(ctx, t, m);
  for (const model::Statement& st : p.statements) check_statement(ctx, t, c, st);
}

}  // namespace

void check_policies(const Context& ctx) {
  std::vector<std::unordered_map<std::string_view, Span>> ids(ctx.model.targets.size());
  for (const model::Policy& p : ctx.model.policies) {
    const model::TargetInstance& t = ctx.target(p.target);
    const catalog::TargetCatalog& c = catalog::catalog(t.kind);
    if (c.form != catalog::Form::Policy) {
      ctx.sink.report(DiagCode::PolicyNotSupported, p.id_span, fmt::format("{} takes grants, not policies", c.name))
          .notes.push_back({{}, "write grants: grant ROLE to PRINCIPALS on SCOPES"});
      if (!c.has_deny) {
        for (const model::Statement& st : p.statements) {
          if (st.effect != ast::Effect::Deny) continue;
          ctx.sink.report(DiagCode::DenyNotSupported, st.effect_span.valid() ? st.effect_span : st.span,
                          fmt::format("{} has no deny: its grants can only give access", c.name));
        }
      }
      continue;
    }
    auto [it, fresh] = ids[p.target].emplace(p.id, p.id_span);
    if (!fresh) {
      ctx.sink
          .report(DiagCode::DuplicateId, p.id_span,
                  fmt::format("policy id {} is used twice in target {}", iamc::quoted(p.id), ctx.target_label(t)))
          .notes.push_back({it->second, "first used here"});
    }
    check_connhex_policy(ctx, t, c, p);
  }
}

}  // namespace iamc::check
