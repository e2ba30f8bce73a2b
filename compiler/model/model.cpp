// Names of the model's enumerations, as written in sources (see model.hpp).
#include "model/model.hpp"

#include <array>

namespace iamc::model {

const GrantAttributes Binding::kNoAttributes{};
namespace {

constexpr std::string_view kTargetNames[] = {
#define IAMC_TARGET(kind, spelling) spelling,
#include "model/kinds.def"
};

constexpr PrincipalSpelling kPrincipals[] = {
#define IAMC_PRINCIPAL(kind, spelling, takes_id, hover) {{spelling, takes_id, hover}, PrincipalKind::kind},
#include "model/kinds.def"
};

// Every scope kind, in enum order (scope_kind_name indexes it), and whether the resolver accepts
// its spelling for it.
struct ScopeEntry {
  ScopeSpelling spelling;
  bool spelled;
};
constexpr ScopeEntry kScopes[] = {
#define IAMC_SCOPE(kind, spelling, takes_id, spelled, hover) {{{spelling, takes_id, hover}, ScopeKind::kind}, spelled},
#include "model/kinds.def"
};

constexpr auto kSpelledScopes = [] {
  constexpr std::size_t n = [] {
    std::size_t count = 0;
    for (const ScopeEntry& e : kScopes) count += e.spelled ? 1 : 0;
    return count;
  }();
  std::array<ScopeSpelling, n> out{};
  std::size_t i = 0;
  for (const ScopeEntry& e : kScopes) {
    if (e.spelled) out[i++] = e.spelling;
  }
  return out;
}();

}  // namespace

std::string_view target_kind_name(TargetKind kind) { return kTargetNames[static_cast<std::size_t>(kind)]; }

std::optional<TargetKind> parse_target_kind(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kTargetNames); ++i) {
    if (kTargetNames[i] == name) return static_cast<TargetKind>(i);
  }
  return std::nullopt;
}

std::string_view principal_kind_name(PrincipalKind kind) {
  return kPrincipals[static_cast<std::size_t>(kind)].name;
}

std::string_view scope_kind_name(ScopeKind kind) { return kScopes[static_cast<std::size_t>(kind)].spelling.name; }

std::span<const PrincipalSpelling> principal_spellings() { return kPrincipals; }

std::span<const ScopeSpelling> scope_spellings() { return kSpelledScopes; }

std::string_view TargetInstance::setting(std::string_view key) const {
  for (const auto& [k, v] : settings) {
    if (k == key && v != nullptr && v->kind == ast::Expr::Kind::String) return v->text;
  }
  return {};
}

Span TargetInstance::setting_span(std::string_view key) const {
  for (const auto& [k, v] : settings) {
    if (k == key && v != nullptr) return v->span;
  }
  return {};
}

}  // namespace iamc::model
