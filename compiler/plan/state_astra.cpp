// Astra's live role bindings: GET /accounts/{account}/core/v1/roleBindings -> {"items": [...]}
// (flavours.md §4 and §6). A binding is one principal (userID or groupID; the other is the nil
// UUID) with a role and a set of role constraints.
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "plan/decode_util.hpp"

namespace iamc::plan {
namespace {

// Items per list page asked of the API (pull).
constexpr int kPageSize = 100;

using namespace detail;

constexpr std::string_view kNilUuid = "00000000-0000-0000-0000-000000000000";

class AstraDecoder final : public StateDecoder {
 public:
  [[nodiscard]] model::TargetKind kind() const override { return model::TargetKind::Astra; }
  [[nodiscard]] std::vector<std::string_view> list_keys() const override { return {"items"}; }

  bool decode(const json::Value& item, const DecodeContext& ctx, Binding& out) const override {
    if (item.is(json::Kind::Array)) {
      return ctx.fail(item, ctx.path,
                      "found an array where a role binding object was expected: list the bindings without "
                      "the `include` query parameter");
    }
    if (!require_object(item, ctx) || !live_id(item, "id", ctx, out)) return false;
    std::string user;
    std::string group;
    if (!string_member(item, "userID", false, ctx, ctx.path, user) ||
        !string_member(item, "groupID", false, ctx, ctx.path, group) ||
        !string_member(item, "role", true, ctx, ctx.path, out.role) ||
        !string_member(item, "accountID", true, ctx, ctx.path, out.org)) {
      return false;
    }
    if (user == kNilUuid) user.clear();
    if (group == kNilUuid) group.clear();
    if (user.empty() == group.empty()) {
      return ctx.fail(item, ctx.path, user.empty() ? "the binding has neither a userID nor a groupID"
                                                   : "the binding has both a userID and a groupID");
    }
    std::string_view account = ctx.target->setting("account");
    if (!account.empty() && out.org != account) {
      return ctx.fail(*item.find("accountID"), child_path(ctx.path, "accountID"),
                      fmt::format("the binding belongs to account {}, not to this instance's account {}", out.org,
                                  account));
    }
    out.principal_kind = user.empty() ? model::PrincipalKind::Group : model::PrincipalKind::User;
    out.principal_id = user.empty() ? group : user;
    bool present = false;
    if (!string_list_member(item, "roleConstraints", false, ctx, ctx.path, out.scopes, &present)) return false;
    if (!present) out.scopes = {"*"};  // the create default
    sort_unique(out.scopes);
    bool ok = true;
    const json::Value* metadata =
        ctx.attributes ? member(item, "metadata", json::Kind::Object, false, ctx, ctx.path, ok) : nullptr;
    if (metadata != nullptr) {
      const std::string metadata_path = child_path(ctx.path, "metadata");
      if (const json::Value* labels = member(*metadata, "labels", json::Kind::Array, false, ctx, metadata_path, ok)) {
        const std::string labels_path = child_path(metadata_path, "labels");
        json::for_each_element(ctx.document, ctx.base, *labels, [&](const json::Value& l, std::size_t i) {
          DecodeContext at = ctx;
          at.path = index_path(labels_path, i);
          std::string name;
          std::string value;
          ok = require_object(l, at) && string_member(l, "name", true, at, at.path, name) &&
               string_member(l, "value", true, at, at.path, value);
          if (ok) out.details().labels.emplace_back(std::move(name), std::move(value));
          return ok;
        });
      }
    }
    if (!ok) return false;
    add_key(out.key, user.empty() ? "group" : "user");
    add_key(out.key, out.principal_id);
    add_key(out.key, out.role);
    for (const std::string& s : out.scopes) add_key(out.key, s);
    return true;
  }

  [[nodiscard]] bool privileged_on_widest(const Binding& b) const override {
    // Astra applies constraints to member and viewer only: an owner or admin is account-wide.
    return catalog::catalog(kind()).is_privileged(b.role);
  }

