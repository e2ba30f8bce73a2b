// Parsing iamc-ignore comments (see suppression.hpp).
#include "lint/suppression.hpp"

#include <fmt/format.h>

#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "lint/registry.hpp"

namespace iamc::lint {
namespace {

constexpr std::string_view kMarker = "iamc-ignore";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<Span> comment_spans(const SourceFile&, const ast::File& file) {
  // Both front ends record comments (the YAML reader's pre-scan finds them), so nothing is rescanned.
  std::vector<Span> out;
  out.reserve(file.comments.size());
  for (const ast::Comment& c : file.comments) out.push_back(c.span);
  return out;
}

std::vector<Suppression> parse_suppressions(const frontend::Project& project, DiagnosticSink& sink) {
  std::vector<Suppression> out;
  std::vector<std::string_view> rule_names;
  for (const auto& r : all_rules()) rule_names.push_back(diag_info(r->code()).slug);

  for (const ast::File& file : project.files) {
    const SourceFile& source = project.sources.file(file.file);
    std::string_view text = source.text();
    for (Span c : comment_spans(source, file)) {
      std::string_view comment = text.substr(c.begin, c.end - c.begin);
      std::size_t body_at = comment.front() == '#' ? 1 : 2;
      std::string_view body = trim(comment.substr(body_at));
      if (body.substr(0, kMarker.size()) != kMarker) continue;
      const auto offset_of = [&](std::string_view part) {
        return static_cast<std::uint32_t>(part.data() - text.data());
      };
      Suppression s;
      s.span = c;
      std::string_view rest = body.substr(kMarker.size());
      if (rest.substr(0, 5) == "-file") {
        s.whole_file = true;
        rest.remove_prefix(5);
      }
      if (rest.empty() || rest.front() != ':') {
        sink.report(DiagCode::MalformedSuppression, c,
                    "malformed suppression: expected 'iamc-ignore: RULE[, RULE] -- REASON'");
        continue;
      }
      rest.remove_prefix(1);
      std::size_t dashes = rest.find("--");
      std::string_view names = dashes == std::string_view::npos ? rest : rest.substr(0, dashes);
      std::string_view reason = dashes == std::string_view::npos ? std::string_view{} : trim(rest.substr(dashes + 2));
      if (reason.empty()) {
        sink.report(DiagCode::MalformedSuppression, c, "suppression lacks a reason")
            .notes.push_back({{}, "say why after '--', e.g. # iamc-ignore: duplicate-grant -- kept for the migration"});
        continue;
      }
      s.reason = reason;
      bool bad = false;
      while (!names.empty()) {
        std::size_t comma = names.find(',');
        std::string_view raw = comma == std::string_view::npos ? names : names.substr(0, comma);
        names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
        std::string_view name = trim(raw);
        if (name.empty()) continue;
        Span name_span{file.file, offset_of(name), offset_of(name) + static_cast<std::uint32_t>(name.size())};
        const Rule* rule = find_rule(name);
        if (rule == nullptr) {
          auto& d = sink.report(DiagCode::UnknownSuppressedRule, name_span,
                                fmt::format("unknown lint rule {} in suppression", iamc::quoted(name)));
          std::string_view guess = closest_match(name, rule_names);
          if (!guess.empty()) {
            d.notes.push_back({{}, fmt::format("did you mean {}?", iamc::quoted(guess))});
            d.fixes.push_back({name_span, std::string(guess)});
          }
          bad = true;
          continue;
        }
        s.rules.push_back({rule->code(), name_span, false});
      }
      if (s.rules.empty()) {
        if (!bad) sink.report(DiagCode::MalformedSuppression, c, "suppression names no rule");
        continue;
      }
      // A comment alone on its line applies to the next line; a trailing one to its own line.
      LineCol lc = source.line_col(c.begin);
      std::string_view before = source.line_text(lc.line).substr(0, c.begin - source.line_start(lc.line));
      s.applies_to_line = trim(before).empty() ? lc.line + 1 : lc.line;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace iamc::lint
