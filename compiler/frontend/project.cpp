// Project loading: input discovery, file reading with limits, includes, cycles and the root.
#include "frontend/project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <system_error>

#include "base/text.hpp"
#include "frontend/dsl_parser.hpp"
#include "frontend/yaml_reader.hpp"

namespace iamc::frontend {
namespace fs = std::filesystem;
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Reads a whole regular file, refusing directories, devices and files over the limit.
// Returns an error message, or nothing on success.
std::optional<std::string> read_file(const fs::path& path, std::string& out, bool& too_large) {
  too_large = false;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec) return fmt::format("cannot read file: {}", ec.message());
  if (fs::is_directory(status)) return std::string("cannot read file: it is a directory");
  if (!fs::is_regular_file(status)) return std::string("cannot read file: not a regular file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return fmt::format("cannot read file: {}", std::strerror(errno));
  out.clear();
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    if (out.size() + n > kMaxFileBytes) {
      too_large = true;
      std::fclose(f);
      return fmt::format("file is larger than the {} MiB limit", kMaxFileBytes >> 20);
    }
    out.append(buffer, n);
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return fmt::format("cannot read file: {}", std::strerror(errno));
  return std::nullopt;
}

// The root as shown in messages: relative to the working directory when below it.
std::string shown_root(const fs::path& root) {
  std::error_code ec;
  fs::path rel = fs::proximate(root, ec);
  std::string shown = ec ? root.generic_string() : rel.generic_string();
  return shown.empty() ? "." : shown;
}

class Loader {
 public:
  Loader(const LoadOptions& options, Project& project, DiagnosticSink& sink)
      : options_(options), sink_(sink), project_(project) {}

  void run() {
    std::vector<std::pair<fs::path, fs::path>> inputs;  // (file, root)
    for (const std::string& arg : options_.paths) {
      if (arg == "-") {
        load_stdin();
        continue;
      }
      fs::path path(arg);
      std::error_code ec;
      if (fs::is_directory(path, ec)) {
        std::vector<fs::path> found = discover(path);
        if (found.empty()) {
          sink_.report(DiagCode::NoInputFiles, Span{},
                       fmt::format("{}: no *.iam or *.iam.yaml files in this directory", printable(arg)));
        }
        fs::path root = project_root(path);
        for (auto& f : found) {
          if (options_.excluded && options_.excluded(fs::absolute(f))) continue;
          inputs.emplace_back(std::move(f), root);
        }
      } else {
        inputs.emplace_back(path, project_root(path));
        if (fs::exists(path, ec) && !is_dsl_path(arg) && !is_yaml_path(arg)) {
          sink_.report(DiagCode::UnknownFileType, Span{},
                       fmt::format("{}: not a *.iam or *.iam.yaml file", printable(arg)));
          inputs.pop_back();
        }
      }
    }
    // Sorted inputs give the same file order, and so the same output, whatever the directory
    // iteration order of the file system.
    std::sort(inputs.begin(), inputs.end());
    for (auto& [file, root] : inputs) load(file, file.lexically_normal().generic_string(), root, Span{});
    find_cycles();
  }

