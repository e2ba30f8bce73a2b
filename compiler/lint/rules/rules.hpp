// Factories of the lint rules, one per file in this folder; registry.cpp lists them.
#pragma once

#include <memory>

#include "lint/rule.hpp"

namespace iamc::lint {

std::unique_ptr<Rule> make_privileged_wildcard_scope();
std::unique_ptr<Rule> make_wildcard_principal();
std::unique_ptr<Rule> make_privileged_service_account();
std::unique_ptr<Rule> make_duplicate_grant();
std::unique_ptr<Rule> make_redundant_grant();
std::unique_ptr<Rule> make_conflicting_effects();
std::unique_ptr<Rule> make_grants_nothing();
std::unique_ptr<Rule> make_missing_description();
std::unique_ptr<Rule> make_unused_definition();
std::unique_ptr<Rule> make_direct_user_grant();
std::unique_ptr<Rule> make_placeholder_id();

}  // namespace iamc::lint
