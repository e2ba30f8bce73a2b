// Shared by the review commands (see review_common.hpp).
#include "driver/review_common.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "diagnostics/render.hpp"

namespace iamc::driver {

bool stderr_color(const std::string& color) {
  return color == "always" || (color == "auto" && isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr);
}

Compilation& compile_for_review(const std::vector<std::string>& paths, int jobs, bool lint) {
  frontend::LoadOptions load;
  load.paths = paths;
  load.jobs = jobs;
  using pipeline::SyntaxTrees;
  if (lint) return pipeline::keep_until_exit(pipeline::check_sources(std::move(load), pipeline::LintOptions{}, SyntaxTrees::Release));
  return pipeline::keep_until_exit(pipeline::compile_sources(load, SyntaxTrees::Release));
}

bool report_errors(Compilation& c, const std::string& color, const std::string& heading) {
  if (!c.sink.has_errors()) return false;
  c.sink.sort_and_dedupe();
  std::string out = heading.empty() ? std::string() : heading + '\n';
  RunSummary summary = c.summary();
  out += render_text(c.sink, c.project.sources, TextStyle{stderr_color(color)}, &summary);
  std::fwrite(out.data(), 1, out.size(), stderr);
  return true;
}

bool write_stdout(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "iamc: cannot write to standard output: %s\n", std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace iamc::driver
