// `iamc test` for a terminal (see render.hpp).
#include <fmt/format.h>

#include "access/escape.hpp"
#include "base/text.hpp"
#include "testing/render.hpp"

namespace iamc::testing {
namespace {

std::string where(const access::Location& l) { return fmt::format("{}:{}:{}", display_text(l.file), l.line, l.column); }

}  // namespace

std::string render_results_text(const access::AccessModel& model, std::span<const CaseResult> results, bool color) {
  std::string out;
  std::size_t passed = 0;
  auto paint = [&](std::string_view code, std::string_view text) {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  };
  for (const CaseResult& r : results) {
    if (r.passed) ++passed;
    out += fmt::format("{}  {}  ({})\n", r.passed ? paint("32", "PASS") : paint("31", "FAIL"),
                       display_text(r.test->name), where(model.location(r.test->name_span)));
    for (const Failure& f : r.failures) {
      out += fmt::format("      expected  {}\n", display_text(f.expected));
      out += fmt::format("      found     {}\n", display_text(f.found));
      for (const access::Access& culprit : f.culprits) {
        const access::Access* a = &culprit;
        std::string causes;
        for (const access::Location& l : model.causes(*a)) causes += (causes.empty() ? "" : ", ") + where(l);
        out += fmt::format("        {} {} on {} in {}: {}\n", display_text(model.subject_name(*a->principal)),
                           display_text(a->role), display_text(model.scope_text(*a)),
                           model.target_name(a->target), causes);
      }
    }
  }
  std::size_t failed = results.size() - passed;
  out += fmt::format("{} {}, {} passed, {} failed\n", results.size(), results.size() == 1 ? "test" : "tests", passed,
                     failed);
  return out;
}

}  // namespace iamc::testing
