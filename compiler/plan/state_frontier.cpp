// Frontier's live policies: GET /v1beta1/policies -> {"policies": [...]} (flavours.md §5 and §6).
// Responses carry role_id as the role's UUID, so role ids are mapped to names through
// STATE/frontier.<instance>.roles.json when it is there; resources and principals are compared
// with their namespace aliases expanded (user: -> app/user:).
#include <fmt/format.h>

#include <cctype>

#include "backends/json_writer.hpp"
#include "catalog/catalog.hpp"
#include "plan/decode_util.hpp"

namespace iamc::plan {
namespace {

using namespace detail;

// "namespace:id" with the namespace lower-cased and its alias expanded (Frontier's
// ParseNamespaceAliasIfRequired); false when there is not exactly one ':'.
bool normalise_reference(std::string& text) {
  std::size_t colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) return false;
  // In place: every binding's principal and resource pass through here.
  for (std::size_t i = 0; i < colon; ++i) {
    char& c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"user", "app/user"},       {"group", "app/group"},     {"serviceuser", "app/serviceuser"},
      {"superuser", "app/superuser"}, {"pat", "app/pat"},     {"org", "app/organization"},
      {"organization", "app/organization"}, {"project", "app/project"}, {"platform", "app/platform"},
  };
  const std::string_view ns(text.data(), colon);
  for (auto [alias, full] : kAliases) {
    if (ns == alias) {
      text.replace(0, colon, full);
      break;
    }
  }
  return true;
}

class FrontierDecoder final : public StateDecoder {
 public:
  [[nodiscard]] model::TargetKind kind() const override { return model::TargetKind::Frontier; }
  [[nodiscard]] std::vector<std::string_view> list_keys() const override { return {"policies"}; }

  bool decode(const json::Value& body, const DecodeContext& ctx, Binding& out) const override {
    if (!require_object(body, ctx)) return false;
    // A Connect request wraps the policy in "body".
    const json::Value* wrapped = ctx.error ? nullptr : body.find("body");
    const json::Value& item = wrapped != nullptr ? *wrapped : body;
    if (!live_id(item, "id", ctx, out)) return false;
    std::string role;
    if (item.find("role_id") != nullptr || item.find("roleId") == nullptr) {
      if (!string_member(item, "role_id", true, ctx, ctx.path, role)) return false;
    } else if (!string_member(item, "roleId", true, ctx, ctx.path, role)) {
      return false;
    }
    std::string resource;
    std::string principal;
    if (!string_member(item, "resource", true, ctx, ctx.path, resource) ||
        !string_member(item, "principal", true, ctx, ctx.path, principal) ||
        (ctx.attributes && !string_member(item, "title", false, ctx, ctx.path, out.details().title))) {
      return false;
    }
    if (!normalise_reference(resource)) {
      return ctx.fail(*item.find("resource"), child_path(ctx.path, "resource"),
                      fmt::format("expected \"namespace:id\" with exactly one ':', found {:?}", resource));
    }
    if (!normalise_reference(principal)) {
      return ctx.fail(*item.find("principal"), child_path(ctx.path, "principal"),
                      fmt::format("expected \"namespace:id\" with exactly one ':', found {:?}", principal));
    }
    out.role_ref = role;
    if (ctx.role_names != nullptr) {
      auto it = ctx.role_names->find(role);
      if (it != ctx.role_names->end()) role = it->second;
    }
    out.role = role;
    std::size_t colon = principal.find(':');
    std::string_view pns = std::string_view(principal).substr(0, colon);
    out.principal_id.assign(principal, colon + 1);
    if (pns == "app/user") {
      out.principal_kind = model::PrincipalKind::User;
    } else if (pns == "app/group") {
      out.principal_kind = model::PrincipalKind::Group;
    } else if (pns == "app/serviceuser") {
      out.principal_kind = model::PrincipalKind::ServiceAccount;
    } else {
      out.details().inexpressible = fmt::format("the principal namespace {} has no iamc principal kind", pns);
    }
    bool ok = true;
    const json::Value* metadata =
        ctx.attributes ? member(item, "metadata", json::Kind::Object, false, ctx, ctx.path, ok) : nullptr;
    if (metadata != nullptr) {
      const std::string metadata_path = child_path(ctx.path, "metadata");
      if (const json::Value* labels = metadata->find("labels"); labels != nullptr && labels->is(json::Kind::Object)) {
        for (const json::Member& m : labels->members()) {
          if (m.value.is(json::Kind::String)) out.details().labels.emplace_back(m.key(), m.value.string());
        }
      }
      if (const json::Value* d = metadata->find("description"); d != nullptr && d->is(json::Kind::String)) {
        out.details().description = d->string();
      }
    }
    if (!ok) return false;
    out.scopes.push_back(resource);
    add_key(out.key, principal);
    add_key(out.key, out.role);
    add_key(out.key, resource);
    return true;
  }

