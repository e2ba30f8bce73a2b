// k0rdent's live policies: a JSON array of Policy objects as the create response shapes them,
// or an object holding that array under "items" or "policies" (flavours.md §1 and §6). There is
// no update: a change is a delete and a create.
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "plan/decode_util.hpp"

namespace iamc::plan {
namespace {

// Items per list page asked of the API (pull).
constexpr int kPageSize = 500;

using namespace detail;

class K0rdentDecoder final : public StateDecoder {
 public:
  [[nodiscard]] model::TargetKind kind() const override { return model::TargetKind::K0rdent; }
  [[nodiscard]] std::vector<std::string_view> list_keys() const override { return {"items", "policies"}; }
  [[nodiscard]] bool accepts_bare_array() const override { return true; }

  bool decode(const json::Value& item, const DecodeContext& ctx, Binding& out) const override {
    if (!require_object(item, ctx) || !live_id(item, "id", ctx, out) ||
        !string_member(item, "role", true, ctx, ctx.path, out.role) ||
        !string_member(item, "orgId", false, ctx, ctx.path, out.org) ||
        (ctx.attributes && (!string_member(item, "displayName", false, ctx, ctx.path, out.details().title) ||
                            !string_member(item, "description", false, ctx, ctx.path, out.details().description)))) {
      return false;
    }
    bool ok = true;
    const json::Value* principal = member(item, "principal", json::Kind::Object, true, ctx, ctx.path, ok);
    const json::Value* scope = ok ? member(item, "scope", json::Kind::Object, true, ctx, ctx.path, ok) : nullptr;
    if (!ok) return false;
    const JsonPath principal_path(ctx.path, "principal");
    const JsonPath scope_path(ctx.path, "scope");
    // The scope as [type, resource, resource as listed] (see source_form), read in place.
    out.scopes.resize(3);
    std::string& stype = out.scopes[0];
    std::string& resource = out.scopes[1];
    std::string& listed = out.scopes[2];
    std::string ptype;
    if (!string_member(*principal, "type", true, ctx, principal_path, ptype) ||
        !string_member(*principal, "id", true, ctx, principal_path, out.principal_id) ||
        !string_member(*scope, "type", true, ctx, scope_path, stype) ||
        !string_member(*scope, "resource", false, ctx, scope_path, listed)) {
      return false;
    }
    if (ptype == "user") {
      out.principal_kind = model::PrincipalKind::User;
    } else if (ptype == "group") {
      out.principal_kind = model::PrincipalKind::Group;
    } else if (ptype == "serviceAccount") {
      out.principal_kind = model::PrincipalKind::ServiceAccount;
    } else {
      return ctx.fail(*principal->find("type"), JsonPath(principal_path, "type").str(),
                      fmt::format("unknown principal type {:?}: expected user, group or serviceAccount", ptype));
    }
    if (stype != "org" && stype != "project" && stype != "resource") {
      return ctx.fail(*scope->find("type"), JsonPath(scope_path, "type").str(),
                      fmt::format("unknown scope type {:?}: expected org, project or resource", stype));
    }
    // An org-level scope without a resource is the policy's org: its orgId, else the instance's.
    if (stype == "org" && listed.empty()) {
      resource = out.org.empty() ? ctx.target->setting("org") : out.org;
    } else {
      resource = listed;
    }
    add_key(out.key, ptype);
    add_key(out.key, out.principal_id);
    add_key(out.key, out.role);
    add_key(out.key, stype);
    add_key(out.key, resource);
    return true;
  }

  [[nodiscard]] bool privileged_on_widest(const Binding& b) const override {
    return catalog::catalog(kind()).is_privileged(b.role) && !b.scopes.empty() && b.scopes[0] == "org";
  }

  void source_form(const Binding& b, SourceForm& out) const override {
    std::string_view kind = b.principal_kind == model::PrincipalKind::Group          ? "group"
                            : b.principal_kind == model::PrincipalKind::ServiceAccount ? "service_account"
                                                                                        : "user";
    out.principal = fmt::format("{}({})", kind, dsl_string(b.principal_id));
    out.role = dsl_role(b.role);
    out.has_scopes = true;
    const std::string& raw = b.scopes[2];  // the resource as listed, before the org default
    if (b.scopes[0] == "org") {
      out.scopes.push_back(raw.empty() ? std::string("everything") : fmt::format("org({})", dsl_string(raw)));
    } else if (raw.empty()) {
      out.why_not = fmt::format("its {} scope has no resource", b.scopes[0]);
    } else {
      out.scopes.push_back(fmt::format("{}({})", b.scopes[0], dsl_string(raw)));
    }
  }

  void recover_settings(const std::vector<Binding>& live, std::vector<std::pair<std::string, std::string>>& settings,
                        std::vector<std::string>&) const override {
    // The instance's org when every policy names the same one; otherwise each grant keeps its own.
    if (live.empty() || live.front().org.empty()) return;
    for (const Binding& b : live) {
      if (b.org != live.front().org) return;
    }
    settings.emplace_back("org", live.front().org);
  }

  // Pages: `pageSize` items, the next one named by `nextPageToken`; `orgId` when the target sets one.
  void list_request(const model::TargetInstance& target, std::string_view page_token, PlanRequest& out) const override {
    out.method = "GET";
    out.path = fmt::format("/v1/regions/global/iam/policies?pageSize={}", kPageSize);
    if (std::string_view org = target.setting("org"); !org.empty()) out.path += "&orgId=" + path_segment(org);
    if (!page_token.empty()) out.path += "&pageToken=" + path_segment(page_token);
    out.content_type.clear();
    out.body.clear();
  }

  [[nodiscard]] std::string next_page_token(const json::Value& page) const override {
    const json::Value* token = page.find("nextPageToken");
    return token != nullptr && token->is(json::Kind::String) ? token->string() : std::string();
  }

  void delete_request(const model::TargetInstance&, const Binding& live, PlanRequest& out) const override {
    out.method = "DELETE";
    out.path = "/v1/regions/global/iam/policies/" + path_segment(live.id);
    out.content_type.clear();
    out.accept.clear();
    out.body.clear();
  }
};

}  // namespace

const StateDecoder& k0rdent_state_decoder() {
  static const K0rdentDecoder kDecoder;
  return kDecoder;
}

}  // namespace iamc::plan
