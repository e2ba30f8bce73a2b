// One diagnostic code and message per must-point of grammar.hpp (cf. taocpp/json internal/errors.hpp).
// A must<> on a rule without an entry here fails to compile (see `has_error_message`).
#pragma once

#include <string_view>

#include "iamc/grammar.hpp"

namespace iamc::grammar {

struct ErrorMessage {
  std::string_view code;  ///< a code from compiler/diagnostics/codes.def
  std::string_view message;
};

template <typename Rule>
inline constexpr ErrorMessage error_message{};

template <typename Rule>
inline constexpr bool has_error_message = !error_message<Rule>.code.empty();

#define IAMC_GRAMMAR_ERROR(rule, code, text) \
  template <>                                \
  inline constexpr ErrorMessage error_message<rule>{code, text};

// clang-format off
IAMC_GRAMMAR_ERROR(escape_body, "P003", "invalid escape sequence: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t, \\uXXXX or \\u{X...}")
IAMC_GRAMMAR_ERROR(string_close, "P002", "unterminated string: close it with '\"' before the end of the line")
IAMC_GRAMMAR_ERROR(value, "P004", "expected a value: a \"string\", a name, a call such as user(\"id\"), a [list] or a { record }")
IAMC_GRAMMAR_ERROR(value_list, "P004", "expected a value: a principal such as user(\"id\") after 'to', a scope after 'on'")
IAMC_GRAMMAR_ERROR(close_paren, "P006", "expected ',' or ')' in the argument list")
IAMC_GRAMMAR_ERROR(close_bracket, "P006", "expected ',' or ']' in the list")
IAMC_GRAMMAR_ERROR(record_close, "P006", "expected 'key = value' or '}' to close the record")
IAMC_GRAMMAR_ERROR(equals, "P006", "expected '=' after the key")
IAMC_GRAMMAR_ERROR(include_path, "P004", "expected a quoted relative path after 'include', e.g. include \"teams.iam\"")
IAMC_GRAMMAR_ERROR(target_kind, "P005", "expected a target kind after 'target': k0rdent, connhex, redpanda, astra or frontier")
IAMC_GRAMMAR_ERROR(target_name, "P005", "expected a name for the target instance, e.g. target astra prod")
IAMC_GRAMMAR_ERROR(role_name, "P005", "expected a role name after 'role'")
IAMC_GRAMMAR_ERROR(role_id, "P004", "expected the role's quoted id after '='")
IAMC_GRAMMAR_ERROR(role_attr_close, "P006", "expected a role attribute 'key = value' (privileged, level) or '}' to close the role's attributes")
IAMC_GRAMMAR_ERROR(target_close, "P006", "expected a setting 'key = value', 'role NAME' or '}' to close the target")
IAMC_GRAMMAR_ERROR(let_name, "P005", "expected a name after 'let'")
IAMC_GRAMMAR_ERROR(let_equals, "P006", "expected '=' after the name in 'let'")
IAMC_GRAMMAR_ERROR(identity_name, "P005", "expected a name after 'identity'")
IAMC_GRAMMAR_ERROR(identity_body, "P006", "expected '{' after the identity's name")
IAMC_GRAMMAR_ERROR(identity_close, "P006", "expected a setting 'key = value' or '}' to close the identity")
IAMC_GRAMMAR_ERROR(role_ref, "P005", "expected a role name after 'grant'")
IAMC_GRAMMAR_ERROR(grant_to, "P007", "expected 'to' and the principals after the role")
IAMC_GRAMMAR_ERROR(attr_close, "P006", "expected an attribute 'key = value' or '}' to close the grant's attributes")
IAMC_GRAMMAR_ERROR(policy_item, "P001", "expected 'allow', 'deny' or a setting such as name = \"...\" in the policy")
IAMC_GRAMMAR_ERROR(policy_id, "P005", "expected a policy id after 'policy'")
IAMC_GRAMMAR_ERROR(policy_open, "P006", "expected '{' after the policy id")
IAMC_GRAMMAR_ERROR(policy_close, "P006", "expected '}' to close the policy")
IAMC_GRAMMAR_ERROR(block_item, "P001", "expected 'grant' or 'policy' inside the 'in' block")
IAMC_GRAMMAR_ERROR(target_ref, "P005", "expected KIND.NAME of a target after 'in', e.g. in astra.prod")
IAMC_GRAMMAR_ERROR(target_ref_name, "P005", "expected the target instance's name after '.'")
IAMC_GRAMMAR_ERROR(block_open, "P006", "expected '{' after the target")
IAMC_GRAMMAR_ERROR(block_close, "P006", "expected '}' to close the 'in' block")
IAMC_GRAMMAR_ERROR(statement, "P001", "expected 'target', 'let', 'identity', 'in' or 'include'")
// clang-format on

#undef IAMC_GRAMMAR_ERROR

}  // namespace iamc::grammar
