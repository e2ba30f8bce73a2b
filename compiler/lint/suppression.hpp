// Inline suppressions, parsed and applied in one place:
//   # iamc-ignore: rule[, rule] -- reason        on the finding's line, or alone on the line above
//   # iamc-ignore-file: rule[, rule] -- reason   anywhere in the file
// `//` works as well as `#`. A reason is required.
#pragma once

#include <string_view>
#include <vector>

#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"

namespace iamc::lint {

struct SuppressedRule {
  DiagCode rule;
  Span span;  ///< the rule's name in the comment
  bool used = false;
};

struct Suppression {
  Span span;                   ///< the whole comment
  bool whole_file = false;
  std::uint32_t applies_to_line = 0;  ///< 1-based; for line suppressions
  std::vector<SuppressedRule> rules;
  std::string_view reason;
};

/// Finds every iamc-ignore comment of the project, reporting malformed ones (L901) and unknown
/// rule names (L902).
std::vector<Suppression> parse_suppressions(const frontend::Project& project, DiagnosticSink& sink);

/// The comments of one file as spans, as its front end recorded them.
std::vector<Span> comment_spans(const SourceFile& source, const ast::File& file);

}  // namespace iamc::lint
