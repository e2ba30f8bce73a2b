// `iamc test --format json` (see render.hpp; the schema is in docs/tests.md). 2-space
// indentation, a final newline; `version` changes only if the schema changes incompatibly.
#include <fmt/format.h>

#include "access/escape.hpp"
#include "testing/render.hpp"

namespace iamc::testing {
namespace {

using access::json_string;

std::string location_json(const access::Location& l) {
  return fmt::format("{{\"file\": {}, \"line\": {}, \"column\": {}}}", json_string(l.file), l.line, l.column);
}

}  // namespace

std::string render_results_json(const access::AccessModel& model, std::span<const CaseResult> results) {
  std::size_t passed = 0;
  for (const CaseResult& r : results) passed += r.passed ? 1 : 0;
  std::string out = fmt::format("{{\n  \"version\": 1,\n  \"tests\": {},\n  \"passed\": {},\n  \"failed\": {},\n  \"cases\": [",
                                results.size(), passed, results.size() - passed);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CaseResult& r = results[i];
    out += i == 0 ? "\n" : ",\n";
    out += fmt::format("    {{\n      \"name\": {},\n      \"location\": {},\n      \"status\": \"{}\",\n      \"always\": {},\n",
                       json_string(r.test->name), location_json(model.location(r.test->name_span)),
                       r.passed ? "pass" : "fail", r.test->always ? "true" : "false");
    out += "      \"answer\": [";
    for (std::size_t j = 0; j < r.answer.size(); ++j) out += (j == 0 ? "" : ", ") + json_string(r.answer[j]);
    out += "],\n      \"failures\": [";
    for (std::size_t j = 0; j < r.failures.size(); ++j) {
      const Failure& f = r.failures[j];
      out += j == 0 ? "\n" : ",\n";
      out += fmt::format("        {{\"expected\": {}, \"found\": {}, \"grants\": [", json_string(f.expected), json_string(f.found));
      for (std::size_t k = 0; k < f.culprits.size(); ++k) {
        const access::Access& a = f.culprits[k];
        out += k == 0 ? "\n" : ",\n";
        out += fmt::format("          {{\"target\": {}, \"subject\": {}, \"role\": {}, \"scope\": {}, \"sources\": [",
                           json_string(model.target_name(a.target)), json_string(model.subject_name(*a.principal)),
                           json_string(a.role), json_string(model.scope_text(a)));
        std::vector<access::Location> causes = model.causes(a);
        for (std::size_t c = 0; c < causes.size(); ++c) out += (c == 0 ? "" : ", ") + location_json(causes[c]);
        out += "]}";
      }
      out += f.culprits.empty() ? "]}" : "\n        ]}";
    }
    out += r.failures.empty() ? "]\n    }" : "\n      ]\n    }";
  }
  out += results.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace iamc::testing
