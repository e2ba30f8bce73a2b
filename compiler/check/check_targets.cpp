// Target instances: settings (known, required, valid values) and custom role declarations.
#include <algorithm>

#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {
namespace {

using catalog::IdFormat;
using catalog::TargetCatalog;

void check_settings(const Context& ctx, const model::TargetInstance& t) {
  const TargetCatalog& c = catalog::catalog(t.kind);
  std::vector<std::string_view> keys;
  for (const auto& s : c.settings) keys.push_back(s.key);
  for (std::size_t i = 0; i < t.settings.size(); ++i) {
    const auto& [key, value] = t.settings[i];
    Span key_span = i < t.setting_key_spans.size() ? t.setting_key_spans[i] : Span{};
    if (!key_span.valid() && value != nullptr) key_span = value->span;
    const catalog::SettingRule* rule = c.setting(key);
    if (rule == nullptr) {
      auto& d = ctx.sink.report(DiagCode::UnknownTargetSetting, key_span,
                                keys.empty() ? fmt::format("unknown setting {}: {} takes no settings",
                                                           iamc::quoted(key), c.name)
                                             : fmt::format("unknown setting {} for {}: expected {}",
                                                           iamc::quoted(key), c.name, or_list(keys)));
      ctx.suggest(d, key, key_span, keys);
      continue;
    }
    if (value == nullptr) continue;
    if (value->kind != ast::Expr::Kind::String) {
      ctx.sink.report(DiagCode::InvalidSetting, value->span,
                      fmt::format("the {} setting must be a quoted string", key));
      continue;
    }
    std::string_view text = value->text;
    if (!rule->values.empty()) {
      std::vector<std::string_view> allowed(rule->values.begin(), rule->values.end());
      if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
        auto& d = ctx.sink.report(DiagCode::InvalidSetting, value->span,
                                  fmt::format("invalid {} {} for {}: expected {}", key, iamc::quoted(text),
                                              c.name, or_list(allowed)));
        Span inner = value->span.size() >= 2 ? Span{value->span.file, value->span.begin + 1, value->span.end - 1}
                                             : value->span;
        ctx.suggest(d, text, inner, allowed);
      }
    } else if (!catalog::matches(rule->format, text)) {
      ctx.sink.report(DiagCode::InvalidSetting, catalog::severity_for(rule->from.tag), value->span,
                      fmt::format("invalid {} {} for {}: expected {}", key, iamc::quoted(text), c.name,
                                  catalog::format_description(rule->format)));
    }
  }
  for (const auto& rule : c.settings) {
    if (!rule.required) continue;
    bool present = std::any_of(t.settings.begin(), t.settings.end(), [&](const auto& s) { return s.first == rule.key; });
    if (present) continue;
    auto& d = ctx.sink.report(DiagCode::MissingSetting, t.name_span,
                              fmt::format("target {} has no {} setting, which {} requires", ctx.target_label(t),
                                          rule.key, c.name));
    d.notes.push_back({{}, fmt::format("add it to the target: {} = \"...\" ({})", rule.key,
                                       catalog::format_description(rule.format))});
  }
}

// `level = ROLE` places a custom role in the target's role order: ROLE must be a catalogue role
// with a rank (Astra and Redpanda document an order; the others have none to place it in).
void check_level(const Context& ctx, const TargetCatalog& c, const model::CustomRole& r) {
  std::vector<std::string_view> ranked;
  for (const auto& role : c.roles) {
    if (role.rank > 0) ranked.push_back(role.name);
  }
  if (ranked.empty()) {
    ctx.sink.report(DiagCode::InvalidCustomRole, r.level_span,
                    fmt::format("{} has no role order to place role {} in: remove 'level' (say "
                                "'privileged = true' for an admin-class role)",
                                c.name, iamc::quoted(r.name)));
    return;
  }
  if (c.role_rank(r.level) > 0) return;
  auto& d = ctx.sink.report(DiagCode::InvalidCustomRole, r.level_span,
                            fmt::format("level {} of role {} is not in the {} role order: expected {}",
                                        iamc::quoted(r.level), iamc::quoted(r.name), c.name, or_list(ranked)));
  ctx.suggest(d, r.level, r.level_span, ranked);
}

void check_custom_roles(const Context& ctx, const model::TargetInstance& t) {
  const TargetCatalog& c = catalog::catalog(t.kind);
  for (const model::CustomRole& r : t.roles) {
    if (!c.custom_roles) {
      std::vector<std::string_view> names;
      for (const auto& role : c.roles) names.push_back(role.name);
      ctx.sink.report(DiagCode::InvalidCustomRole, r.span,
                      fmt::format("{} has a fixed set of roles ({}): role {} cannot be declared", c.name,
                                  or_list(names), iamc::quoted(r.name)));
      continue;
    }
    if (c.find_role(r.name) != nullptr) {
      ctx.sink.report(DiagCode::InvalidCustomRole, r.span,
                      fmt::format("role {} is built into {}: do not declare it", iamc::quoted(r.name), c.name));
      continue;
    }
    if (!r.level.empty()) check_level(ctx, c, r);
    if (c.custom_role_id == IdFormat::None) {
      if (!r.id.empty()) {
        ctx.sink.report(DiagCode::InvalidCustomRole, r.span,
                        fmt::format("{} custom roles take no id: declare it as role {}", c.name, r.name));
      }
      continue;
    }
    if (r.id.empty()) {
      ctx.sink.report(DiagCode::InvalidCustomRole, r.span,
                      fmt::format("custom {} role {} needs its id: role {} = \"<{}>\"", c.name,
                                  iamc::quoted(r.name), r.name, catalog::format_name(c.custom_role_id)));
    } else if (!catalog::matches(c.custom_role_id, r.id)) {
      ctx.sink.report(DiagCode::MalformedId, catalog::severity_for(c.custom_roles_from.tag), r.span,
                      fmt::format("malformed {} role id {} for role {}: expected {}", c.name, iamc::quoted(r.id),
                                  iamc::quoted(r.name), catalog::format_description(c.custom_role_id)));
    }
  }
}

}  // namespace

void check_targets(const Context& ctx) {
  for (const model::TargetInstance& t : ctx.model.targets) {
    check_settings(ctx, t);
    check_custom_roles(ctx, t);
  }
}

}  // namespace iamc::check
