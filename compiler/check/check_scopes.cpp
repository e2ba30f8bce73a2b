// Scopes: a kind the target accepts, ids in the target's format, Redpanda dataplane ids where the
// resource lives in a dataplane, and Astra namespace scopes that can be written as constraints.
#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {
namespace {

bool takes_id(model::ScopeKind kind) {
  return kind != model::ScopeKind::Everything && kind != model::ScopeKind::AllTenants &&
         kind != model::ScopeKind::AllNamespaces;
}

void check_dataplane(const Context& ctx, const catalog::TargetCatalog& c, const catalog::ScopeRule& rule,
                     const model::Scope& s) {
  std::string_view kind = model::scope_kind_name(s.kind);
  if (rule.dataplane == catalog::Dataplane::Required && s.dataplane.empty()) {
    ctx.sink.report(DiagCode::MissingDataplane, s.span,
                    fmt::format("{} {} scopes need the dataplane id of their cluster: {}(\"...\", dataplane: \"...\")",
                                c.name, kind, kind));
    return;
  }
  if (s.dataplane.empty()) return;
  if (rule.dataplane == catalog::Dataplane::Forbidden) {
    ctx.sink.report(DiagCode::UnexpectedDataplane, s.dataplane_span.valid() ? s.dataplane_span : s.span,
                    fmt::format("{} {} scopes take no dataplane id", c.name, kind));
    return;
  }
  if (c.dataplane && !catalog::matches(c.dataplane->format, s.dataplane)) {
    ctx.sink.report(DiagCode::MalformedId, catalog::severity_for(c.dataplane->from.tag), s.dataplane_span,
                    fmt::format("malformed {} dataplane id {}: expected {}", c.name, iamc::quoted(s.dataplane),
                                catalog::format_description(c.dataplane->format)));
  }
}

}  // namespace

void check_scope(const Context& ctx, const model::TargetInstance& t, const model::Scope& s) {
  const catalog::TargetCatalog& c = catalog::catalog(t.kind);
  const catalog::ScopeRule* rule = c.scope(s.kind);
  std::string_view kind = model::scope_kind_name(s.kind);
  if (rule == nullptr) {
    ctx.sink.report(DiagCode::ScopeKindNotAccepted, s.span,
                    fmt::format("{} does not accept {} scopes: it accepts {}", c.name,
                                s.kind == model::ScopeKind::NamespaceLabel ? "namespace(label:)" : kind,
                                c.scope_kind_list()));
    return;
  }
  if (rule->dataplane == catalog::Dataplane::Required || !s.dataplane.empty()) check_dataplane(ctx, c, *rule, s);
  if (!takes_id(s.kind)) return;
  Span at = s.id_span.valid() ? s.id_span : s.span;
  if (s.kind == model::ScopeKind::NamespaceLabel) {
    if (!catalog::matches(rule->format, s.id)) {
      ctx.sink.report(DiagCode::InvalidRoleConstraint, at,
                      fmt::format("namespace label {} cannot be a role constraint: expected {}", iamc::quoted(s.id),
                                  catalog::format_description(rule->format)));
    }
    if (!s.recursive) {
      ctx.sink.report(DiagCode::InvalidRoleConstraint, s.span,
                      "a label constraint always covers everything under the namespaces: recursive: false is not "
                      "available for namespace(label:)");
    }
    return;
  }
  if (!catalog::matches(rule->format, s.id)) {
    ctx.sink.report(DiagCode::MalformedId, catalog::severity_for(rule->from.tag), at,
                    fmt::format("malformed {} {} id {}: expected {}", c.name, kind, iamc::quoted(s.id),
                                catalog::format_description(rule->format)));
  }
}

}  // namespace iamc::check
