// The one way iamc talks to a server: a request in, a response out, over libcurl, with the
// retry policy every call gets (reads included). TLS certificates are always verified (a CA
// bundle can be named; nothing turns verification off), redirects are never followed (a
// bearer token must not travel to another host), and only http and https are spoken.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace iamc::net {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;  ///< GET, POST, PUT, DELETE
  std::string url;     ///< the full URL; never holds a credential
  std::vector<Header> headers;  ///< may hold Authorization: never printed by this module
  std::string body;             ///< sent when not empty
};

/// How an attempt ended when no HTTP status came back.
enum class Transport : std::uint8_t {
  Ok,         ///< an HTTP response (any status)
  NotSent,    ///< nothing reached the server (resolve or connect failed): safe to retry
  MaybeSent,  ///< the connection failed after the request was sent: the server may have acted
  Fatal,      ///< retrying cannot help (TLS verification failed, a bad URL, a body too large)
};

struct Response {
  Transport transport = Transport::Ok;
  long status = 0;
  std::string body;
  std::string retry_after;  ///< the Retry-After header, as sent
  std::string error;        ///< what went wrong when transport != Ok
  int attempts = 0;         ///< attempts made (1 without retries)
};

/// Retries: on 429 (waiting at least its Retry-After), 502, 503 and 504, and on connection
/// errors (for a request that may have reached the server, only idempotent methods: GET, PUT,
/// DELETE). Waits grow exponentially from `base_delay` to `max_delay`, with jitter (a random
/// part of up to half the wait), and stop after `max_retries` retries or once `max_total` would
/// be exceeded.
struct RetryPolicy {
  int max_retries = 5;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{30'000};
  std::chrono::milliseconds max_total{120'000};
};

struct ClientOptions {
  std::string ca_bundle;  ///< --cacert: a PEM file of CA certificates; empty: the system's
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{60'000};  ///< the whole request, connection included
  RetryPolicy retry;
};

/// Largest response body read (a state file is at most 1 GiB, in pages).
inline constexpr std::size_t kMaxResponseBytes = std::size_t{256} << 20;

/// Told before each retry: the attempt that failed, why, and how long the wait is.
using RetryObserver = std::function<void(int attempt, const std::string& reason, std::chrono::milliseconds wait)>;

class Client {
 public:
  explicit Client(ClientOptions options);
  /// Sends `request`, retrying as the policy says; thread-safe.
  [[nodiscard]] Response send(const Request& request, const RetryObserver& on_retry = {}) const;
  /// One attempt, no retries.
  [[nodiscard]] Response send_once(const Request& request) const;
  [[nodiscard]] const ClientOptions& options() const { return options_; }

 private:
  ClientOptions options_;
};

/// Whether the response warrants another attempt under the policy (method matters for MaybeSent).
bool retryable(const Response& r, std::string_view method);
/// The wait Retry-After asks for (delta-seconds or an HTTP date), or -1 ms when absent or unreadable.
std::chrono::milliseconds retry_after_wait(std::string_view value);
/// "iamc/X.Y.Z", sent as User-Agent on every request.
std::string user_agent();

}  // namespace iamc::net
