// `iamc diff` (docs/review.md): materialise each side, compile it there, diff the access.
#include "driver/commands.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "access/diff.hpp"
#include "access/render.hpp"
#include "base/text.hpp"
#include "driver/review_common.hpp"
#include "driver/revision_tree.hpp"

namespace iamc::driver {
namespace {

namespace fs = std::filesystem;

struct Side {
  std::string_view label;  ///< "BASE" or "HEAD"
  std::string name;  ///< as given
  fs::path root;     ///< the directory compiled
  std::unique_ptr<RevisionTree> revision;
  Compilation* compilation = nullptr;
};

// A directory is compiled where it is; anything else is a git revision of this repository.
std::optional<std::string> locate(Side& side) {
  std::error_code ec;
  if (fs::is_directory(side.name, ec)) {
    side.root = side.name;
    return std::nullopt;
  }
  side.revision = std::make_unique<RevisionTree>();
  if (auto error = side.revision->extract(side.name)) return error;
  side.root = side.revision->root();
  return std::nullopt;
}

// Compiles the side from inside its root, so files are named alike on both sides ("team.iam",
// not "/tmp/iamc-diff-x/tree/team.iam"): the same source gives the same locations.
std::optional<std::string> compile(Side& side, const DiffOptions& options) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return fmt::format("cannot read the working directory: {}", ec.message());
  fs::current_path(side.root, ec);
  if (ec) return fmt::format("cannot enter {}: {}", display_text(side.root.string()), ec.message());
  std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
  side.compilation = &compile_for_review(paths, options.jobs, false);
  fs::current_path(cwd, ec);
  if (ec) return fmt::format("cannot return to {}: {}", display_text(cwd.string()), ec.message());
  return std::nullopt;
}

// Whether the side's only errors say that its paths hold no sources (I007).
bool holds_no_sources(const Compilation& c) {
  bool any = false;
  for (const Diagnostic& d : c.sink.diagnostics()) {
    if (d.severity != Severity::Error) continue;
    if (d.code != DiagCode::NoInputFiles) return false;
    any = true;
  }
  return any;
}

bool append_file(const char* path, const std::string& text) {
  std::FILE* f = std::fopen(path, "a");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int run_diff(const DiffOptions& options) {
  Side base{"BASE", options.base, {}, nullptr, nullptr}, head{"HEAD", options.head, {}, nullptr, nullptr};
  for (Side* side : {&base, &head}) {
    std::optional<std::string> error = locate(*side);
    if (!error) error = compile(*side, options);
    if (error) {
      std::fprintf(stderr, "iamc diff: %s\n", error->c_str());
      return kReviewUsage;
    }
  }
  // A side without sources is no access: the change that adds a project's first files (or removes
  // its last) is diffed against nothing. Both sides without sources means the paths are wrong:
  // that stays an error (I007).
  const bool base_empty = holds_no_sources(*base.compilation), head_empty = holds_no_sources(*head.compilation);
  bool errors = false;
  for (const Side* side : {&base, &head}) {
    const bool empty = side == &base ? base_empty : head_empty;
    if (empty && base_empty != head_empty) {
      std::fprintf(stderr, "iamc diff: %.*s %s holds no sources: compared as no access\n",
                   static_cast<int>(side->label.size()), side->label.data(), iamc::quoted(side->name).c_str());
    } else if (report_errors(*side->compilation, options.color,
                             fmt::format("iamc diff: {} {} has errors:", side->label, iamc::quoted(side->name)))) {
      errors = true;
    }
  }
  if (errors) {
    std::fprintf(stderr, "iamc diff: no access diff: fix the errors above first\n");
    return kReviewErrors;
  }
  // Kept until exit (make_until_exit): two models and 200,000 changes are many small objects.
  auto& base_access = make_until_exit<access::AccessModel>(base.compilation->model, base.compilation->project.sources);
  auto& head_access = make_until_exit<access::AccessModel>(head.compilation->model, head.compilation->project.sources);
  access::DiffResult& diff = make_until_exit<access::DiffResult>(access::diff_access(base_access, head_access));
  diff.base_name = base.name;
  diff.head_name = head.name;

  if (options.format == "github") {
    // A job summary when the workflow provides one; the text goes to the log either way.
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr && *summary != '\0') {
      std::string markdown;
      access::render_diff_markdown(diff, [&markdown](std::string_view piece) {
        markdown += piece;
        return true;
      });
      if (!append_file(summary, markdown)) {
        std::fprintf(stderr, "iamc diff: cannot write the job summary to %s: %s\n", display_text(summary).c_str(),
                     std::strerror(errno));
        return kReviewUsage;
      }
    }
  }
  // Written as it is rendered (render.hpp, TextSink).
  const TextSink to_stdout = [](std::string_view piece) { return write_stdout(piece); };
  bool written = false;
  if (options.format == "json") {
    written = access::render_diff_json(diff, to_stdout);
  } else if (options.format == "markdown") {
    written = access::render_diff_markdown(diff, to_stdout);
  } else {
    written = access::render_diff_text(diff, to_stdout);
  }
  if (!written) return kReviewUsage;
  return options.detailed_exitcode && !diff.changes.empty() ? kReviewChanged : kReviewClean;
}

}  // namespace iamc::driver
