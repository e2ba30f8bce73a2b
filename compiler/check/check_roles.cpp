// Role references: known for the target instance (catalogue, declared, or a raw Frontier id), and
// how the role sits with the grant's scopes (Astra constraints, Frontier role namespaces).
#include <algorithm>

#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {

void check_role(const Context& ctx, const model::TargetInstance& t, const model::RoleRef& role) {
  if (catalog::find_role(t, role.name).known()) return;
  const catalog::TargetCatalog& c = catalog::catalog(t.kind);
  std::vector<std::string_view> names = catalog::role_names(t);
  auto& d = ctx.sink.report(DiagCode::UnknownRole, role.span,
                            fmt::format("unknown role {} for target {}", iamc::quoted(role.name), ctx.target_label(t)));
  ctx.suggest(d, role.name, role.span, names);
  d.notes.push_back({{}, fmt::format("known roles: {}", or_list(names))});
  if (c.custom_roles) {
    std::string how = c.custom_role_id == catalog::IdFormat::None
                          ? fmt::format("role {}", role.name)
                          : fmt::format("role {} = \"<{}>\"", role.name, catalog::format_name(c.custom_role_id));
    d.notes.push_back({{}, fmt::format("declare other roles on the target: target {} {} {{ {} }}", c.name, t.name, how)});
  }
}

void check_role_on_scopes(const Context& ctx, const model::TargetInstance& t, const model::Binding& b) {
  const catalog::TargetCatalog& c = catalog::catalog(t.kind);
  catalog::RoleMatch role = catalog::find_role(t, b.role.name);
  // Astra: the UI docs say only member and viewer honour constraints; others see every namespace.
  if (!c.constraint_roles.empty() && role.builtin != nullptr &&
      std::find(c.constraint_roles.begin(), c.constraint_roles.end(), b.role.name) == c.constraint_roles.end()) {
    for (const model::Scope& s : b.scopes) {
      // Everything and all namespaces (recursive) already mean every namespace: nothing is lost.
      bool everything = s.kind == model::ScopeKind::Everything ||
                        (s.kind == model::ScopeKind::AllNamespaces && s.recursive);
      if (everything || c.scope(s.kind) == nullptr) continue;
      std::string roles;
      for (std::size_t i = 0; i < c.constraint_roles.size(); ++i) {
        roles += fmt::format("{}{}", i == 0 ? "" : i + 1 == c.constraint_roles.size() ? " and " : ", ",
                             c.constraint_roles[i]);
      }
      ctx.sink.report(DiagCode::ConstraintIgnored, s.span,
                      fmt::format("{} applies role constraints only to the {} roles: role {} gets every namespace",
                                  c.name, roles, iamc::quoted(b.role.name)));
    }
  }
  // Frontier: a predefined role is meant for one namespace; the server does not check it.
  if (role.builtin != nullptr && !role.builtin->scope.empty()) {
    for (const model::Scope& s : b.scopes) {
      const catalog::ScopeRule* rule = c.scope(s.kind);
      if (rule == nullptr) continue;
      std::string ns = rule->wire;
      if (ns.empty()) {  // resource("ns:id")
        if (!catalog::matches(rule->format, s.id)) continue;  // reported as malformed
        ns = c.expand_namespace(s.id.substr(0, s.id.find(':')));
      }
      if (ns == role.builtin->scope) continue;
      ctx.sink
          .report(DiagCode::RoleScopeMismatch, s.span,
                  fmt::format("role {} is meant for {} resources, not {}", iamc::quoted(b.role.name),
                              role.builtin->scope, ns))
          .notes.push_back({b.role.span, "the role is granted here"});
    }
  }
}

}  // namespace iamc::check
