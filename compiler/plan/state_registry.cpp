// The one list of state decoders, by target kind (see state.hpp).
#include "plan/state.hpp"

#include <cctype>

namespace iamc::plan {

const StateDecoder& k0rdent_state_decoder();
const StateDecoder& connhex_state_decoder();
const StateDecoder& redpanda_state_decoder();
const StateDecoder& astra_state_decoder();
const StateDecoder& frontier_state_decoder();

const StateDecoder& state_decoder(model::TargetKind kind) {
  switch (kind) {
    case model::TargetKind::K0rdent: return k0rdent_state_decoder();
    case model::TargetKind::Connhex: return connhex_state_decoder();
    case model::TargetKind::Redpanda: return redpanda_state_decoder();
    case model::TargetKind::Astra: return astra_state_decoder();
    case model::TargetKind::Frontier: return frontier_state_decoder();
  }
  return astra_state_decoder();
}

std::string dsl_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
  return out;
}

std::string dsl_role(std::string_view role) {
  static constexpr std::string_view kReserved[] = {
      "include", "target", "let", "in", "grant", "to", "on", "role", "policy", "allow", "deny", "actions",
      "resources", "true", "false", "everything", "all_tenants", "all_namespaces", "everyone"};
  bool identifier = !role.empty() && (std::isalpha(static_cast<unsigned char>(role[0])) != 0 || role[0] == '_');
  for (char c : role) {
    identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-');
  }
  for (std::string_view k : kReserved) identifier = identifier && role != k;
  return identifier ? std::string(role) : dsl_string(role);
}

const InstanceState* State::find(std::uint32_t target) const {
  for (const InstanceState& s : instances) {
    if (s.target == target) return &s;
  }
  return nullptr;
}

}  // namespace iamc::plan
