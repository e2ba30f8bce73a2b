// base/mapped_file.hpp, through which the commands read sources and state files: a regular file maps to
// its exact bytes; what cannot be mapped (missing, empty, a directory, a pipe) gives null, for
// the caller to read instead; and a file truncated under its mapping ends the process with a
// one-line message and status 2, not a crash (checked in a forked child).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/mapped_file.hpp"
#include "base/source.hpp"

namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
  std::string pattern = (fs::temp_directory_path() / "iamc-mapped-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

}  // namespace

TEST_CASE("MappedFile maps a regular file to its bytes, and a SourceFile reads through it") {
  const fs::path dir = scratch_dir();
  std::string text = "{\"items\": []}\n";
  for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + "\n";  // several pages
  write_file(dir / "state.json", text);
  std::unique_ptr<iamc::MappedFile> mapped = iamc::MappedFile::map((dir / "state.json").string());
  REQUIRE(mapped != nullptr);
  CHECK(mapped->text() == text);
  iamc::SourceManager sources;
  const iamc::FileId id = sources.add("state.json", std::move(mapped));
  CHECK(sources.file(id).text() == text);
  CHECK(sources.file(id).line_count() == 5002);
  CHECK(sources.file(id).line_col(static_cast<std::uint32_t>(text.find("line 3\n"))).line == 5);
  fs::remove_all(dir);
}

TEST_CASE("MappedFile gives null for what it cannot map") {
  const fs::path dir = scratch_dir();
  write_file(dir / "empty.json", "");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK(iamc::MappedFile::map((dir / "missing.json").string()) == nullptr);
  CHECK(iamc::MappedFile::map((dir / "empty.json").string()) == nullptr);
  CHECK(iamc::MappedFile::map(dir.string()) == nullptr);
  CHECK(iamc::MappedFile::map((dir / "fifo").string()) == nullptr);  // not opened for reading: no hang
  fs::remove_all(dir);
}

TEST_CASE("A file truncated under its mapping ends the process with a message and status 2") {
  const fs::path dir = scratch_dir();
  const fs::path path = dir / "state.json";
  write_file(path, std::string(3 * 4096, 'x'));
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err[1], STDERR_FILENO);
    std::unique_ptr<iamc::MappedFile> mapped = iamc::MappedFile::map(path.string());
    if (mapped == nullptr) ::_exit(10);
    if (::truncate(path.c_str(), 0) != 0) ::_exit(11);
    volatile char last = mapped->text().back();  // past the new end: SIGBUS
    (void)last;
    ::_exit(12);  // not reached when the handler works
  }
  ::close(err[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(err[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(n));
  ::close(err[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(message.find("iamc: error: a file iamc was reading shrank while it was read") == 0);
  CHECK(message.back() == '\n');
  fs::remove_all(dir);
}

TEST_CASE("A mapped text is followed by zeros to the end of its page, then by a page no one may read") {
  const fs::path dir = scratch_dir();
  const fs::path path = dir / "main.iam";
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  write_file(path, std::string(page + 10, 'g'));  // ten bytes into its second page
  std::unique_ptr<iamc::MappedFile> mapped = iamc::MappedFile::map(path.string());
  REQUIRE(mapped != nullptr);
  const char* data = mapped->text().data();
  for (std::size_t i = page + 10; i < 2 * page; ++i) REQUIRE(data[i] == '\0');
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGSEGV, SIG_DFL);  // not Catch2's or a sanitizer's handler: the child must die of it
    volatile char past = data[2 * page];  // the guard page: a scanner that ran past the end
    (void)past;
    ::_exit(0);  // not reached when the guard page is there
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSEGV);
  fs::remove_all(dir);
}
