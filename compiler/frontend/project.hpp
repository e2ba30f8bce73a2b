// Loads a project: the files and directories named on the command line, plus everything they
// include, each parsed once by the front end its name calls for (*.iam DSL, *.iam.yaml YAML).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast.hpp"

namespace iamc::frontend {

/// Source files larger than this get I002 and are not parsed.
inline constexpr std::size_t kMaxFileBytes = 16u * 1024 * 1024;

struct LoadOptions {
  std::vector<std::string> paths;  ///< files, directories, or "-" for standard input
  std::string stdin_name = "<stdin>";  ///< name used for "-" (also picks the front end)
  std::string stdin_text;          ///< the text read for "-", read by the caller
  /// Why standard input could not be read (reported as I001), when it could not.
  std::optional<std::string> stdin_error;
  /// In-memory overrides by absolute path (the LSP's open documents).
  std::vector<std::pair<std::filesystem::path, std::string>> overlays;
  /// Files found in directories for which this returns true are skipped (.iamc.yaml `exclude`).
  std::function<bool(const std::filesystem::path&)> excluded;
  /// Threads that read and parse files (0: one per core); the driver's pipeline also checks
  /// grants on as many. The result is the same for any value.
  int jobs = 1;
  /// Called each time a file takes its place in Project::files (before the files it includes),
  /// with the number of files in place, so a caller can work on files while later ones load
  /// (model::IncrementalResolver). Returns how many leading files are done with their target
  /// blocks (grants and policies): the loader frees those, each on the thread that parsed it
  /// (freeing on another thread costs a lock per node in the allocator).
  std::function<std::size_t(std::size_t files)> file_added;
  /// Map files instead of reading them (base/mapped_file.hpp): for the command-line commands,
  /// which end soon after; not for the LSP, whose files editors may rewrite in place.
  bool map_files = false;
};

struct Project {
  SourceManager sources;
  std::vector<ast::File> files;  ///< in a deterministic order: inputs sorted, includes after
  std::vector<std::filesystem::path> file_paths;  ///< absolute path of files[i] (empty for stdin)
  /// Indices into `files` of the files included by files[i].
  std::vector<std::vector<std::uint32_t>> include_edges;

  [[nodiscard]] std::size_t grant_count() const;
};

/// Whether a path names a source iamc reads: *.iam or *.iam.yaml (also *.iam.yml).
bool is_dsl_path(std::string_view path);
bool is_yaml_path(std::string_view path);
/// Whether a path names an access test file: *.iamtest.yaml (also *.iamtest.yml), read by
/// `iamc test` and, for its `always` cases, by `check` and `plan` (testing/).
bool is_test_path(std::string_view path);

/// Reads a whole regular file, refusing directories, devices and files over kMaxFileBytes
/// (`too_large` then set). Returns an error message, or nothing on success.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& out, bool& too_large);

/// Rejects text iamc will not parse: NUL bytes (I003) and invalid UTF-8 (I004).
bool check_source_text(const SourceFile& file, DiagnosticSink& sink);

/// Parses one already-loaded file with the front end its name calls for.
ast::File parse_source(const SourceFile& file, DiagnosticSink& sink);

/// Loads and parses everything into `project` (whose SourceManager may already hold files, such
/// as the configuration); problems are reported to `sink`, never thrown. With `jobs` other than
/// 1, files are read and parsed on several threads; file ids, the order of `files`, the include
/// edges and the diagnostics are exactly those of one thread.
void load_project(const LoadOptions& options, Project& project, DiagnosticSink& sink);

/// What discovery does with a subdirectory holding its own `.iamc.yaml`: another project.
enum class NestedProjects {
  Include,  ///< `iamc fmt`: every source file below the directory
  Skip,     ///< checking: another project is checked on its own, never as part of this one
};

/// The sources below a directory, sorted: every *.iam and *.iam.yaml file, skipping directories
/// whose name starts with a dot (.git, .cache, ...). The one discovery routine: `check`,
/// `compile` and `fmt` see the same files.
std::vector<std::filesystem::path> discover_sources(const std::filesystem::path& dir,
                                                    NestedProjects nested = NestedProjects::Include);

/// Whether a directory holds a `.iamc.yaml`, which makes it the root of a project.
bool is_project_directory(const std::filesystem::path& dir);

/// The directories strictly below `dir` that hold a `.iamc.yaml` (nested projects), sorted.
std::vector<std::filesystem::path> nested_project_directories(const std::filesystem::path& dir);
/// The access test files below a directory, found by the same walk (*.iamtest.yaml), sorted;
/// those of nested projects (below another `.iamc.yaml`) belong to them and are skipped.
std::vector<std::filesystem::path> discover_tests(const std::filesystem::path& dir,
                                                  NestedProjects nested = NestedProjects::Skip);

/// The nearest `.iamc.yaml` at or above a path (the path's directory for a file), if any.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& input);

/// The nearest directory at or above a path that holds `.git` (a directory, or a worktree's file).
std::optional<std::filesystem::path> find_git_root(const std::filesystem::path& input);

/// The project root for a path: the directory of find_config_file, else the git root, else the
/// directory itself (for a directory) or the file's directory. Includes may not leave it.
std::filesystem::path project_root(const std::filesystem::path& input);

}  // namespace iamc::frontend
