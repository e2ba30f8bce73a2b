// The one rule for an API base URL iamc will send credentials to: https, or plain http only to
// this machine's loopback address (the tests' fake servers, a local proxy). Shared by the
// checker (the `base_url` setting) and the network stage (IAMC_<TARGET>_<INSTANCE>_URL).
#pragma once

#include <string_view>

namespace iamc {

/// Whether `url` is https://HOST[:PORT][/PATH] or http://{127.0.0.1,localhost,[::1]}[:PORT][/PATH],
/// with no user information, query or fragment and no whitespace or control characters.
bool acceptable_base_url(std::string_view url);

/// A phrase for messages.
inline constexpr std::string_view kBaseUrlDescription =
    "an https:// URL (http:// only for 127.0.0.1, localhost or [::1]) without user, query or fragment";

}  // namespace iamc
