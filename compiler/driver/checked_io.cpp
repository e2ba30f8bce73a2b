// Checked writes to descriptors and files (see checked_io.hpp).
#include "driver/checked_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <optional>
#include <system_error>

#include "base/text.hpp"

namespace iamc::driver {
namespace fs = std::filesystem;

namespace {

// Writes every byte or returns the errno of the failure.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;  // no progress and no error: do not spin
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

[[noreturn]] void fail(std::string_view what, const fs::path& path, int error) {
  throw fs::filesystem_error(std::string(what), path, std::error_code(error, std::generic_category()));
}

}  // namespace

bool CheckedStream::write(std::string_view bytes) {
  if (error_ != 0) return false;
  error_ = write_all(fd_, bytes);
  return error_ == 0;
}

std::string CheckedStream::error_message() const {
  if (error_ == 0) return {};
  return "cannot write to " + std::string(name_) + ": " + std::strerror(error_);
}

CheckedStream& standard_output() {
  static CheckedStream stream(STDOUT_FILENO, "standard output");
  return stream;
}

CheckedStream& standard_error() {
  static CheckedStream stream(STDERR_FILENO, "standard error");
  return stream;
}

namespace {

// The run's --report-file, once opened: never freed (it lives until exit).
struct ReportFile {
  fs::path path;
  std::string temp;  // the temporary file beside `path`; empty when it could not be created
  std::string name;  // "the report file NAME", for messages
  int fd = -1;
  std::optional<CheckedStream> stream;  // failed from the start when the file could not be created
  bool closed = false;
};

ReportFile*& the_report_file() {
  static ReportFile* report = nullptr;
  return report;
}

// Puts the report file in place (fsync, the umask's mode, rename, the directory synced), or,
// when `keep` is false or a step fails, removes the temporary file. Returns why it failed.
std::string close_report_file(bool keep) {
  ReportFile* report = the_report_file();
  if (report == nullptr || report->closed) return {};
  report->closed = true;
  std::string error;
  if (report->stream->failed()) {
    error = report->stream->error_message();
  } else if (keep) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(report->fd, 0666 & ~mask) != 0 || ::fsync(report->fd) != 0) {
      error = "cannot write to " + report->name + ": " + std::strerror(errno);
    }
  }
  if (report->fd >= 0 && ::close(report->fd) != 0 && error.empty() && keep) {
    error = "cannot write to " + report->name + ": " + std::strerror(errno);
  }
  report->fd = -1;
  if (error.empty() && keep && ::rename(report->temp.c_str(), report->path.c_str()) != 0) {
    error = "cannot put " + report->name + " in place: " + std::strerror(errno);
  }
  if ((!error.empty() || !keep) && !report->temp.empty()) ::unlink(report->temp.c_str());
  if (error.empty() && keep) {
    try {
      sync_directory(report->path.parent_path());
    } catch (const fs::filesystem_error& e) {
      error = std::string("cannot sync the folder of ") + report->name + ": " + e.code().message();
    }
  }
  return error;
}

}  // namespace

CheckedStream& report_file(const fs::path& path) {
  ReportFile*& report = the_report_file();
  if (report != nullptr) return *report->stream;
  report = new ReportFile;
  report->path = path;
  report->name = "the report file " + iamc::quoted(path.string());
  fs::path dir = path.parent_path();
  report->temp = (dir / fmt::format(".{}.iamc-XXXXXX", path.filename().string())).string();  // (not `"." + ...`: -Wrestrict)
  report->fd = ::mkostemp(report->temp.data(), O_CLOEXEC);
  int error = report->fd < 0 ? errno : 0;
  if (report->fd < 0) report->temp.clear();
  report->stream.emplace(report->fd, report->name, error);
  // A command that ends without finish_output (it failed before its report was whole) leaves no
  // temporary file behind.
  std::atexit([] { (void)close_report_file(/*keep=*/false); });
  return *report->stream;
}

int finish_output(std::string_view command, int code) {
  // Nothing is buffered in CheckedStream, but a stray stdio write (a library's) must not be lost
  // silently either: flush it and count its failure.
  bool stdio_failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  bool streams_failed = standard_output().failed() || stdio_failed || standard_error().failed();
  std::string report_error = close_report_file(/*keep=*/!streams_failed);
  if (!streams_failed && report_error.empty()) return code;
  std::string message = std::string(command) + ": ";
  if (standard_output().failed()) {
    message += standard_output().error_message();
  } else if (stdio_failed) {
    message += "cannot write to standard output";
  } else if (standard_error().failed()) {
    message += standard_error().error_message();
  } else {
    message += report_error;
  }
  message += "; the output is incomplete\n";
  // Best effort: when standard error itself failed there is nowhere left to say it, and the
  // exit code carries the failure.
  (void)write_all(STDERR_FILENO, message);
  return 2;
}

std::optional<std::string> read_standard_input(std::string& out, std::size_t limit) {
  out.clear();
  char buffer[1 << 16];
  while (out.size() <= limit) {
    std::size_t want = std::min(sizeof buffer, limit + 1 - out.size());
    ssize_t n = ::read(STDIN_FILENO, buffer, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::string("cannot read standard input: ") + std::strerror(errno);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return std::nullopt;
}

void write_file_durably(const fs::path& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail("cannot create", path, errno);
  if (int error = write_all(fd, bytes); error != 0) {
    ::close(fd);
    fail("cannot write", path, error);
  }
  if (::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    fail("cannot sync", path, error);
  }
  // close can report a deferred write error (NFS); it is checked like the rest.
  if (::close(fd) != 0) fail("cannot close", path, errno);
}

void sync_directory(const fs::path& path) {
  int fd = ::open(path.empty() ? "." : path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory", path, errno);
  // Some filesystems cannot fsync a directory (EINVAL): their renames are as durable as they get.
  if (::fsync(fd) != 0 && errno != EINVAL) {
    int error = errno;
    ::close(fd);
    fail("cannot sync directory", path, error);
  }
  ::close(fd);
}

}  // namespace iamc::driver
