// Policies: only Connhex takes them (and only Connhex has deny). A Connhex policy needs a name and
// statements; each statement a role or actions; members, actions, resources and ids follow the
// upstream rules, and members, actions, resources and tenants are unique (upstream
// `repeated.unique`: a list with a repeat is rejected whole).
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {
namespace {

// Reports the second and later occurrences of each wire string in one list (one finding per
// repeat, pointing at the first). `what` names the list's items ("member", "action", ...) and
// `where` the list, with `owner` (a policy id) quoted after it when given: the message is only
// formatted for a repeat, and a short list is searched in place, so a policy without repeats
// costs no allocation beyond its wire strings.
class RepeatFinder {
 public:
  RepeatFinder(const Context& ctx, std::string_view what, std::string_view where,
               std::optional<std::string_view> owner = std::nullopt)
      : ctx_(ctx), what_(what), where_(where), owner_(owner) {}
  void add(std::string wire, Span at) {
    const Span* first = nullptr;
    if (by_wire_.empty()) {
      for (const auto& [seen, span] : items_) {
        if (seen == wire) {
          first = &span;
          break;
        }
      }
      if (first == nullptr) {
        items_.emplace_back(std::move(wire), at);
        if (items_.size() > kScan) {
          for (auto& [seen, span] : items_) by_wire_.emplace(std::move(seen), span);
          items_.clear();
        }
        return;
      }
    } else {
      auto [it, fresh] = by_wire_.emplace(std::move(wire), at);
      if (fresh) return;
      first = &it->second;
      wire = it->first;
    }
    std::string list = owner_ ? fmt::format("{} {}", where_, iamc::quoted(*owner_)) : std::string(where_);
    ctx_.sink
        .report(DiagCode::ConnhexDuplicateItem, at,
                fmt::format("{} {} is listed twice in {}", what_, iamc::quoted(wire), list))
        .notes.push_back({*first, "first listed here; Connhex rejects a list with a repeat: remove one"});
  }

 private:
  static constexpr std::size_t kScan = 16;  // a linear search up to here, a hash map beyond
  const Context& ctx_;
  std::string_view what_;
  std::string_view where_;
  std::optional<std::string_view> owner_;
  std::vector<std::pair<std::string, Span>> items_;
  std::unordered_map<std::string, Span> by_wire_;
};

// The tenant string a statement scope is sent as: the id, or "*" for every tenant (however
// spelled); empty for scopes the checker rejects.
std::string_view tenant_wire(const model::Scope& s) {
  switch (s.kind) {
    case model::ScopeKind::Tenant: return s.id;
    case model::ScopeKind::AllTenants:
    case model::ScopeKind::Everything: return "*";
    default: return {};
  }
}

void check_statement(const Context& ctx, const model::TargetInstance& t, const catalog::TargetCatalog& c,
                     const model::Statement& st) {
  if (st.role) {
    check_role(ctx, t, *st.role);
    if (c.statement_role && !st.role->name.empty() && !catalog::matches(c.statement_role->format, st.role->name)) {
      ctx.sink
          .report(DiagCode::MalformedId, catalog::severity_for(c.statement_role->from.tag), st.role->span,
                  fmt::format("role id {} cannot be sent to Connhex", iamc::quoted(st.role->name)))
          .notes.push_back({{}, fmt::format("expected {}", catalog::format_description(c.statement_role->format))});
    }
  }
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
    if (resource.empty()) {
      ctx.sink.report(DiagCode::MalformedId, span, "a resource cannot be empty: use \"*\" for all");
    } else if (c.resource && !catalog::matches(c.resource->format, resource)) {
      ctx.sink
          .report(DiagCode::MalformedId, catalog::severity_for(c.resource->from.tag), span,
                  fmt::format("resource {} does not follow the upstream Chef Automate resource rule",
                              iamc::quoted(resource)))
          .notes.push_back({{}, fmt::format("expected {}", catalog::format_description(c.resource->format))});
    }
  }
  for (const model::Scope& s : st.scopes) check_scope(ctx, t, s);
  RepeatFinder actions(ctx, "action", "the statement's actions");
  for (const auto& [action, span] : st.actions) actions.add(std::string(action), span);
  RepeatFinder resources(ctx, "resource", "the statement's resources");
  for (const auto& [resource, span] : st.resources) resources.add(std::string(resource), span);
  RepeatFinder tenants(ctx, "tenant", "the statement's tenants");
  for (const model::Scope& s : st.scopes) {
    if (std::string_view wire = tenant_wire(s); !wire.empty()) tenants.add(std::string(wire), s.span);
  }
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
  RepeatFinder members(ctx, "member", "the members of policy", p.id);
  for (const model::Principal& m : p.members) {
    using K = model::PrincipalKind;
    bool sent = m.kind == K::User || m.kind == K::Team || m.kind == K::Token || m.kind == K::Everyone;
    if (sent) members.add(catalog::connhex_member(m), m.span);
  }
  RepeatFinder tenants(ctx, "tenant", "the tenants of policy", p.id);
  for (const auto& [tenant, span] : p.tenants) tenants.add(std::string(tenant), span);
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