  void source_form(const Binding& b, SourceForm& out) const override {
    out.principal = fmt::format("{}({})", b.principal_kind == model::PrincipalKind::User ? "user" : "group",
                                dsl_string(b.principal_id));
    out.role = dsl_role(b.role);
    out.has_scopes = true;
    if (b.scopes.empty()) out.why_not = "its roleConstraints list is empty (no access at all), which iamc cannot write";
    for (const std::string& c : b.scopes) {
      std::string_view s = c;
      auto quoted_value = [&](std::string_view prefix, std::string_view& value, bool& recursive) {
        if (s.rfind(prefix, 0) != 0) return false;
        std::string_view rest = s.substr(prefix.size());
        recursive = rest.size() >= 3 && rest.substr(rest.size() - 3) == "'.*";
        std::size_t cut = recursive ? 3 : 1;
        if (rest.size() < cut || rest[rest.size() - cut] != '\'') return false;
        value = rest.substr(0, rest.size() - cut);
        return value.find('\'') == std::string_view::npos;
      };
      std::string_view value;
      bool recursive = true;
      if (s == "*") {
        out.scopes.push_back("everything");
      } else if (s == "namespaces:*.*") {
        out.scopes.push_back("all_namespaces");
      } else if (s == "namespaces:*") {
        out.scopes.push_back("all_namespaces(recursive: false)");
      } else if (quoted_value("namespaces:id='", value, recursive)) {
        out.scopes.push_back(recursive ? fmt::format("namespace(id: {})", dsl_string(value))
                                       : fmt::format("namespace(id: {}, recursive: false)", dsl_string(value)));
      } else if (quoted_value("namespaces:kubernetesLabels='", value, recursive) && recursive) {
        out.scopes.push_back(fmt::format("namespace(label: {})", dsl_string(value)));
      } else {
        out.why_not = fmt::format("the role constraint {:?} has no iamc scope", c);
      }
    }
  }

  void recover_settings(const std::vector<Binding>& live, std::vector<std::pair<std::string, std::string>>& settings,
                        std::vector<std::string>& missing) const override {
    if (live.empty()) {
      missing.emplace_back("account (the account id in the list request's path: the state lists no binding to take it from)");
    } else {
      settings.emplace_back("account", live.front().org);  // every item's accountID was checked to agree
    }
  }

  // Pages: `limit` items each, the next one named by `metadata.continue` (astra.json
  // type_astra_metadata_list); without `include`, so items are objects.
  void list_request(const model::TargetInstance& target, std::string_view page_token, PlanRequest& out) const override {
    out.method = "GET";
    out.path = fmt::format("/accounts/{}/core/v1/roleBindings?limit={}", path_segment(target.setting("account")), kPageSize);
    if (!page_token.empty()) out.path += "&continue=" + path_segment(page_token);
    out.content_type.clear();
    out.body.clear();
  }

  [[nodiscard]] std::string next_page_token(const json::Value& page) const override {
    const json::Value* metadata = page.find("metadata");
    const json::Value* token = metadata != nullptr ? metadata->find("continue") : nullptr;
    return token != nullptr && token->is(json::Kind::String) ? token->string() : std::string();
  }

  void delete_request(const model::TargetInstance& target, const Binding& live, PlanRequest& out) const override {
    std::string_view account = live.org.empty() ? target.setting("account") : std::string_view(live.org);
    out.method = "DELETE";
    out.path = fmt::format("/accounts/{}/core/v1/roleBindings/{}", path_segment(account), path_segment(live.id));
    out.content_type.clear();
    out.accept.clear();
    out.body.clear();
  }
};

}  // namespace

const StateDecoder& astra_state_decoder() {
  static const AstraDecoder kDecoder;
  return kDecoder;
}

}  // namespace iamc::plan
