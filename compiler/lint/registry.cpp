// The one list of lint rules (cf. clang-tidy's module registration, minus static initialisers).
#include "lint/registry.hpp"

#include <vector>

#include "lint/rules/rules.hpp"

namespace iamc::lint {

Diagnostic& Findings::report(Span span, Span statement, std::string message) {
  Finding& f = items_.emplace_back();
  f.diagnostic = Diagnostic{code_, diag_info(code_).default_severity, span, std::move(message), {}, {}};
  f.statement = statement;
  return f.diagnostic;
}

std::span<const std::unique_ptr<Rule>> all_rules() {
  static const std::vector<std::unique_ptr<Rule>> rules = [] {
    std::vector<std::unique_ptr<Rule>> list;
    list.push_back(make_privileged_wildcard_scope());
    list.push_back(make_wildcard_principal());
    list.push_back(make_privileged_service_account());
    list.push_back(make_duplicate_grant());
    list.push_back(make_redundant_grant());
    list.push_back(make_conflicting_effects());
    list.push_back(make_grants_nothing());
    list.push_back(make_missing_description());
    list.push_back(make_unused_definition());
    list.push_back(make_direct_user_grant());
    list.push_back(make_placeholder_id());
    return list;
  }();
  return rules;
}

const Rule* find_rule(std::string_view name_or_code) {
  for (const auto& rule : all_rules()) {
    const DiagInfo& info = diag_info(rule->code());
    if (info.slug == name_or_code || info.code == name_or_code) return rule.get();
  }
  return nullptr;
}

}  // namespace iamc::lint
