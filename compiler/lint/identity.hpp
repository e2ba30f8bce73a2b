// Stable text identities of principals and scopes, shared by the rules that compare grants
// (duplicate, redundant, conflicting). Two principals are the same iff their identities are equal.
#pragma once

#include <string>

#include "model/model.hpp"

namespace iamc::lint {

/// e.g. "user/local/alice"; the identity provider defaults to "" for targets without one.
std::string principal_identity(const model::Principal& p);
/// e.g. "namespace/89a3.../r" (r: recursive).
std::string scope_identity(const model::Scope& s);
/// How a principal or scope is shown in messages: user("alice"), namespace(id: "...").
std::string describe(const model::Principal& p);
std::string describe(const model::Scope& s);
/// Whether a principal matches everyone, or every user or team of an identity provider.
bool is_wildcard(const model::Principal& p);

}  // namespace iamc::lint
