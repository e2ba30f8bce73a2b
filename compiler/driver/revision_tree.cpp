// git archive | tar, without a shell (see revision_tree.hpp).
#include "driver/revision_tree.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/text.hpp"

extern char** environ;

namespace iamc::driver {
namespace {

struct Result {
  int status = -1;  ///< the exit status, or -1 when the program could not be started
  std::string out, err;
};

// Runs argv[0] (looked up in PATH) with no shell; captures standard output and error.
Result run(const std::vector<std::string>& args) {
  Result result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) return result;
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.err = fmt::format("cannot run {}: {}", args[0], std::strerror(spawned));
    return result;
  }
  // Standard error stays small (a message); read standard output to the end first.
  char buffer[65536];
  for (int fd : {out_pipe[0], err_pipe[0]}) {
    std::string& into = fd == out_pipe[0] ? result.out : result.err;
    for (;;) {
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      into.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return result;
}

std::string first_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return display_text(text);
}

}  // namespace

RevisionTree::~RevisionTree() {
  if (!temp_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_, ec);
  }
}

std::optional<std::string> RevisionTree::extract(const std::string& revision) {
  if (revision.empty() || revision[0] == '-') {
    return fmt::format("{} is neither a directory nor a git revision", iamc::quoted(revision));
  }
  Result top = run({"git", "rev-parse", "--show-toplevel", "--show-prefix"});
  if (top.status != 0) {
    return fmt::format("{} is not a directory, and the working directory is not in a git repository{}",
                       iamc::quoted(revision), top.err.empty() ? "" : ": " + first_line(top.err));
  }
  std::string toplevel = top.out.substr(0, top.out.find('\n'));
  std::string prefix = top.out.substr(top.out.find('\n') + 1);
  prefix = prefix.substr(0, prefix.find('\n'));
  Result commit = run({"git", "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"});
  if (commit.status != 0) return fmt::format("{} is neither a directory nor a git revision", iamc::quoted(revision));
  std::string sha = first_line(commit.out);

  std::string pattern = (std::filesystem::temp_directory_path() / "iamc-diff-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return fmt::format("cannot create a temporary directory: {}", std::strerror(errno));
  }
  temp_ = pattern;
  std::filesystem::path archive = temp_ / "revision.tar";
  std::filesystem::path tree = temp_ / "tree";
  std::error_code ec;
  std::filesystem::create_directory(tree, ec);
  if (ec) return fmt::format("cannot create {}: {}", display_text(tree.string()), ec.message());
  std::vector<std::string> archive_args{"git", "-C", toplevel, "archive", "--format=tar", "-o", archive.string(), sha};
  if (!prefix.empty()) archive_args.push_back(prefix);
  Result archived = run(archive_args);
  if (archived.status != 0) {
    // The directory did not exist at that revision: an empty project, compared as such.
    if (archived.err.find("did not match any files") == std::string::npos) {
      return fmt::format("git archive {} failed: {}", display_text(revision), first_line(archived.err));
    }
  } else {
    Result unpacked = run({"tar", "-xf", archive.string(), "-C", tree.string()});
    if (unpacked.status != 0) return fmt::format("cannot unpack {}: {}", display_text(revision), first_line(unpacked.err));
  }
  root_ = tree / prefix;
  std::filesystem::create_directories(root_, ec);
  return std::nullopt;
}

}  // namespace iamc::driver