 private:
  static std::vector<fs::path> discover(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    auto options = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
        it.disable_recursion_pending();  // .git, .cache, ...
        continue;
      }
      if (it->is_regular_file(ec) && (is_dsl_path(name) || is_yaml_path(name))) out.push_back(it->path());
    }
    return out;
  }

  void load_stdin() {
    FileId id = project_.sources.add(options_.stdin_name, options_.stdin_text);
    fs::path as_path = fs::absolute(options_.stdin_name);
    parse(id, fs::path(), as_path.parent_path(), project_root(as_path));
  }

  // Loads `path` unless already loaded; returns its index in project_.files, or -1.
  long load(const fs::path& path, const std::string& display, const fs::path& root, Span included_at) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(fs::absolute(path), ec);
    if (ec) key = fs::absolute(path);
    if (auto it = by_path_.find(key); it != by_path_.end()) return static_cast<long>(it->second);

    std::string text;
    bool too_large = false;
    std::optional<std::string> error;
    if (auto overlay = std::find_if(options_.overlays.begin(), options_.overlays.end(),
                                    [&](const auto& o) { return o.first == key; });
        overlay != options_.overlays.end()) {
      text = overlay->second;
    } else {
      error = read_file(path, text, too_large);
    }
    if (error) {
      std::string message = fmt::format("{}: {}", printable(display), *error);
      sink_.report(too_large ? DiagCode::FileTooLarge : DiagCode::FileUnreadable, included_at, message);
      return -1;
    }
    FileId id = project_.sources.add(display, std::move(text));
    auto index = static_cast<std::uint32_t>(project_.files.size());
    by_path_.emplace(key, index);
    parse(id, key, key.parent_path(), root);
    return index;
  }

  void parse(FileId id, const fs::path& key, const fs::path& dir, const fs::path& root) {
    const SourceFile& source = project_.sources.file(id);
    auto index = static_cast<std::uint32_t>(project_.files.size());
    ast::File file;
    file.file = id;
    if (check_source_text(source, sink_)) file = parse_source(source, sink_);
    project_.files.push_back(std::move(file));
    project_.file_paths.push_back(key);
    project_.include_edges.emplace_back();

    // Follow includes after the file is in place; `files` may grow (and move) while we do.
    std::vector<ast::Include> includes = project_.files[index].includes;
    for (const ast::Include& inc : includes) {
      fs::path target = (dir / fs::path(std::string(inc.path))).lexically_normal();
      std::error_code ec;
      fs::path resolved = fs::weakly_canonical(target, ec);  // a symlink may not escape either
      fs::path relative = (ec ? target : resolved).lexically_relative(root);
      if (fs::path(std::string(inc.path)).is_absolute() || relative.empty() ||
          *relative.begin() == "..") {
        sink_.report(DiagCode::IncludeOutsideRoot, inc.path_span,
                     fmt::format("include {} leaves the project root {}", iamc::quoted(inc.path),
                                 iamc::quoted(shown_root(root))))
            .notes.push_back({{}, "include files by a relative path inside the project; the root "
                                  "is the nearest directory holding .iamc.yaml"});
        continue;
      }
      if (!is_dsl_path(inc.path) && !is_yaml_path(inc.path)) {
        sink_.report(DiagCode::UnknownFileType, inc.path_span,
                     fmt::format("include {} is not a *.iam or *.iam.yaml file", iamc::quoted(inc.path)));
        continue;
      }
      fs::path display_dir = fs::path(source.path()).parent_path();
      std::string display = (display_dir / std::string(inc.path)).lexically_normal().generic_string();
      long child = load(target, display, root, inc.path_span);
      if (child >= 0) {
        project_.include_edges[index].push_back(static_cast<std::uint32_t>(child));
        include_spans_[{index, static_cast<std::uint32_t>(child)}] = inc.path_span;
      }
    }
  }

  // Reports each include that closes a cycle, with the chain of files that leads back.
  void find_cycles() {
    const std::size_t n = project_.files.size();
    std::vector<int> state(n, 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::uint32_t> path;
    std::function<void(std::uint32_t)> visit = [&](std::uint32_t v) {
      state[v] = 1;
      path.push_back(v);
      for (std::uint32_t w : project_.include_edges[v]) {
        if (state[w] == 1) {
          Span at = include_spans_[{v, w}];
          auto& d = sink_.report(DiagCode::IncludeCycle, at,
                                 fmt::format("including {} creates a cycle",
                                             iamc::quoted(project_.sources.file(project_.files[w].file).path())));
          auto start = std::find(path.begin(), path.end(), w);
          for (auto it = start; it + 1 != path.end(); ++it) {
            d.notes.push_back({include_spans_[{*it, *(it + 1)}],
                               fmt::format("{} includes {}", iamc::quoted(project_.sources.file(project_.files[*it].file).path()),
                                           iamc::quoted(project_.sources.file(project_.files[*(it + 1)].file).path()))});
          }
          d.notes.push_back({{}, "remove one of these includes; every file is loaded once anyway"});
        } else if (state[w] == 0) {
          visit(w);
        }
      }
      path.pop_back();
      state[v] = 2;
    };
    // Iterative enough in practice: include depth is bounded by the number of files, and a
    // project with thousands of nested includes is not a realistic input.
    for (std::uint32_t v = 0; v < n; ++v) {
      if (state[v] == 0) visit(v);
    }
  }

  const LoadOptions& options_;
  DiagnosticSink& sink_;
  Project& project_;
  std::map<fs::path, std::uint32_t> by_path_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Span> include_spans_;
};

}  // namespace

bool is_dsl_path(std::string_view path) { return ends_with(path, ".iam"); }
bool is_yaml_path(std::string_view path) {
  return ends_with(path, ".iam.yaml") || ends_with(path, ".iam.yml");
}

std::size_t Project::grant_count() const {
  std::size_t n = 0;
  for (const auto& f : files) n += f.grant_count();
  return n;
}

bool check_source_text(const SourceFile& file, DiagnosticSink& sink) {
  std::string_view text = file.text();
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    auto at = static_cast<std::uint32_t>(nul);
    sink.report(DiagCode::BinaryFile, Span{file.id(), at, at + 1},
                "file contains a NUL byte: this looks like a binary file, not an iamc source");
    return false;
  }
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    auto at = static_cast<std::uint32_t>(bad);
    sink.report(DiagCode::InvalidUtf8, Span{file.id(), at, at + 1},
                fmt::format("invalid UTF-8 byte 0x{:02X}: sources must be UTF-8 encoded",
                            static_cast<unsigned char>(text[bad])));
    return false;
  }
  return true;
}

ast::File parse_source(const SourceFile& file, DiagnosticSink& sink) {
  return is_yaml_path(file.path()) ? parse_yaml(file, sink) : parse_dsl(file, sink);
}

void load_project(const LoadOptions& options, Project& project, DiagnosticSink& sink) {
  Loader(options, project, sink).run();
}

fs::path project_root(const fs::path& input) {
  std::error_code ec;
  fs::path start = fs::weakly_canonical(fs::absolute(input), ec);
  if (ec) start = fs::absolute(input);
  fs::path dir = fs::is_directory(start, ec) ? start : start.parent_path();
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".iamc.yaml", ec)) return p;
    if (p == p.root_path()) break;
  }
  return dir;
}

}  // namespace iamc::frontend
