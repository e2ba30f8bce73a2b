// The Redpanda Cloud backend: POST /v1/role-bindings with the `role_binding` wrapper, one request
// per principal and scope (flavours.md §3 and the Decisions table).
#include "backends/emit_util.hpp"
#include "backends/registry.hpp"

namespace iamc::backend {
namespace {

using model::ScopeKind;

std::string_view resource_type(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::ResourceGroup: return "SCOPE_RESOURCE_TYPE_RESOURCE_GROUP";
    case ScopeKind::Network: return "SCOPE_RESOURCE_TYPE_NETWORK";
    case ScopeKind::Cluster: return "SCOPE_RESOURCE_TYPE_CLUSTER";
    case ScopeKind::ServerlessCluster: return "SCOPE_RESOURCE_TYPE_SERVERLESS_CLUSTER";
    case ScopeKind::NetworkPeering: return "SCOPE_RESOURCE_TYPE_NETWORK_PEERING";
    case ScopeKind::Org:
    case ScopeKind::Organization: return "SCOPE_RESOURCE_TYPE_ORGANIZATION";
    case ScopeKind::McpServer: return "SCOPE_RESOURCE_TYPE_MCPSERVER";
    case ScopeKind::AiAgent: return "SCOPE_RESOURCE_TYPE_AIAGENT";
    case ScopeKind::AiGatewayModelProvider: return "SCOPE_RESOURCE_TYPE_AIGATEWAY_MODEL_PROVIDER";
    case ScopeKind::AiGatewayModel: return "SCOPE_RESOURCE_TYPE_AIGATEWAY_MODEL";
    case ScopeKind::AiGatewayProviderConfig: return "SCOPE_RESOURCE_TYPE_AIGATEWAY_PROVIDER_CONFIG";
    case ScopeKind::AiGatewayGateway: return "SCOPE_RESOURCE_TYPE_AIGATEWAY_GATEWAY";
    case ScopeKind::Topic: return "SCOPE_RESOURCE_TYPE_KAFKA_TOPIC";
    default: return {};
  }
}

bool accepted_principal(model::PrincipalKind kind) {
  // account_id takes a user, a service account or a group id.
  return kind == model::PrincipalKind::User || kind == model::PrincipalKind::ServiceAccount ||
         kind == model::PrincipalKind::Group;
}

class RedpandaBackend final : public Backend {
 public:
  [[nodiscard]] std::string_view name() const override { return "redpanda"; }

  void emit(const model::Model& model, const TargetFilter& filter, ModelSlice slice,
            const RequestSink& sink) const override {
    static const model::Scope kOrgLevel{};  // Everything: the binding has no scope
    Request r;
    detail::for_each_binding(model, model::TargetKind::Redpanda, filter, slice,
                             [&](const model::Binding& b, const model::TargetInstance& t) {
      for (const model::Principal& p : b.principals) {
        if (!accepted_principal(p.kind)) continue;
        auto one = [&](const model::Scope& s) {
          std::string_view type;
          if (s.kind != ScopeKind::Everything) {
            type = resource_type(s.kind);
            if (type.empty()) return;
          }
          detail::start_request(r, t, b.span);
          r.path = "/v1/role-bindings";
          JsonWriter json(r.body);
          json.begin_object().key("role_binding").begin_object();
          json.field("account_id", p.id).field("role_name", b.role.name);
          if (!type.empty()) {
            json.key("scope").begin_object().field("resource_id", s.id).field("resource_type", type);
            if (!s.dataplane.empty()) json.field("dataplane_id", s.dataplane);
            json.end_object();
          }
          json.end_object().end_object();
          detail::name_after_binding(r, b, p.id);
          sink(r);
        };
        if (!b.has_scopes) {
          one(kOrgLevel);
        } else {
          for (const model::Scope& s : b.scopes) one(s);
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<Backend> make_redpanda_backend() { return std::make_unique<RedpandaBackend>(); }

}  // namespace iamc::backend
