// The one way iamc's commands write bytes: every write, flush, fsync and close is checked, and a
// failure is remembered until the command ends, so no command can report success (exit 0, or a
// "0 errors" summary) after any of its output was lost: a full disk, /dev/full, a closed pipe
// with SIGPIPE ignored (EPIPE), or an I/O error.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace iamc::driver {

/// An output stream over a file descriptor (standard output or standard error). Writes go
/// straight to the descriptor, unbuffered: callers hand over whole blocks of text. After the
/// first failure every further write is dropped and the error is kept for the report.
class CheckedStream {
 public:
  /// `error`: an errno the stream starts failed with (a file that could not be created).
  CheckedStream(int fd, std::string_view name, int error = 0) : fd_(fd), name_(name), error_(error) {}
  CheckedStream(const CheckedStream&) = delete;
  CheckedStream& operator=(const CheckedStream&) = delete;

  /// Writes all of `bytes` (retrying short writes and EINTR); false once any write failed.
  bool write(std::string_view bytes);
  [[nodiscard]] bool failed() const { return error_ != 0; }
  /// "cannot write to standard output: No space left on device", or empty when nothing failed.
  [[nodiscard]] std::string error_message() const;

 private:
  int fd_;
  std::string_view name_;
  int error_ = 0;  // errno of the first failure
};

/// The process's standard output and standard error. Nothing in iamc's commands writes to
/// them any other way (no printf, no std::cout).
CheckedStream& standard_output();
CheckedStream& standard_error();

/// --report-file: the report is written to a temporary file beside `path` and renamed into place
/// by finish_output once every write of the run succeeded, so a failed run never leaves half a
/// report under the name (nor replaces an older one). Created on first use; the same stream for
/// the rest of the run, whatever path later calls give.
CheckedStream& report_file(const std::filesystem::path& path);

/// The exit code a command returns after its output: `code` when every write succeeded (and the
/// report file, if any, is in place); else a message on standard error and 2 (docs/cli.md, "Exit
/// codes"). `command` prefixes the message.
int finish_output(std::string_view command, int code);

/// Reads standard input into `out`, stopping one byte past `limit` (so that a caller can tell
/// "too large" without reading an endless stream); returns why reading failed, if it did.
std::optional<std::string> read_standard_input(std::string& out, std::size_t limit);

/// Writes `bytes` to a new file at `path` (created or truncated, mode 0666 before the umask),
/// fsyncs and closes it; throws std::filesystem::filesystem_error naming the failed step.
void write_file_durably(const std::filesystem::path& path, std::string_view bytes);

/// fsyncs a directory so that renames and creations inside it survive a crash; throws on error.
void sync_directory(const std::filesystem::path& path);

}  // namespace iamc::driver
