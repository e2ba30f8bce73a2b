// `iamc report` (docs/review.md): check and lint, then write the report atomically.
#include "driver/commands.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "access/render.hpp"
#include "base/text.hpp"
#include "driver/review_common.hpp"

namespace iamc::driver {
namespace {

// Writes beside the destination and renames, so a reader never sees half a report.
bool write_atomically(const std::string& path, const std::string& text) {
  std::string temp = path + ".iamc-tmp";
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (ok && std::rename(temp.c_str(), path.c_str()) == 0) return true;
  int saved = errno;
  std::remove(temp.c_str());
  errno = saved;
  return false;
}

}  // namespace

int run_report(const ReportOptions& options) {
  Compilation& c = compile_for_review(options.paths, options.jobs, true);
  if (report_errors(c, options.color)) return kReviewErrors;
  access::AccessModel model(c.model, c.project.sources);
  std::string title;
  for (const std::string& p : options.paths) title += (title.empty() ? "" : " ") + p;
  access::ReportInput input{&model, c.lint.suppressed, &c.project.sources, title};
  std::string out = options.format == "csv" ? access::render_report_csv(input) : access::render_report_html(input);
  if (options.output == "-") return write_stdout(out) ? kReviewClean : kReviewUsage;
  if (!write_atomically(options.output, out)) {
    std::fprintf(stderr, "iamc report: cannot write %s: %s\n", iamc::quoted(options.output).c_str(), std::strerror(errno));
    return kReviewUsage;
  }
  return kReviewClean;
}

}  // namespace iamc::driver
