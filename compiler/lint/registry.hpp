// The one list of lint rules.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "lint/rule.hpp"

namespace iamc::lint {

/// Every rule, in code order; built once.
std::span<const std::unique_ptr<Rule>> all_rules();
/// The rule with this name (slug) or code, or null.
const Rule* find_rule(std::string_view name_or_code);

}  // namespace iamc::lint
