// libcurl behind the interface of http.hpp. One easy handle per thread, reset for each
// attempt, so connections are reused across the requests a worker sends.
//
// libcurl is loaded with dlopen the first time a request is made, not linked: it brings some
// thirty shared libraries (OpenSSL, Kerberos, LDAP, HTTP/2, ...) whose relocation cost every
// run of iamc about 12 M instructions and 10 ms before main, although only pull and apply talk
// to a server. The functions come from the same Debian package (libcurl4) and are called
// through the prototypes of <curl/curl.h>.
#include "net/http.hpp"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>
#include <thread>

#include "base/version.hpp"

namespace iamc::net {
namespace {

/// The libcurl functions iamc calls, resolved from libcurl.so.4.
struct Curl {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_getdate) getdate = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  std::string error;  ///< why libcurl could not be loaded; empty when it was
};

template <typename F>
bool resolve(void* library, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(library, name));
  return out != nullptr;
}

/// libcurl, loaded and initialised once (thread-safe); check `error` before use.
const Curl& curl_api() {
  static const Curl api = [] {
    Curl c;
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      c.error = "cannot load libcurl (" + std::string(why != nullptr ? why : "libcurl.so.4") +
                "); install the libcurl4 package";
      return c;
    }
    bool ok = resolve(library, "curl_global_init", c.global_init) && resolve(library, "curl_easy_init", c.easy_init) &&
              resolve(library, "curl_easy_cleanup", c.easy_cleanup) && resolve(library, "curl_easy_reset", c.easy_reset) &&
              resolve(library, "curl_easy_setopt", c.easy_setopt) && resolve(library, "curl_easy_perform", c.easy_perform) &&
              resolve(library, "curl_easy_getinfo", c.easy_getinfo) &&
              resolve(library, "curl_easy_strerror", c.easy_strerror) && resolve(library, "curl_getdate", c.getdate) &&
              resolve(library, "curl_slist_append", c.slist_append) &&
              resolve(library, "curl_slist_free_all", c.slist_free_all);
    if (!ok) {
      c.error = "libcurl.so.4 lacks a function iamc needs; install libcurl4 7.85 or later";
      return c;
    }
    if (c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) c.error = "libcurl failed to initialise";
    return c;  // the library stays loaded until the process ends
  }();
  return api;
}

struct Handle {
  CURL* curl = nullptr;
  Handle() {
    if (curl_api().error.empty()) curl = curl_api().easy_init();
  }
  ~Handle() {
    if (curl != nullptr) curl_api().easy_cleanup(curl);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

struct Sink {
  std::string* body;
  bool too_large = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body->size() + n > kMaxResponseBytes) {
    sink->too_large = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
  std::size_t n = size * count;
  std::string_view line(data, n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (std::size_t i = 0; i < kName.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(line[i])) != kName[i]) match = false;
    }
    if (match) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
      *static_cast<std::string*>(user) = std::string(v.substr(0, 64));
    }
  }
  return n;
}

bool idempotent(std::string_view method) { return method == "GET" || method == "PUT" || method == "DELETE" || method == "HEAD"; }

std::chrono::milliseconds jittered(const RetryPolicy& p, int retry) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  auto wait = p.base_delay;
  for (int i = 0; i < retry && wait < p.max_delay; ++i) wait *= 2;
  wait = std::min(wait, p.max_delay);
  // Half fixed, half random: clients that failed together do not all come back together.
  std::uniform_int_distribution<long long> jitter(0, std::max<long long>(0, wait.count() / 2));
  return std::chrono::milliseconds(wait.count() - wait.count() / 2 + jitter(rng));
}

}  // namespace

std::string user_agent() { return "iamc/" + std::string(kVersion); }

std::chrono::milliseconds retry_after_wait(std::string_view value) {
  if (value.empty()) return std::chrono::milliseconds(-1);
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 7) return std::chrono::milliseconds(std::int64_t{9'999'999} * 1000);
    return std::chrono::milliseconds(std::stoll(std::string(value)) * 1000);
  }
  const Curl& api = curl_api();
  if (!api.error.empty()) return std::chrono::milliseconds(-1);
  time_t when = api.getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return std::chrono::milliseconds(-1);
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return std::chrono::milliseconds(std::max<std::int64_t>(0, static_cast<std::int64_t>(when - now)) * 1000);
}

bool retryable(const Response& r, std::string_view method) {
  switch (r.transport) {
    case Transport::NotSent:
      return true;
    case Transport::MaybeSent:
      return idempotent(method);
    case Transport::Fatal:
      return false;
    case Transport::Ok:
      break;
  }
  return r.status == 429 || r.status == 502 || r.status == 503 || r.status == 504;
}

Client::Client(ClientOptions options) : options_(std::move(options)) {}

Response Client::send_once(const Request& request) const {
  thread_local Handle handle;
  Response out;
  out.attempts = 1;
  CURL* curl = handle.curl;
  const Curl& api = curl_api();
  if (curl == nullptr) {
    out.transport = Transport::Fatal;
    out.error = api.error.empty() ? "cannot start libcurl" : api.error;
    return out;
  }
  api.easy_reset(curl);
  char error[CURL_ERROR_SIZE] = {0};
  Sink sink{&out.body};
  curl_slist* headers = nullptr;
  for (const Header& h : request.headers) headers = api.slist_append(headers, (h.name + ": " + h.value).c_str());
  // libcurl adds "Expect: 100-continue" to large bodies; the APIs do not need the round trip.
  headers = api.slist_append(headers, "Expect:");
  api.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  api.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) api.easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  api.easy_setopt(curl, CURLOPT_USERAGENT, user_agent().c_str());
  api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  api.easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  api.easy_setopt(curl, CURLOPT_HEADERDATA, &out.retry_after);
  api.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "GET") {
    api.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (!request.body.empty()) {
    api.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  CURLcode rc = api.easy_perform(curl);
  api.slist_free_all(headers);
  if (rc == CURLE_OK) {
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
    return out;
  }
  out.error = error[0] != 0 ? error : api.easy_strerror(rc);
  long sent = 0;
  api.easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &sent);
  switch (rc) {
    case CURLE_WRITE_ERROR:
      out.transport = sink.too_large ? Transport::Fatal : Transport::MaybeSent;
      if (sink.too_large) out.error = "the response is larger than iamc accepts";
      break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      out.transport = Transport::Fatal;
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      out.transport = Transport::NotSent;
      break;
    default:
      out.transport = sent > 0 ? Transport::MaybeSent : Transport::NotSent;
      break;
  }
  out.body.clear();
  return out;
}

Response Client::send(const Request& request, const RetryObserver& on_retry) const {
  const RetryPolicy& policy = options_.retry;
  auto start = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    Response r = send_once(request);
    r.attempts = attempt;
    if (!retryable(r, request.method) || attempt > policy.max_retries) return r;
    auto wait = jittered(policy, attempt - 1);
    if (r.transport == Transport::Ok && r.status == 429) {
      auto asked = retry_after_wait(r.retry_after);
      if (asked > wait) wait = asked;  // the server's wish is a floor, never shortened
    }
    auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (spent + wait > policy.max_total) return r;
    std::string reason = r.transport == Transport::Ok ? "HTTP " + std::to_string(r.status) : r.error;
    if (on_retry) on_retry(attempt, reason, wait);
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace iamc::net
