// The lint driver (see lint.hpp): the only place that knows about configuration and suppressions.
#include "lint/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "lint/registry.hpp"
#include "lint/suppression.hpp"

namespace iamc::lint {
namespace {

bool same_line(const SourceManager& sources, Span span, std::uint32_t line) {
  return span.valid() && sources.file(span.file).line_col(span.begin).line == line;
}

}  // namespace

std::string full_description(DiagCode code) {
  const Rule* rule = find_rule(diag_info(code).code);
  std::string text(diag_info(code).summary);
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (rule != nullptr) text += ". " + std::string(rule->rationale());
  return text;
}

LintResult run_lint(const LintContext& context, const Config& config, DiagnosticSink& sink) {
  LintResult result;
  std::vector<Suppression> suppressions = parse_suppressions(context.project, sink);
  const SourceManager& sources = context.project.sources;

  std::vector<const Rule*> rules;
  for (const auto& rule : all_rules()) {
    if (config.enabled(rule->code(), rule->enabled_by_default())) rules.push_back(rule.get());
  }
  std::vector<Findings> found;
  found.reserve(rules.size());
  for (const Rule* rule : rules) found.emplace_back(rule->code());
  // The longest rules first (the findings stay in rule order: found[i] is rules[i]'s).
  std::vector<std::size_t> order(rules.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return rules[i]->groups_every_grant(); });
  parallel_for(order.size(), context.threads, [&](std::size_t k) { rules[order[k]]->run(context, found[order[k]]); });
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule* rule = rules[i];
    Findings& findings = found[i];
    const Severity severity = config.severity(rule->code());
    const bool unsuppressible = config.is_unsuppressible(rule->code());
    for (Finding& f : findings.items()) {
      f.diagnostic.severity = severity;
      const Suppression* by = nullptr;
      SuppressedRule* entry = nullptr;
      for (Suppression& s : suppressions) {
        if (s.span.file != f.diagnostic.span.file) continue;
        bool here = s.whole_file || same_line(sources, f.statement, s.applies_to_line) ||
                    same_line(sources, f.diagnostic.span, s.applies_to_line);
        if (!here) continue;
        for (SuppressedRule& r : s.rules) {
          if (r.rule == rule->code()) {
            by = &s;
            entry = &r;
          }
        }
        if (by != nullptr) break;
      }
      if (by != nullptr && !unsuppressible) {
        entry->used = true;
        result.suppressed.push_back({std::move(f.diagnostic), std::string(by->reason)});
        continue;
      }
      if (by != nullptr) {
        entry->used = true;  // reported below as unsuppressible, not as unused
      }
      Diagnostic& d = sink.report(f.diagnostic.code, f.diagnostic.severity, f.diagnostic.span,
                                  std::move(f.diagnostic.message));
      d.notes = std::move(f.diagnostic.notes);
      d.fixes = std::move(f.diagnostic.fixes);
    }
  }

  for (const Suppression& s : suppressions) {
    for (const SuppressedRule& r : s.rules) {
      std::string_view name = diag_info(r.rule).slug;
      if (config.is_unsuppressible(r.rule)) {
        sink.report(DiagCode::UnsuppressibleRule, r.span,
                    fmt::format("{} may not be suppressed: the configuration lists it as unsuppressible",
                                iamc::quoted(name)))
            .notes.push_back({{}, "fix the finding instead, or ask the owners of .iamc.yaml"});
        continue;
      }
      const Rule* rule = find_rule(name);
      if (!r.used && rule != nullptr && config.enabled(r.rule, rule->enabled_by_default())) {
        sink.report(DiagCode::UnusedSuppression, r.span,
                    fmt::format("suppression of {} matches no finding", iamc::quoted(name)))
            .notes.push_back({{}, "remove it, so it cannot hide a future finding"});
      }
    }
  }
  return result;
}

}  // namespace iamc::lint
