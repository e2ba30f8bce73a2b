// The id-format matchers named by the catalogues. Hand-written: they run on every id of every
// grant, and std::regex is both slow and a stack hazard on hostile input.
#include <array>
#include <utility>

#include "base/url.hpp"
#include "catalog/catalog.hpp"

namespace iamc::catalog {
namespace {

struct FormatName {
  IdFormat format;
  std::string_view name;
  std::string_view description;
};

constexpr std::array<FormatName, 15> kFormats = {{
    {IdFormat::None, "none", "a non-empty string"},
    {IdFormat::UuidV4V5Lower, "uuid-v4v5-lower", "a lowercase UUID v4 or v5, or the nil UUID"},
    {IdFormat::UuidLower, "uuid-lower", "a lowercase UUID (8-4-4-4-12 hex digits)"},
    {IdFormat::Uuid, "uuid", "a UUID (8-4-4-4-12 hex digits)"},
    {IdFormat::Xid, "xid", "a 20-character XID (digits and lowercase a-v, ending in 0 or g)"},
    {IdFormat::K0rdentId, "k0rdent-id",
     "1-63 lowercase letters, digits and '-', starting with a letter and not ending with '-'"},
    {IdFormat::ConnhexMember, "connhex-member",
     "user:<idp>:<name>, team:<idp>:<name> (idp local, ldap or saml; name without ':' or '*', or '*'), "
     "token:<id> or '*'"},
    {IdFormat::ConnhexAction, "connhex-action",
     "<service>:<type>:<verb> of letters starting lowercase, with '*' for a whole segment "
     "(*, svc:*, svc:*:verb, svc:type:*, *:verb)"},
    {IdFormat::ConnhexPolicyId, "connhex-policy-id", "1-64 characters of a-z, 0-9, '-' and '_'"},
    {IdFormat::FrontierNsId, "frontier-ns-id", "namespace:id with exactly one ':' and both parts non-empty"},
    {IdFormat::FrontierId, "frontier-id", "a non-empty id without ':'"},
    {IdFormat::AstraLabel, "astra-label", "key=value with a non-empty key and no single quote"},
    {IdFormat::ConnhexResource, "connhex-resource",
     "'*', or ':'-separated segments without '*', the first starting with a lowercase letter, "
     "optionally ending in ':*'"},
    {IdFormat::ConnhexRole, "connhex-role", "1-64 characters of A-Z, a-z, 0-9, '-' and '_'"},
    {IdFormat::BaseUrl, "base-url", kBaseUrlDescription},
}};

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_hex(char c) { return is_lower_hex(c) || (c >= 'A' && c <= 'F'); }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 8-4-4-4-12 with `hex` deciding which digits are allowed.
template <typename Pred>
bool uuid_shape(std::string_view s, Pred hex) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !hex(s[i])) return false;
  }
  return true;
}

bool uuid_v4v5_lower(std::string_view s) {
  if (s == "00000000-0000-0000-0000-000000000000") return true;
  if (!uuid_shape(s, is_lower_hex)) return false;
  if (s[14] == '4') return s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b';
  return s[14] == '5';  // the Astra spec checks no variant for v5
}

// An XID is 12 bytes (96 bits) in 20 base32hex characters (100 bits): the last character
// carries 1 data bit and 4 zero bits, so only '0' and 'g' decode (rs/xid rejects the rest).
bool xid(std::string_view s) {
  if (s.size() != 20) return false;
  for (char c : s) {
    if (!is_digit(c) && !(c >= 'a' && c <= 'v')) return false;
  }
  return s.back() == '0' || s.back() == 'g';
}

bool k0rdent_id(std::string_view s) {
  if (s.empty() || s.size() > 63 || !is_lower(s.front())) return false;
  for (char c : s) {
    if (!is_lower(c) && !is_digit(c) && c != '-') return false;
  }
  return s.back() != '-';
}

// [^:*]+
bool plain_segment(std::string_view s) { return !s.empty() && s.find_first_of(":*") == std::string_view::npos; }

// Splits off the text before the first ':'; `rest` gets what follows (npos-safe).
std::pair<std::string_view, std::string_view> head(std::string_view s, bool& had_colon) {
  auto colon = s.find(':');
  had_colon = colon != std::string_view::npos;
  if (!had_colon) return {s, {}};
  return {s.substr(0, colon), s.substr(colon + 1)};
}

