// `iamc test` (docs/tests.md): compile the sources, read the *.iamtest.yaml files found with them,
// run every case (or those -k selects) and print the results as a test runner does.
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>

#include "access/access.hpp"
#include "base/text.hpp"
#include "diagnostics/render.hpp"
#include "driver/checked_io.hpp"
#include "driver/commands.hpp"
#include "driver/review_common.hpp"
#include "testing/render.hpp"
#include "testing/run.hpp"

namespace iamc::driver {
namespace {

constexpr int kTestsPassed = 0;
constexpr int kTestsFailed = 1;
constexpr int kTestsUsage = 2;

bool stdout_color(const std::string& color) {
  return color == "always" || (color == "auto" && isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr);
}

bool selected(const testing::Case& test, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  return std::any_of(filters.begin(), filters.end(),
                     [&](const std::string& f) { return test.name.find(f) != std::string_view::npos; });
}

}  // namespace

int run_test(const TestOptions& options) {
  frontend::LoadOptions load;
  load.paths = options.paths;
  load.jobs = options.jobs;
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  lint_options.run_rules = false;   // the tests ask about access, not style
  lint_options.invariants = false;  // every case runs below, `always` ones included
  Compilation& c = pipeline::keep_until_exit(
      pipeline::check_sources(std::move(load), lint_options, pipeline::SyntaxTrees::Release));
  // The test files' problems are kept apart: they are the tests' fault (exit 2), not the sources'.
  DiagnosticSink test_sink;
  const lint::Config* config = &c.config;
  testing::TestSuite suite = testing::load_test_files(
      options.paths, c.project.sources, test_sink, [config](const std::filesystem::path& p) { return config->excluded(p); });
  if (report_errors(c, options.color)) return kTestsFailed;
  if (test_sink.has_errors()) {
    test_sink.sort_and_dedupe();
    std::string out = render_text(test_sink, c.project.sources, TextStyle{stderr_color(options.color)}, nullptr);
    std::fwrite(out.data(), 1, out.size(), stderr);
    return kTestsUsage;
  }
  if (suite.files.empty()) {
    std::fprintf(stderr, "iamc test: no *.iamtest.yaml files in the given paths; write one next to the sources "
                         "(docs/tests.md)\n");
    return kTestsUsage;
  }
  access::AccessModel model(c.model, c.project.sources);
  testing::Runner runner(model);
  std::vector<testing::CaseResult> results;
  for (const testing::TestFile& file : suite.files) {
    for (const testing::Case& test : file.cases) {
      if (selected(test, options.filters)) results.push_back(runner.run(file, test));
    }
  }
  if (results.empty()) {
    std::string which = "in the test files";
    if (!options.filters.empty()) {
      which = "has a name containing ";
      for (std::size_t i = 0; i < options.filters.size(); ++i) {
        which += (i == 0 ? "" : " or ") + iamc::quoted(options.filters[i]);
      }
    }
    std::fprintf(stderr, "iamc test: no test case %s\n", which.c_str());
    return kTestsUsage;
  }
  std::string out = options.format == "json"    ? testing::render_results_json(model, results)
                    : options.format == "junit" ? testing::render_results_junit(model, results)
                                                : testing::render_results_text(model, results, stdout_color(options.color));
  if (!write_stdout(out)) return kTestsUsage;
  bool failed = std::any_of(results.begin(), results.end(), [](const testing::CaseResult& r) { return !r.passed; });
  return failed ? kTestsFailed : kTestsPassed;
}

}  // namespace iamc::driver
