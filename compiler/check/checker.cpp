// The checker's driver (see checker.hpp): target settings, then every grant, then every policy.
// Each area lives in its own file (check_*.cpp); this one also checks grant attributes and ids.
#include "check/checker.hpp"

#include <array>
#include <functional>
#include <unordered_map>

#include "base/edit_distance.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "check/check_context.hpp"

namespace iamc::check {

std::string Context::target_label(const model::TargetInstance& t) const {
  return iamc::quoted(fmt::format("{}.{}", model::target_kind_name(t.kind), t.name));
}

void Context::suggest(Diagnostic& d, std::string_view word, Span at,
                      std::span<const std::string_view> candidates) const {
  std::string_view guess = closest_match(word, candidates);
  if (guess.empty() || guess == word) return;
  d.notes.push_back({{}, fmt::format("did you mean {}?", iamc::quoted(guess))});
  d.fixes.push_back({at, std::string(guess)});
}

std::string or_list(std::span<const std::string_view> items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

namespace {

using catalog::TargetCatalog;

// From `grant` to the role: a one-line anchor for problems with the whole grant.
Span grant_head(const model::Binding& b) {
  if (b.role.span.valid() && b.role.span.file == b.span.file && b.role.span.end > b.span.begin) {
    return Span{b.span.file, b.span.begin, b.role.span.end};
  }
  return b.span;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void check_attribute(const Context& ctx, const model::TargetInstance& t, std::string_view name,
                     std::string_view value, Span span) {
  if (!span.valid()) return;
  const TargetCatalog& c = catalog::catalog(t.kind);
  const catalog::AttributeRule* rule = c.attribute(name);
  if (rule == nullptr) {
    std::vector<std::string_view> accepted;
    for (const auto& a : c.attributes) accepted.push_back(a.name);
    ctx.sink.report(DiagCode::AttributeNotSupported, span,
                    fmt::format("{} grants have no {} attribute{}", c.name, iamc::quoted(name),
                                accepted.empty() ? std::string()
                                                 : fmt::format(": {} accepts {}", c.name, or_list(accepted))));
    return;
  }
  if (name == "labels") return;
  if (rule->max_chars != 0 && code_points(value) > rule->max_chars) {
    ctx.sink.report(DiagCode::FieldTooLong, span,
                    fmt::format("the {} is {} characters long: {} allows at most {} for {}", name,
                                code_points(value), c.name, rule->max_chars, rule->wire));
    return;
  }
  if (rule->format != catalog::IdFormat::None && !catalog::matches(rule->format, value)) {
    ctx.sink.report(DiagCode::MalformedId, catalog::severity_for(rule->from.tag), span,
                    fmt::format("malformed {} grant {} {}: expected {}", c.name, name, iamc::quoted(value),
                                catalog::format_description(rule->format)));
  }
}

void check_labels(const Context& ctx, const model::TargetInstance& t, const model::Binding& b) {
  if (b.labels().empty()) return;
  check_attribute(ctx, t, "labels", {}, b.labels_span());
  if (catalog::catalog(t.kind).attribute("labels") == nullptr) return;
  for (std::size_t i = 0; i < b.labels().size(); ++i) {
    const model::Label& l = b.labels()[i];
    if (l.key.empty()) {
      ctx.sink.report(DiagCode::InvalidLabel, l.span, "a label needs a non-empty name");
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (b.labels()[j].key == l.key) {
        ctx.sink.report(DiagCode::InvalidLabel, l.span, fmt::format("label {} is given twice", iamc::quoted(l.key)))
            .notes.push_back({b.labels()[j].span, "first given here"});
        break;
      }
    }
  }
}

// k0rdent sends a grant's org twice: as scope.resource of an org scope and as orgId (the grant's
// `org` attribute, else the instance's `org` setting). `on org("org-a")` with orgId "org-b" asks
// for org-a's access inside org-b: a contradictory request nobody means.
void check_org_matches(const Context& ctx, const model::TargetInstance& t, const model::Binding& b) {
  if (t.kind != model::TargetKind::K0rdent) return;
  const bool from_grant = !b.org().empty();
  std::string_view org = from_grant ? b.org() : t.setting("org");
  if (org.empty()) return;
  for (const model::Scope& s : b.scopes) {
    if (s.kind != model::ScopeKind::Org || s.id.empty() || s.id == org) continue;
    auto& d = ctx.sink.report(DiagCode::OrgMismatch, s.id_span.valid() ? s.id_span : s.span,
                              fmt::format("grant on org {} would be sent with orgId {}", iamc::quoted(s.id),
                                          iamc::quoted(org)));
    d.notes.push_back({from_grant ? b.org_span() : t.setting_span("org"),
                       fmt::format("orgId {} comes from here; make the two agree", iamc::quoted(org))});
  }
}

void check_binding(const Context& ctx, const model::Binding& b) {
  const model::TargetInstance& t = ctx.target(b.target);
  const TargetCatalog& c = catalog::catalog(t.kind);
  if (c.form == catalog::Form::Policy) {
    auto& d = ctx.sink.report(DiagCode::GrantNotSupported, grant_head(b),
                              fmt::format("{} takes policies, not grants", c.name));
    d.notes.push_back({{}, "write a policy: policy ID { name = \"...\" members = [...] allow ROLE on tenant(\"...\") }"});
    return;
  }
  check_role(ctx, t, b.role);
  for (const model::Principal& p : b.principals) check_principal(ctx, t, p);
  if (c.scope_required && !b.has_scopes) {
    ctx.sink.report(DiagCode::MissingScope, grant_head(b),
                    fmt::format("{} grants need a scope: add 'on' with one of {}", c.name, c.scope_kind_list()));
  }
  for (const model::Scope& s : b.scopes) check_scope(ctx, t, s);
  check_role_on_scopes(ctx, t, b);
  check_attribute(ctx, t, "id", b.id, b.id_span);
  check_attribute(ctx, t, "title", b.title(), b.title_span());
  check_attribute(ctx, t, "description", b.description(), b.description_span());
  check_attribute(ctx, t, "org", b.org(), b.org_span());
  check_labels(ctx, t, b);
  check_org_matches(ctx, t, b);
}

// Grant ids name output files and k0rdent policies: two equal ids in one instance would collide.
// Where the id travels in the body (k0rdent), a grant that expands to several requests would
// send the same id several times, and the API would reject all but the first.
void check_duplicate_ids(const Context& ctx) {
  std::vector<std::unordered_map<std::string_view, Span>> per_target(ctx.model.targets.size());
  for (const model::Binding& b : ctx.model.bindings) {
    if (!b.id_span.valid() || b.id.empty()) continue;
    const model::TargetInstance& t = ctx.target(b.target);
    const catalog::AttributeRule* id_rule = catalog::catalog(t.kind).attribute("id");
    std::size_t requests = b.principals.size() * std::max<std::size_t>(1, b.scopes.size());
    if (id_rule != nullptr && !id_rule->wire.empty() && requests > 1) {
      ctx.sink
          .report(DiagCode::IdOnExpandedGrant, b.id_span,
                  fmt::format("id {} would be sent in {} requests ({} principal{} x {} scope{})", iamc::quoted(b.id),
                              requests, b.principals.size(), b.principals.size() == 1 ? "" : "s",
                              std::max<std::size_t>(1, b.scopes.size()), b.scopes.size() <= 1 ? "" : "s"))
          .notes.push_back({{}, "give the id to a grant of one principal on one scope, or drop it and let the "
                                "server generate ids"});
    }
    auto [it, fresh] = per_target[b.target].emplace(b.id, b.id_span);
    if (fresh) continue;
    ctx.sink
        .report(DiagCode::DuplicateId, b.id_span,
                fmt::format("id {} is used twice in target {}", iamc::quoted(b.id), ctx.target_label(ctx.target(b.target))))
        .notes.push_back({it->second, "first used here"});
  }
}

}  // namespace

// Grants are checked one by one, reading only the model and the catalogues, so contiguous ranges
// of them can be checked on several threads, each range reporting to its own sink. The checks
// across grants (duplicate ids), the policies and the text checks read the model and the
// sources only too: they run beside the ranges, each into its own sink, and are started first
// because each is one long task. The sinks are appended in the order one thread reports in.
void check_model(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink, int jobs) {
  Context ctx{model, sink};
  check_targets(ctx);
  const auto& bindings = model.bindings;
  const unsigned threads = thread_count(jobs);
  constexpr std::size_t kMinRange = 1024;  // below this, starting a thread costs more than it saves
  const std::size_t ranges = std::min<std::size_t>(std::size_t{threads} * 8, bindings.size() / kMinRange);
  // The whole-model checks, in the order they report after the grants.
  const std::array<std::function<void(const Context&)>, 3> whole = {
      check_duplicate_ids, check_policies, [&sources](const Context& c) { check_text(c.model, sources, c.sink); }};
  if (threads <= 1 || ranges <= 1) {
    for (const model::Binding& b : bindings) check_binding(ctx, b);
    for (const auto& check : whole) check(ctx);
    return;
  }
  // Tasks: the whole-model checks first, then the ranges; sinks[task] is each one's.
  std::vector<DiagnosticSink> sinks(whole.size() + ranges);
  parallel_for(sinks.size(), threads, [&](std::size_t task) {
    Context task_ctx{model, sinks[task]};
    if (task < whole.size()) return whole[task](task_ctx);
    const std::size_t r = task - whole.size();
    const std::size_t begin = bindings.size() * r / ranges;
    const std::size_t end = bindings.size() * (r + 1) / ranges;
    for (std::size_t i = begin; i < end; ++i) check_binding(task_ctx, bindings[i]);
  });
  for (std::size_t r = 0; r < ranges; ++r) sink.absorb(std::move(sinks[whole.size() + r]));
  for (std::size_t w = 0; w < whole.size(); ++w) sink.absorb(std::move(sinks[w]));
}

}  // namespace iamc::check
