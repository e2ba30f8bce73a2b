// Which project a file or folder belongs to, shared by the command line and the language server:
// its root is the nearest `.iamc.yaml` upwards (whose `sources:` may name the entry files and
// folders), else the git root, else the folder itself. A folder holding its own `.iamc.yaml` is
// another project: never loaded into this one (a monorepo holds several). See docs/projects.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace iamc::pipeline {

struct ProjectInput {
  std::filesystem::path root;                   ///< absolute
  std::optional<std::filesystem::path> config;  ///< the `.iamc.yaml` that makes `root` a project
  /// What is loaded: files, folders or "-". For a whole project these are replaced by the
  /// configuration's `sources:` when it has some.
  std::vector<std::string> paths;
  bool whole = false;  ///< the whole project (not only paths named on the command line)

  /// The root as shown to people: relative to the working directory when below it.
  [[nodiscard]] std::string shown_root() const;
};

/// The whole project a file or folder belongs to (the language server's view of an open file,
/// and `iamc check --project`).
ProjectInput project_containing(const std::filesystem::path& path);

/// The projects a command line names, each checked on its own, in a stable order:
/// - a folder inside a configured project stands for that whole project (so running from a
///   subfolder sees every file of it);
/// - a folder in no configured project is checked as given (its git root bounds includes);
/// - every configured project below a folder named is added as a project of its own;
/// - files and standard input are checked together as given, as they always were.
/// With `whole_projects` (--project), every path stands for the whole project containing it.
std::vector<ProjectInput> projects_for_paths(const std::vector<std::string>& paths, bool whole_projects);

}  // namespace iamc::pipeline