  [[nodiscard]] bool privileged_on_widest(const Binding& b) const override {
    return catalog::catalog(kind()).is_privileged(b.role) && !b.scopes.empty() &&
           b.scopes[0].rfind("app/organization:", 0) == 0;
  }

  void source_form(const Binding& b, SourceForm& out) const override {
    std::string_view kind = b.principal_kind == model::PrincipalKind::Group          ? "group"
                            : b.principal_kind == model::PrincipalKind::ServiceAccount ? "service_account"
                                                                                        : "user";
    out.principal = fmt::format("{}({})", kind, dsl_string(b.principal_id));
    out.why_not = b.details().inexpressible;
    // A role the catalogue does not know is a custom role: its id written as it is, or, when
    // the roles file names it, declared with that name.
    if (catalog::catalog(model::TargetKind::Frontier).find_role(b.role) != nullptr) {
      out.role = b.role;
    } else if (b.role == b.role_ref) {
      out.role = dsl_string(b.role);
    } else {
      out.custom_role_id = b.role_ref;
      std::string name;
      for (char c : b.role) name.push_back((std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_');
      if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) name = "role_" + name;
      out.role = name;
    }
    out.has_scopes = true;
    const std::string& r = b.scopes[0];
    std::size_t colon = r.find(':');
    std::string_view ns = std::string_view(r).substr(0, colon);
    std::string_view id = std::string_view(r).substr(colon + 1);
    if (ns == "app/organization") {
      out.scopes.push_back(fmt::format("org({})", dsl_string(id)));
    } else if (ns == "app/project") {
      out.scopes.push_back(fmt::format("project({})", dsl_string(id)));
    } else if (ns == "app/group") {
      out.scopes.push_back(fmt::format("group({})", dsl_string(id)));
    } else {
      out.scopes.push_back(fmt::format("resource({})", dsl_string(r)));
    }
  }

  // One response holds every policy (the API has no pages); the roles list maps role ids to names.
  // With the Connect transport, the same lists are the ListPolicies and ListRoles calls.
  void list_request(const model::TargetInstance& target, std::string_view /*page_token*/, PlanRequest& out) const override {
    list_call(target, "policies", "ListPolicies", out);
  }

  bool roles_request(const model::TargetInstance& target, PlanRequest& out) const override {
    list_call(target, "roles", "ListRoles", out);
    return true;
  }

  static void list_call(const model::TargetInstance& target, std::string_view rest, std::string_view connect,
                        PlanRequest& out) {
    if (target.setting("transport") == "connect") {
      out.method = "POST";
      out.path = fmt::format("/raystack.frontier.v1beta1.FrontierService/{}", connect);
      out.content_type = "application/json";
      out.body = "{}";
      return;
    }
    out.method = "GET";
    out.path = fmt::format("/v1beta1/{}", rest);
    out.content_type.clear();
    out.body.clear();
  }

  void delete_request(const model::TargetInstance& target, const Binding& live, PlanRequest& out) const override {
    if (target.setting("transport") == "connect") {
      out.method = "POST";
      out.path = "/raystack.frontier.v1beta1.FrontierService/DeletePolicy";
      out.content_type = "application/json";
      out.body = "{\"id\":";
      backend::append_json_string(out.body, live.id);
      out.body += '}';
      return;
    }
    out.method = "DELETE";
    out.path = "/v1beta1/policies/" + path_segment(live.id);
    out.content_type.clear();
    out.accept.clear();
    out.body.clear();
  }
};

}  // namespace

const StateDecoder& frontier_state_decoder() {
  static const FrontierDecoder kDecoder;
  return kDecoder;
}

}  // namespace iamc::plan
