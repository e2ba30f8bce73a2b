// Endpoints and credentials for pull and apply (see remote.hpp).
#include "driver/remote.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/text.hpp"
#include "base/url.hpp"

namespace iamc::driver {
namespace {

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 + 0.5));
}

const char* env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  return v != nullptr && *v != '\0' ? v : nullptr;
}

// A token file holds the token, optionally followed by a newline; at most 64 KiB.
std::optional<std::string> read_token_file(const std::string& path, const std::string& variable, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("cannot read the token file that {} names", variable);
    return std::nullopt;
  }
  std::string token(64 * 1024 + 1, '\0');
  in.read(token.data(), static_cast<std::streamsize>(token.size()));
  token.resize(static_cast<std::size_t>(in.gcount()));
  if (token.size() > 64 * 1024) {
    error = fmt::format("the token file that {} names is larger than 64 KiB", variable);
    return std::nullopt;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

bool valid_token(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7f) return false;  // no spaces, controls or line breaks in a header
  }
  return true;
}

}  // namespace

net::ClientOptions client_options(const NetOptions& options) {
  net::ClientOptions out;
  out.ca_bundle = options.cacert;
  out.connect_timeout = millis(options.connect_timeout);
  out.request_timeout = millis(options.timeout);
  out.retry.max_retries = options.max_retries;
  out.retry.max_total = millis(options.retry_max_time);
  out.retry.base_delay = millis(options.retry_base_delay);
  out.retry.max_delay = std::max(out.retry.base_delay, std::chrono::milliseconds(30'000));
  return out;
}

std::string environment_name(std::string_view target, std::string_view instance, std::string_view suffix) {
  std::string name = "IAMC_";
  auto add = [&](std::string_view part) {
    for (char c : part) {
      if (c >= 'a' && c <= 'z') {
        name.push_back(static_cast<char>(c - 'a' + 'A'));
      } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        name.push_back(c);
      } else {
        name.push_back('_');
      }
    }
  };
  add(target);
  name.push_back('_');
  add(instance);
  name.push_back('_');
  name += suffix;
  return name;
}

std::optional<Endpoint> resolve_endpoint(std::string_view target, std::string_view instance, std::string_view base_url,
                                         std::string& error) {
  Endpoint out;
  std::string url_var = environment_name(target, instance, "URL");
  if (const char* url = env(url_var)) {
    out.base_url = url;
    if (!acceptable_base_url(out.base_url)) {
      error = fmt::format("{} is not {}", url_var, kBaseUrlDescription);
      return std::nullopt;
    }
  } else if (!base_url.empty()) {
    out.base_url = std::string(base_url);
  } else {
    error = fmt::format("no URL for {}.{}: set {} or `base_url` on the target", target, display_text(instance), url_var);
    return std::nullopt;
  }
  while (!out.base_url.empty() && out.base_url.back() == '/') out.base_url.pop_back();
  std::string token_var = environment_name(target, instance, "TOKEN");
  std::string file_var = environment_name(target, instance, "TOKEN_FILE");
  if (const char* token = env(token_var)) {
    out.token = token;
  } else if (const char* file = env(file_var)) {
    auto from_file = read_token_file(file, file_var, error);
    if (!from_file) return std::nullopt;
    out.token = std::move(*from_file);
    token_var = file_var;
  } else {
    error = fmt::format("no credentials for {}.{}: set {} (a bearer token) or {} (a file holding it)", target,
                        display_text(instance), token_var, file_var);
    return std::nullopt;
  }
  if (!valid_token(out.token)) {
    error = fmt::format("the token in {} is empty or holds spaces or control characters", token_var);
    return std::nullopt;
  }
  return out;
}

net::Request make_request(const Endpoint& endpoint, std::string_view method, std::string_view path,
                          std::string_view content_type, std::string_view body, std::string_view accept) {
  net::Request r;
  r.method = std::string(method);
  r.url = endpoint.base_url + std::string(path);
  r.headers.push_back({"Authorization", "Bearer " + endpoint.token});
  if (!content_type.empty()) r.headers.push_back({"Content-Type", std::string(content_type)});
  if (!accept.empty()) r.headers.push_back({"Accept", std::string(accept)});
  r.body = std::string(body);
  return r;
}

std::string server_message(std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    std::string out;
    for (const char* key : {"title", "detail", "message", "error"}) {
      auto it = doc.find(key);
      if (it == doc.end() || !it->is_string()) continue;
      std::string text = it->get<std::string>();
      if (text.empty() || out.find(text) != std::string::npos) continue;
      if (!out.empty()) out += ": ";
      out += text;
    }
    if (!out.empty()) return display_text(out.substr(0, 500));
  }
  std::string_view head = body.substr(0, 300);
  return head.empty() ? std::string("(no body)") : display_text(head);
}

}  // namespace iamc::driver