bool connhex_member(std::string_view s) {
  if (s == "*") return true;
  bool colon = false;
  auto [kind, rest] = head(s, colon);
  if (!colon) return false;
  if ((kind == "team" || kind == "user" || kind == "token" || kind == "tls") && rest == "*") return true;
  if (kind == "token") return plain_segment(rest);
  if (kind == "team" || kind == "user") {
    auto [idp, name] = head(rest, colon);
    if (!colon || (idp != "local" && idp != "ldap" && idp != "saml")) return false;
    return name == "*" || plain_segment(name);
  }
  if (kind == "tls") {
    auto [service, tail] = head(rest, colon);
    if (!colon || service != "service") return false;
    auto [first, second] = head(tail, colon);
    if (!colon) return tail == "*" || plain_segment(tail);
    return plain_segment(first) && (second == "*" || plain_segment(second));
  }
  return false;
}

// [a-z][a-zA-Z]* ; with `dash`, [a-z][-a-zA-Z]*
bool action_word(std::string_view s, bool dash = false) {
  if (s.empty() || !is_lower(s.front())) return false;
  for (char c : s) {
    if (!is_alpha(c) && !(dash && c == '-')) return false;
  }
  return true;
}

bool connhex_action(std::string_view s) {
  std::array<std::string_view, 3> seg;
  std::size_t n = 0;
  std::size_t start = 0;
  while (true) {
    auto colon = s.find(':', start);
    if (n == 3) return false;
    seg[n++] = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  switch (n) {
    case 1:
      return seg[0] == "*";
    case 2:
      return (seg[0] == "*" && action_word(seg[1], true)) || (action_word(seg[0]) && seg[1] == "*");
    default:
      if (!action_word(seg[0])) return false;
      if (seg[1] == "*") return action_word(seg[2]);
      return action_word(seg[1]) && (seg[2] == "*" || action_word(seg[2]));
  }
}

// ^[A-Za-z0-9-_]{1,64}$: the upstream Statement.role rule ^[a-z0-9-_]{1,64}$ with upper case,
// which the Connhex docs use (`myRole`).
bool connhex_role(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

// ^[a-z][^:*]*(?::[^:*]+)*(?::[*])?$|^[*]$ (upstream Chef Automate, Statement.resources).
bool connhex_resource(std::string_view s) {
  if (s == "*") return true;
  if (s.empty() || !is_lower(s.front())) return false;
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    auto colon = s.find(':', start);
    std::string_view seg = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    bool last = colon == std::string_view::npos;
    if (!first && last && seg == "*") return true;  // the optional final ":*"
    if ((!first && seg.empty()) || seg.find('*') != std::string_view::npos) return false;
    if (last) return true;
    start = colon + 1;
  }
}

bool connhex_policy_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!is_lower(c) && !is_digit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool frontier_ns_id(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
  return s.find(':', colon + 1) == std::string_view::npos;
}

bool astra_label(std::string_view s) {
  auto eq = s.find('=');
  return eq != std::string_view::npos && eq != 0 && s.find('\'') == std::string_view::npos;
}

}  // namespace

std::optional<IdFormat> parse_format(std::string_view name) {
  for (const auto& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return std::nullopt;
}

std::string_view format_name(IdFormat format) { return kFormats[static_cast<std::size_t>(format)].name; }

std::string_view format_description(IdFormat format) {
  return kFormats[static_cast<std::size_t>(format)].description;
}

bool matches(IdFormat format, std::string_view text) {
  switch (format) {
    case IdFormat::None:
      return !text.empty();
    case IdFormat::UuidV4V5Lower:
      return uuid_v4v5_lower(text);
    case IdFormat::UuidLower:
      return uuid_shape(text, is_lower_hex);
    case IdFormat::Uuid:
      return uuid_shape(text, is_hex);
    case IdFormat::Xid:
      return xid(text);
    case IdFormat::K0rdentId:
      return k0rdent_id(text);
    case IdFormat::ConnhexMember:
      return connhex_member(text);
    case IdFormat::ConnhexAction:
      return connhex_action(text);
    case IdFormat::ConnhexPolicyId:
      return connhex_policy_id(text);
    case IdFormat::FrontierNsId:
      return frontier_ns_id(text);
    case IdFormat::FrontierId:
      return !text.empty() && text.find(':') == std::string_view::npos;
    case IdFormat::AstraLabel:
      return astra_label(text);
    case IdFormat::ConnhexResource:
      return connhex_resource(text);
    case IdFormat::ConnhexRole:
      return connhex_role(text);
    case IdFormat::BaseUrl:
      return acceptable_base_url(text);
  }
  return false;
}

}  // namespace iamc::catalog
