// `iamc who` and `iamc what` (docs/review.md): compile, query the access model, print.
#include "driver/commands.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "access/query.hpp"
#include "access/render.hpp"
#include "base/text.hpp"
#include "driver/review_common.hpp"

namespace iamc::driver {

int run_who(const WhoOptions& options) {
  access::ScopeQuery on;
  if (auto error = access::parse_scope_query(options.on, on)) {
    std::fprintf(stderr, "iamc who: --on: %s\n", display_text(*error).c_str());
    return kReviewUsage;
  }
  Compilation& c = compile_for_review(options.paths, options.jobs, false);
  if (report_errors(c, options.color)) return kReviewErrors;
  auto& model = make_until_exit<access::AccessModel>(c.model, c.project.sources);
  access::WhoQuery query{&on.scope, options.targets, options.role};
  auto& matches = make_until_exit<std::vector<access::Match>>(access::who(model, query));
  std::string heading = fmt::format("who has access to {}", options.on);
  if (!options.role.empty()) heading += fmt::format(" as {} or stronger", options.role);
  auto& out = make_until_exit<std::string>(options.format == "json"
                                                ? access::render_matches_json(model, "who", options.on, matches)
                                                : access::render_matches_text(model, heading, matches));
  return write_stdout(out) ? kReviewClean : kReviewUsage;
}

int run_what(const WhatOptions& options) {
  Compilation& c = compile_for_review(options.paths, options.jobs, false);
  if (report_errors(c, options.color)) return kReviewErrors;
  auto& model = make_until_exit<access::AccessModel>(c.model, c.project.sources);
  if (!model.knows_subject(options.subject)) {
    std::fprintf(stderr, "iamc what: --subject: no identity or let is named %s; name one, or give KIND:ID such as user:ID\n",
                 iamc::quoted(options.subject).c_str());
    return kReviewUsage;
  }
  auto& matches = make_until_exit<std::vector<access::Match>>(access::what(model, {options.subject, options.targets}));
  auto& out = make_until_exit<std::string>(
      options.format == "json" ? access::render_matches_json(model, "what", options.subject, matches)
                               : access::render_matches_text(model, fmt::format("what {} can do", options.subject), matches));
  return write_stdout(out) ? kReviewClean : kReviewUsage;
}

}  // namespace iamc::driver
