// direct-user-grant (info, off by default): a role granted to an individual user on a target
// where groups are used. Access through groups is reviewed and revoked in one place.
#include <fmt/format.h>

#include "lint/identity.hpp"
#include "lint/rules/rules.hpp"

namespace iamc::lint {
namespace {

class DirectUserGrant final : public Rule {
 public:
  DiagCode code() const override { return DiagCode::LintDirectUserGrant; }
  std::string_view rationale() const override {
    return "Access granted to individual users is hard to review and easy to forget when people change teams. Where a target has groups, grant roles to groups and manage membership instead.";
  }
  bool enabled_by_default() const override { return false; }

  void run(const LintContext& context, Findings& findings) const override {
    const model::Model& m = context.model;
    std::vector<const model::Principal*> a_group(m.targets.size(), nullptr);
    for (const model::Binding& b : m.bindings) {
      for (const model::Principal& p : b.principals) {
        bool group_like = p.kind == model::PrincipalKind::Group || p.kind == model::PrincipalKind::Team;
        if (group_like && a_group[b.target] == nullptr) a_group[b.target] = &p;
      }
    }
    for (const model::Binding& b : m.bindings) {
      const model::Principal* group = a_group[b.target];
      if (group == nullptr) continue;
      for_each_distinct(b.principals, [&](const model::Principal& p) {
        if (p.kind != model::PrincipalKind::User || is_wildcard(p)) return;
        findings.report(p.span, b.span, fmt::format("'{}' is granted to {} directly", b.role.name, describe(p)))
            .notes.push_back({group->span, fmt::format("this target grants through groups, e.g. {}; add the user "
                                                        "to a group instead",
                                                        describe(*group))});
      });
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_direct_user_grant() { return std::make_unique<DirectUserGrant>(); }

}  // namespace iamc::lint
