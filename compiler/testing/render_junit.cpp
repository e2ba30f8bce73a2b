// `iamc test --format junit` (see render.hpp): the JUnit XML CI dashboards read (GitLab, Jenkins,
// GitHub test reporters): one <testsuite> per test file, one <testcase> per case, a <failure>
// with the expectation, what was found and the grants responsible. Text is escaped with
// html_text, whose character references are XML's too, and which makes control characters
// visible (XML 1.0 cannot carry most of them at all).
#include <fmt/format.h>

#include <map>

#include "access/escape.hpp"
#include "testing/render.hpp"

namespace iamc::testing {
namespace {

using access::html_text;

std::string where(const access::Location& l) { return fmt::format("{}:{}:{}", l.file, l.line, l.column); }

}  // namespace

std::string render_results_junit(const access::AccessModel& model, std::span<const CaseResult> results) {
  // Files in the order their first case ran.
  std::vector<const TestFile*> files;
  std::map<const TestFile*, std::pair<std::size_t, std::size_t>> counts;  // tests, failures
  for (const CaseResult& r : results) {
    auto [it, inserted] = counts.emplace(r.file, std::pair<std::size_t, std::size_t>{0, 0});
    if (inserted) files.push_back(r.file);
    ++it->second.first;
    if (!r.passed) ++it->second.second;
  }
  std::size_t failed = 0;
  for (const CaseResult& r : results) failed += r.passed ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"iamc test\" tests=\"{}\" failures=\"{}\">\n", results.size(), failed);
  for (const TestFile* file : files) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", html_text(file->path),
                       counts[file].first, counts[file].second);
    for (const CaseResult& r : results) {
      if (r.file != file) continue;
      access::Location at = model.location(r.test->name_span);
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"", html_text(r.test->name),
                         html_text(file->path), html_text(at.file), at.line);
      if (r.passed) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      for (const Failure& f : r.failures) {
        // Escaped line by line: html_text shows a newline as \x0A.
        std::string body = html_text("expected " + f.expected) + "\n" + html_text("found " + f.found) + "\n";
        for (const access::Access& culprit : f.culprits) {
        const access::Access* a = &culprit;
          std::string causes;
          for (const access::Location& l : model.causes(*a)) causes += (causes.empty() ? "" : ", ") + where(l);
          body += html_text(fmt::format("  {} {} on {} in {}: {}", model.subject_name(*a->principal), a->role,
                                        model.scope_text(*a), model.target_name(a->target), causes)) + "\n";
        }
        out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                           html_text(fmt::format("expected {}", f.expected)),
                           r.problem.empty() ? "expectation" : "invalid-test", body);
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace iamc::testing
