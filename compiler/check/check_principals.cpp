// Principals: a kind the target accepts, an id in the target's format, an identity provider only
// where one means something (Connhex users and teams).
#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {

void check_principal(const Context& ctx, const model::TargetInstance& t, const model::Principal& p) {
  const catalog::TargetCatalog& c = catalog::catalog(t.kind);
  const catalog::PrincipalRule* rule = c.principal(p.kind);
  std::string_view kind = model::principal_kind_name(p.kind);
  if (rule == nullptr) {
    ctx.sink.report(DiagCode::PrincipalKindNotAccepted, p.span,
                    fmt::format("{} does not accept {} principals: it accepts {}", c.name, kind,
                                c.principal_kind_list()));
    return;
  }
  bool takes_idp = !c.idps.empty() && (p.kind == model::PrincipalKind::User || p.kind == model::PrincipalKind::Team);
  if (!p.idp.empty() && !takes_idp) {
    ctx.sink.report(DiagCode::IdpNotSupported, p.span,
                    fmt::format("{} {} principals take no identity provider: remove idp: {}", c.name, kind,
                                display_text(std::string(p.idp))));
  }
  if (p.kind == model::PrincipalKind::Everyone) return;
  Span at = p.id_span.valid() ? p.id_span : p.span;
  if (rule->format == catalog::IdFormat::ConnhexMember) {
    std::string member = catalog::connhex_member(p);
    if (catalog::matches(rule->format, member)) return;
    auto& d = ctx.sink.report(DiagCode::ConnhexMemberFormat, catalog::severity_for(rule->from.tag), p.span,
                              fmt::format("member {} does not follow the upstream Chef Automate member rule",
                                          iamc::quoted(member)));
    d.notes.push_back({{}, fmt::format("expected {}", catalog::format_description(rule->format))});
    return;
  }
  if (!catalog::matches(rule->format, p.id)) {
    ctx.sink.report(DiagCode::MalformedId, catalog::severity_for(rule->from.tag), at,
                    fmt::format("malformed {} {} id {}: expected {}", c.name, kind, iamc::quoted(p.id),
                                catalog::format_description(rule->format)));
  }
}

}  // namespace iamc::check
