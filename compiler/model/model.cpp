// Names of the model's enumerations, as written in sources (see model.hpp).
#include "model/model.hpp"

#include <array>

namespace iamc::model {
namespace {

constexpr std::array<std::string_view, kTargetKindCount> kTargetNames = {
    "k0rdent", "connhex", "redpanda", "astra", "frontier"};

constexpr std::array<std::string_view, 6> kPrincipalNames = {
    "user", "group", "service_account", "team", "token", "everyone"};

constexpr std::array<std::string_view, 23> kScopeNames = {
    "everything",     "org",           "project",
    "resource",       "group",         "tenant",
    "all_tenants",    "namespace",     "namespace",
    "all_namespaces", "resource_group", "network",
    "cluster",        "serverless_cluster", "network_peering",
    "organization",   "mcp_server",    "ai_agent",
    "aigateway_model_provider", "aigateway_model", "aigateway_provider_config",
    "aigateway_gateway", "topic"};

}  // namespace

std::string_view target_kind_name(TargetKind kind) { return kTargetNames[static_cast<std::size_t>(kind)]; }

std::optional<TargetKind> parse_target_kind(std::string_view name) {
  for (std::size_t i = 0; i < kTargetNames.size(); ++i) {
    if (kTargetNames[i] == name) return static_cast<TargetKind>(i);
  }
  return std::nullopt;
}

std::string_view principal_kind_name(PrincipalKind kind) {
  return kPrincipalNames[static_cast<std::size_t>(kind)];
}

std::string_view scope_kind_name(ScopeKind kind) { return kScopeNames[static_cast<std::size_t>(kind)]; }

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
