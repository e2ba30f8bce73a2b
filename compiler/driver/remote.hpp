// Where `pull` and `apply` send requests, and with which credentials: the one place the
// environment variables IAMC_<TARGET>_<INSTANCE>_{URL,TOKEN,TOKEN_FILE} are read (docs/apply.md).
// A token lives only in memory, in a request's Authorization header: no message, log, journal
// or file iamc writes ever holds it, and it is never read from the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/http.hpp"

namespace iamc::driver {

/// The command-line options of the network commands (pull, apply).
struct NetOptions {
  std::string cacert;            ///< --cacert FILE
  double connect_timeout = 10;   ///< --connect-timeout SECONDS
  double timeout = 60;           ///< --timeout SECONDS: one whole request
  int max_retries = 5;           ///< --max-retries N
  double retry_max_time = 120;   ///< --retry-max-time SECONDS: all retries of one request
  double retry_base_delay = 0.5; ///< --retry-base-delay SECONDS: the first wait (doubles each time)
};

net::ClientOptions client_options(const NetOptions& options);

/// IAMC_<TARGET>_<INSTANCE>_<SUFFIX>: upper-cased, every character not a letter or digit an '_'.
std::string environment_name(std::string_view target, std::string_view instance, std::string_view suffix);

struct Endpoint {
  std::string base_url;  ///< without a trailing '/'
  std::string token;     ///< the bearer token; never printed
};

/// The endpoint of one instance: the URL from IAMC_..._URL, else `base_url` (the setting), and
/// the token from IAMC_..._TOKEN or the file IAMC_..._TOKEN_FILE names. On a problem, returns
/// nothing and sets `error` to a message naming the variable (never its value).
std::optional<Endpoint> resolve_endpoint(std::string_view target, std::string_view instance, std::string_view base_url,
                                         std::string& error);

/// A request to `endpoint`: its URL joined with `path`, the token as a bearer, and the Accept
/// header the planned request carries (Astra's writes; reads and the other APIs send none).
net::Request make_request(const Endpoint& endpoint, std::string_view method, std::string_view path,
                          std::string_view content_type, std::string_view body, std::string_view accept = {});

/// What a server said in an error response, for a message: the vendor's message field
/// (`detail`, `message`, `error`, `title`) when the body is JSON, else its first 300 bytes;
/// made safe for a terminal.
std::string server_message(std::string_view body);

}  // namespace iamc::driver
