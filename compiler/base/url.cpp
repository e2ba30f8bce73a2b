#include "base/url.hpp"

namespace iamc {

bool acceptable_base_url(std::string_view url) {
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '?' || c == '#' || c == '@' || c == '\\') return false;
  }
  std::string_view rest;
  bool loopback_only = false;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
    loopback_only = true;
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view host = authority;
  if (host.starts_with('[')) {
    std::size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view after = host.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return false;
    host = host.substr(0, close + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty()) return false;
  if (std::size_t colon = authority.rfind(':'); colon != std::string_view::npos && colon + 1 > host.size()) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    long number = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
      number = number * 10 + (c - '0');
    }
    if (number == 0 || number > 65535) return false;
  }
  if (loopback_only) return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
  return true;
}

}  // namespace iamc
