// Redpanda's live role bindings: GET /v1/role-bindings -> {"role_bindings": [...],
// "next_page_token"} (flavours.md §3 and §6). Create bodies wrap the same fields in
// "role_binding". Bindings are immutable: a change is a delete and a create.
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "plan/decode_util.hpp"

namespace iamc::plan {
namespace {

// Items per list page asked of the API (pull).
constexpr int kPageSize = 100;

using namespace detail;

constexpr std::string_view kOrganization = "SCOPE_RESOURCE_TYPE_ORGANIZATION";

class RedpandaDecoder final : public StateDecoder {
 public:
  [[nodiscard]] model::TargetKind kind() const override { return model::TargetKind::Redpanda; }
  [[nodiscard]] std::vector<std::string_view> list_keys() const override { return {"role_bindings"}; }

  bool decode(const json::Value& body, const DecodeContext& ctx, Binding& out) const override {
    if (!require_object(body, ctx)) return false;
    const json::Value& item = !ctx.error && body.find("role_binding") ? *body.find("role_binding") : body;
    if (!live_id(item, "id", ctx, out) || !string_member(item, "account_id", true, ctx, ctx.path, out.principal_id) ||
        !string_member(item, "role_name", true, ctx, ctx.path, out.role)) {
      return false;
    }
    // account_id names a user, a service account or a group alike: the body is the same.
    out.principal_kind = model::PrincipalKind::User;
    bool ok = true;
    add_key(out.key, out.principal_id);
    add_key(out.key, out.role);
    const json::Value* scope = member(item, "scope", json::Kind::Object, false, ctx, ctx.path, ok);
    if (!ok) return false;
    if (scope != nullptr) {
      const JsonPath scope_path(ctx.path, "scope");
      std::string type;
      std::string resource;
      std::string dataplane;
      if (!string_member(*scope, "resource_type", true, ctx, scope_path, type) ||
          !string_member(*scope, "resource_id", false, ctx, scope_path, resource) ||
          !string_member(*scope, "dataplane_id", false, ctx, scope_path, dataplane)) {
        return false;
      }
      if (type.rfind("SCOPE_RESOURCE_TYPE_", 0) != 0) {
        return ctx.fail(*scope->find("resource_type"), JsonPath(scope_path, "resource_type").str(),
                        fmt::format("unknown resource type {:?}: expected a SCOPE_RESOURCE_TYPE_* name", type));
      }
      // An instance is one organisation (its token's), so an ORGANIZATION scope, whatever its
      // resource_id, is the binding with no scope: the same key, as lint's scope_key says for
      // `organization(...)` and `everything` (lint/identity.cpp). This is the one place a plan
      // normalises Redpanda scopes, for live items and iamc's own bodies alike.
      if (type != kOrganization) {
        add_key(out.key, type);
        add_key(out.key, resource);
        add_key(out.key, dataplane);
      }
      out.scopes.push_back(type);
      out.scopes.push_back(resource);
      out.scopes.push_back(dataplane);
    }
    return true;
  }

  [[nodiscard]] bool privileged_on_widest(const Binding& b) const override {
    return catalog::catalog(kind()).is_privileged(b.role) &&
           (b.scopes.empty() || b.scopes[0] == kOrganization);
  }

  void source_form(const Binding& b, SourceForm& out) const override {
    static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
        {"RESOURCE_GROUP", "resource_group"}, {"NETWORK", "network"}, {"CLUSTER", "cluster"},
        {"SERVERLESS_CLUSTER", "serverless_cluster"}, {"NETWORK_PEERING", "network_peering"},
        {"ORGANIZATION", "organization"}, {"MCPSERVER", "mcp_server"}, {"AIAGENT", "ai_agent"},
        {"AIGATEWAY_MODEL_PROVIDER", "aigateway_model_provider"}, {"AIGATEWAY_MODEL", "aigateway_model"},
        {"AIGATEWAY_PROVIDER_CONFIG", "aigateway_provider_config"}, {"AIGATEWAY_GATEWAY", "aigateway_gateway"},
        {"KAFKA_TOPIC", "topic"},
    };
    // account_id does not say what kind of account it is; every kind is sent the same way.
    out.principal = fmt::format("user({})", dsl_string(b.principal_id));
    out.role = dsl_role(b.role);
    if (b.scopes.empty()) return;  // an organization-level binding: no `on`
    out.has_scopes = true;
    std::string_view type = std::string_view(b.scopes[0]).substr(std::string_view("SCOPE_RESOURCE_TYPE_").size());
    for (auto [wire, kind] : kKinds) {
      if (wire != type) continue;
      if (b.scopes[1].empty()) {
        out.why_not = fmt::format("its {} scope has no resource_id", kind);
        return;
      }
      out.scopes.push_back(b.scopes[2].empty()
                               ? fmt::format("{}({})", kind, dsl_string(b.scopes[1]))
                               : fmt::format("{}({}, dataplane: {})", kind, dsl_string(b.scopes[1]), dsl_string(b.scopes[2])));
      return;
    }
    out.why_not = fmt::format("the resource type {} has no iamc scope", b.scopes[0]);
  }

  // Pages: `page_size` items, the next one named by `next_page_token` (empty on the last page).
  void list_request(const model::TargetInstance& /*target*/, std::string_view page_token, PlanRequest& out) const override {
    out.method = "GET";
    out.path = fmt::format("/v1/role-bindings?page_size={}", kPageSize);
    if (!page_token.empty()) out.path += "&page_token=" + path_segment(page_token);
    out.content_type.clear();
    out.body.clear();
  }

  [[nodiscard]] std::string next_page_token(const json::Value& page) const override {
    const json::Value* token = page.find("next_page_token");
    return token != nullptr && token->is(json::Kind::String) ? token->string() : std::string();
  }

  void delete_request(const model::TargetInstance&, const Binding& live, PlanRequest& out) const override {
    out.method = "DELETE";
    out.path = "/v1/role-bindings/" + path_segment(live.id);
    out.content_type.clear();
    out.accept.clear();
    out.body.clear();
  }
};

}  // namespace

const StateDecoder& redpanda_state_decoder() {
  static const RedpandaDecoder kDecoder;
  return kDecoder;
}

}  // namespace iamc::plan
