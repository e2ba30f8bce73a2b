// The network stage's rules that need no server: which base URLs may carry a token, how
// Retry-After is read, which answers are retried, and the environment variable names.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "base/url.hpp"
#include "driver/remote.hpp"
#include "net/http.hpp"

using namespace iamc;

TEST_CASE("a base URL is https, or http to this machine only") {
  CHECK(acceptable_base_url("https://api.redpanda.com"));
  CHECK(acceptable_base_url("https://astra.netapp.io:8443/base/"));
  CHECK(acceptable_base_url("http://127.0.0.1:8080"));
  CHECK(acceptable_base_url("http://localhost"));
  CHECK(acceptable_base_url("http://[::1]:9000/x"));
  CHECK_FALSE(acceptable_base_url("http://example.com"));
  CHECK_FALSE(acceptable_base_url("http://127.0.0.1.example.com"));
  CHECK_FALSE(acceptable_base_url("https://user:pw@example.com"));
  CHECK_FALSE(acceptable_base_url("https://example.com/?q=1"));
  CHECK_FALSE(acceptable_base_url("https://example.com/#x"));
  CHECK_FALSE(acceptable_base_url("https://exa mple.com"));
  CHECK_FALSE(acceptable_base_url("https://"));
  CHECK_FALSE(acceptable_base_url("https://example.com:99999"));
  CHECK_FALSE(acceptable_base_url("ftp://example.com"));
  CHECK_FALSE(acceptable_base_url("HTTPS://example.com"));
}

TEST_CASE("Retry-After: seconds or an HTTP date") {
  CHECK(net::retry_after_wait("3") == std::chrono::milliseconds(3000));
  CHECK(net::retry_after_wait("0") == std::chrono::milliseconds(0));
  CHECK(net::retry_after_wait("") == std::chrono::milliseconds(-1));
  CHECK(net::retry_after_wait("soon") == std::chrono::milliseconds(-1));
  CHECK(net::retry_after_wait("Wed, 21 Oct 2015 07:28:00 GMT") == std::chrono::milliseconds(0));  // in the past
  CHECK(net::retry_after_wait("99999999999") > std::chrono::hours(24));  // absurd: larger than any budget
}

TEST_CASE("which answers are retried") {
  net::Response r;
  for (long status : {429L, 502L, 503L, 504L}) {
    r.status = status;
    CHECK(net::retryable(r, "POST"));
  }
  for (long status : {200L, 201L, 400L, 401L, 403L, 404L, 409L, 500L}) {
    r.status = status;
    CHECK_FALSE(net::retryable(r, "GET"));
  }
  r.transport = net::Transport::NotSent;
  CHECK(net::retryable(r, "POST"));
  r.transport = net::Transport::MaybeSent;  // the server may have acted: only idempotent methods
  CHECK(net::retryable(r, "GET"));
  CHECK(net::retryable(r, "PUT"));
  CHECK(net::retryable(r, "DELETE"));
  CHECK_FALSE(net::retryable(r, "POST"));
  r.transport = net::Transport::Fatal;
  CHECK_FALSE(net::retryable(r, "GET"));
}

TEST_CASE("environment variable names per target instance") {
  CHECK(driver::environment_name("astra", "prod", "TOKEN") == "IAMC_ASTRA_PROD_TOKEN");
  CHECK(driver::environment_name("k0rdent", "prod-eu.2", "URL") == "IAMC_K0RDENT_PROD_EU_2_URL");
  CHECK(net::user_agent().rfind("iamc/", 0) == 0);
}

TEST_CASE("a missing token is an error naming the variable, never a value") {
  ::unsetenv("IAMC_REDPANDA_UNIT_TOKEN");
  ::unsetenv("IAMC_REDPANDA_UNIT_TOKEN_FILE");
  ::setenv("IAMC_REDPANDA_UNIT_URL", "https://api.redpanda.com/", 1);
  std::string error;
  CHECK_FALSE(driver::resolve_endpoint("redpanda", "unit", "", error));
  CHECK(error.find("IAMC_REDPANDA_UNIT_TOKEN") != std::string::npos);
  ::setenv("IAMC_REDPANDA_UNIT_TOKEN", "secret-value", 1);
  auto e = driver::resolve_endpoint("redpanda", "unit", "", error);
  REQUIRE(e);
  CHECK(e->base_url == "https://api.redpanda.com");
  ::setenv("IAMC_REDPANDA_UNIT_TOKEN", "has space", 1);
  error.clear();
  CHECK_FALSE(driver::resolve_endpoint("redpanda", "unit", "", error));
  CHECK(error.find("has space") == std::string::npos);
  ::unsetenv("IAMC_REDPANDA_UNIT_TOKEN");
  ::unsetenv("IAMC_REDPANDA_UNIT_URL");
}
