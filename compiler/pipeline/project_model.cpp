// Finding projects from paths (see project_model.hpp).
#include "pipeline/project_model.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <system_error>

#include "frontend/project.hpp"

namespace iamc::pipeline {
namespace fs = std::filesystem;
namespace {

fs::path absolute_canonical(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p;
  fs::path canon = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : canon;
}

// A path as given to the loader, which shows files as it reaches them: relative to the working
// directory, so messages read `infra/iam/grants.iam` as for any path typed by hand.
std::string as_typed(const fs::path& path) {
  std::error_code ec;
  fs::path rel = fs::proximate(path, ec);
  std::string shown = ec ? path.string() : rel.string();
  return shown.empty() ? "." : shown;
}

ProjectInput configured(const fs::path& config) {
  ProjectInput p;
  p.config = config;
  p.root = config.parent_path();
  p.paths = {as_typed(p.root)};
  p.whole = true;
  return p;
}

// False for a folder whose only sources belong to projects below it (a monorepo's root): it is
// no project itself. A folder with no sources at all is one, reported as holding none.
bool has_own_sources(const fs::path& dir) {
  // The search stops at the first source: a project's root usually holds one near the top.
  std::error_code ec;
  bool nested = false;
  auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (!name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
      } else if (frontend::is_project_directory(it->path())) {
        nested = true;
        it.disable_recursion_pending();
      }
    } else if (frontend::is_dsl_path(name) || frontend::is_yaml_path(name)) {
      return true;
    }
  }
  return !nested;
}

bool too_wide_for_a_project(const fs::path& dir) {
  if (dir == dir.root_path()) return true;
  const char* home = std::getenv("HOME");
  return home != nullptr && *home != '\0' && dir == absolute_canonical(home);
}

}  // namespace

std::string ProjectInput::shown_root() const { return as_typed(root); }

ProjectInput project_containing(const fs::path& path) {
  fs::path at = absolute_canonical(path);
  if (auto config = frontend::find_config_file(at)) return configured(absolute_canonical(*config));
  ProjectInput p;
  p.root = frontend::project_root(at);
  // Neither a configuration nor a repository: the folder is the project, unless it is the root
  // of the file system or the home directory, which nobody means as one (and which would be
  // searched to the bottom): then the file alone.
  if (!frontend::find_git_root(at) && too_wide_for_a_project(p.root)) {
    p.paths = {as_typed(at)};
    return p;
  }
  p.paths = {as_typed(p.root)};
  p.whole = true;
  return p;
}

std::vector<ProjectInput> projects_for_paths(const std::vector<std::string>& paths, bool whole_projects) {
  std::vector<ProjectInput> out;
  std::map<fs::path, std::size_t> by_root;  // whole projects, by root
  auto add_whole = [&](ProjectInput p) {
    if (p.whole && !has_own_sources(p.root)) return;  // only a parent of other projects
    fs::path key = p.whole ? p.root : fs::path(p.paths.front());
    if (by_root.try_emplace(key, out.size()).second) out.push_back(std::move(p));
  };
  ProjectInput loose;  // files and standard input, checked together as given
  std::vector<ProjectInput> folders;
  for (const std::string& arg : paths) {
    std::error_code ec;
    bool folder = arg != "-" && fs::is_directory(arg, ec);
    if (whole_projects && arg != "-") {
      add_whole(project_containing(arg));
      if (folder) {
        for (const fs::path& nested : frontend::nested_project_directories(arg)) {
          add_whole(configured(absolute_canonical(nested / ".iamc.yaml")));
        }
      }
      continue;
    }
    if (!folder) {
      loose.paths.push_back(arg);
      continue;
    }
    if (auto config = frontend::find_config_file(arg)) {
      add_whole(configured(absolute_canonical(*config)));
    } else if (has_own_sources(arg)) {
      ProjectInput p;
      p.root = frontend::project_root(arg);
      p.paths = {arg};
      folders.push_back(std::move(p));
    }
    for (const fs::path& nested : frontend::nested_project_directories(arg)) {
      add_whole(configured(absolute_canonical(nested / ".iamc.yaml")));
    }
  }
  std::sort(out.begin(), out.end(), [](const ProjectInput& a, const ProjectInput& b) { return a.root < b.root; });
  // Folders outside any configured project come first, as they were given; several such folders
  // are one project, as before projects existed (they may include or use each other's names).
  if (!folders.empty()) {
    ProjectInput merged = folders.front();
    for (std::size_t i = 1; i < folders.size(); ++i) merged.paths.push_back(folders[i].paths.front());
    for (const std::string& p : loose.paths) merged.paths.push_back(p);
    loose = ProjectInput();
    out.insert(out.begin(), std::move(merged));
  }
  if (!loose.paths.empty()) {
    loose.root = frontend::project_root(loose.paths.front() == "-" ? "." : loose.paths.front());
    out.insert(out.begin(), std::move(loose));
  }
  return out;
}

}  // namespace iamc::pipeline
