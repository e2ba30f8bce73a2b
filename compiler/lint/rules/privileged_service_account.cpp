// privileged-service-account: owner/admin-class roles for service accounts or tokens. Their
// credentials live in CI systems and config files, are shared and rarely rotated: a leak there
// should not hand over the organisation.
#include <fmt/format.h>

#include "lint/identity.hpp"
#include "lint/privilege.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

bool is_machine(const model::Principal& p) {
  return p.kind == model::PrincipalKind::ServiceAccount || p.kind == model::PrincipalKind::Token;
}

class PrivilegedServiceAccount final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintPrivilegedServiceAccount; }
  std::string_view rationale() const override {
    return "Service account and token credentials live in CI systems and configuration, are shared and "
           "rarely rotated. Give them the least role their automation needs, never an owner or admin role.";
  }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    for (const model::Binding& b : m.bindings) {
      if (!is_privileged(m, b.target, b.role.name)) continue;
      for_each_distinct(b.principals, [&](const model::Principal& p) {
        if (!is_machine(p)) return;
        findings.report(p.span, b.span, fmt::format("privileged role '{}' is granted to {}", b.role.name, describe(p)))
            .notes.push_back({{}, "give automation the least role it needs"});
      });
    }
    for (const model::Policy& p : m.policies) {
      for (const model::Statement& st : p.statements) {
        if (!is_privileged(m, p, st)) continue;
        std::string what = st.role && is_privileged(m, p.target, st.role->name)
                               ? fmt::format("privileged role '{}'", st.role->name)
                               : std::string("actions that administer IAM");
        for_each_distinct(p.members, [&](const model::Principal& member) {
          if (!is_machine(member)) return;
          findings.report(member.span, p.span, fmt::format("policy '{}' gives {} to {}", p.id, what, describe(member)))
              .notes.push_back({{}, "give automation the least role it needs"});
        });
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_privileged_service_account() { return std::make_unique<PrivilegedServiceAccount>(); }

}  // namespace iamc::lint
