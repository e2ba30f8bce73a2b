// `iamc fmt`: rewrites DSL sources in canonical form (--check lists, --diff shows, `-` filters).
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "diagnostics/render.hpp"
#include "base/text.hpp"
#include "driver/checked_io.hpp"
#include "driver/commands.hpp"
#include "format/formatter.hpp"
#include "frontend/project.hpp"

namespace iamc::driver {
namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size() - 1;
    lines.push_back(text.substr(start, nl - start + 1));
    start = nl + 1;
  }
  return lines;
}

// A unified diff (3 lines of context) of two texts, from a longest-common-subsequence table. Files
// are small; a file too large for the table falls back to one hunk replacing everything.
std::string unified_diff(const std::string& name, std::string_view a_text, std::string_view b_text) {
  auto a = split_lines(a_text);
  auto b = split_lines(b_text);
  const std::size_t n = a.size(), m = b.size();
  // ops: ' ' keep, '-' delete from a, '+' insert from b
  std::vector<std::pair<char, std::string_view>> ops;
  if (n * m <= 25'000'000) {
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] == b[j]) {
        ops.emplace_back(' ', a[i++]);
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        ops.emplace_back('-', a[i++]);
      } else {
        ops.emplace_back('+', b[j++]);
      }
    }
  } else {
    for (auto l : a) ops.emplace_back('-', l);
    for (auto l : b) ops.emplace_back('+', l);
  }
  std::string out = "--- " + name + "\n+++ " + name + " (formatted)\n";
  const std::size_t ctx = 3;
  std::size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].first == ' ') {
      ++k;
      continue;
    }
    // A hunk: from ctx lines before this change to ctx lines after the last change within 2*ctx.
    std::size_t start = k >= ctx ? k - ctx : 0;
    std::size_t end = k;
    while (end < ops.size()) {
      if (ops[end].first != ' ') {
        ++end;
        continue;
      }
      std::size_t run = end;
      while (run < ops.size() && ops[run].first == ' ') ++run;
      if (run == ops.size() || run - end > 2 * ctx) break;
      end = run;
    }
    std::size_t stop = std::min(ops.size(), end + ctx);
    std::size_t a_line = 1, b_line = 1;
    for (std::size_t q = 0; q < start; ++q) {
      if (ops[q].first != '+') ++a_line;
      if (ops[q].first != '-') ++b_line;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t q = start; q < stop; ++q) {
      if (ops[q].first != '+') ++a_count;
      if (ops[q].first != '-') ++b_count;
    }
    out += "@@ -" + std::to_string(a_count ? a_line : a_line - 1) + "," + std::to_string(a_count) + " +" +
           std::to_string(b_count ? b_line : b_line - 1) + "," + std::to_string(b_count) + " @@\n";
    for (std::size_t q = start; q < stop; ++q) {
      out += ops[q].first;
      out += ops[q].second;
      if (ops[q].second.empty() || ops[q].second.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    k = stop;
  }
  return out;
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Writes next to the file (fsynced, with the file's permissions) and renames over it, so a crash
// or a full disk never leaves half a file; false with `error` set when any step failed.
bool write_atomically(const fs::path& path, const std::string& text, std::string& error) {
  std::random_device rd;
  fs::path tmp = path;
  tmp += ".iamc-fmt-" + std::to_string(rd() % 1000000) + ".tmp";
  try {
    write_file_durably(tmp, text);
    fs::permissions(tmp, fs::status(path).permissions());
    fs::rename(tmp, path);
    sync_directory(path.parent_path());
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    std::error_code ec;
    fs::remove(tmp, ec);
    return false;
  }
}

// The DSL files a path names: the file itself, or every *.iam below a directory (sorted).
void collect(const std::string& arg, std::vector<std::string>& files, std::vector<std::string>& yaml,
             bool& missing) {
  std::error_code ec;
  fs::path p(arg);
  if (fs::is_directory(p, ec)) {
    // The same discovery as check and compile (dot-directories skipped); fmt rewrites DSL only.
    for (const fs::path& f : frontend::discover_sources(p)) {
      if (frontend::is_dsl_path(f.string())) files.push_back(f.string());
    }
  } else if (frontend::is_yaml_path(arg)) {
    yaml.push_back(arg);
  } else if (!fs::exists(p, ec)) {
    (void)standard_error().write("iamc fmt: " + display_text(arg) + ": no such file or directory\n");
    missing = true;
  } else {
    files.push_back(arg);
  }
}

}  // namespace

int run_fmt(const FmtOptions& o) {
  bool color = o.color == "always" || (o.color == "auto" && isatty(STDERR_FILENO) != 0 && !no_color_requested());
  auto report = [&](DiagnosticSink& sink, const SourceManager& sources) {
    sink.sort_and_dedupe();
    (void)standard_error().write(render_text(sink, sources, TextStyle{color}, nullptr));
  };

  CheckedStream& out = standard_output();
  bool errors = false, changed = false, missing = false;
  std::vector<std::string> files, yaml;
  bool use_stdin = false;
  for (const auto& p : o.paths) {
    if (p == "-") {
      use_stdin = true;
    } else {
      collect(p, files, yaml, missing);
    }
  }
  for (const auto& y : yaml) {
    (void)standard_error().write("iamc fmt: " + display_text(y) + ": skipped, YAML sources are left to YAML formatters\n");
  }

  if (use_stdin) {
    std::string text;
    std::optional<std::string> error = read_standard_input(text, frontend::kMaxFileBytes);
    if (!error && text.size() > frontend::kMaxFileBytes) {
      error = fmt::format("standard input is larger than the {} MiB limit", frontend::kMaxFileBytes >> 20);
    }
    if (error) {
      (void)standard_error().write("iamc fmt: " + display_text(o.stdin_filename) + ": " + *error + "\n");
      return finish_output("iamc fmt", 2);
    }
    SourceManager sources;
    DiagnosticSink sink;
    auto formatted = format::format_text(o.stdin_filename, text, sources, sink);
    if (!formatted) {
      report(sink, sources);
      errors = true;
    } else if (o.check || o.diff) {
      if (*formatted != text) {
        changed = true;
        if (o.check) (void)out.write(o.stdin_filename + "\n");
        if (o.diff) (void)out.write(unified_diff(o.stdin_filename, text, *formatted));
      }
    } else {
      (void)out.write(*formatted);
    }
  }

  for (const auto& path : files) {
    std::string text;
    if (!read_file(path, text)) {
      (void)standard_error().write("iamc fmt: " + display_text(path) + ": cannot read the file\n");
      missing = true;
      continue;
    }
    SourceManager sources;
    DiagnosticSink sink;
    auto formatted = format::format_text(path, text, sources, sink);
    if (!formatted) {
      report(sink, sources);
      errors = true;
      continue;
    }
    if (*formatted == text) continue;
    changed = true;
    if (o.check) (void)out.write(path + "\n");
    if (o.diff) (void)out.write(unified_diff(path, text, *formatted));
    std::string error;
    if (!o.check && !o.diff && !write_atomically(path, *formatted, error)) {
      (void)standard_error().write("iamc fmt: " + display_text(path) + ": cannot write the file: " +
                                   display_text(error) + "\n");
      missing = true;
    }
  }
  // Exit codes: 2 for a file that cannot be read or written, or lost output (finish_output).
  int code = missing ? 2 : errors || (o.check && changed) ? 1 : 0;
  return finish_output("iamc fmt", code);
}

}  // namespace iamc::driver
