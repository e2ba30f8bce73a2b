// All-or-nothing output for `iamc compile -o DIR`: every file is written under a temporary
// directory beside DIR, which then replaces DIR in one rename, so DIR holds exactly one run's
// output and a failed run leaves it untouched. The filesystem sits behind an interface so the
// logic can be tested without touching the disk.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamc::driver {

/// One output file: a relative '/'-separated path below DIR and its bytes.
struct OutputFile {
  std::string path;
  std::string bytes;
};

/// The operations output writing needs. Failures throw (std::filesystem::filesystem_error or
/// std::runtime_error); write_output turns them into a message.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  [[nodiscard]] virtual bool exists(const std::filesystem::path& p) const = 0;
  [[nodiscard]] virtual bool is_directory(const std::filesystem::path& p) const = 0;
  [[nodiscard]] virtual bool is_empty_directory(const std::filesystem::path& p) const = 0;
  virtual void create_directories(const std::filesystem::path& p) = 0;
  virtual void write_file(const std::filesystem::path& p, std::string_view bytes) = 0;
  virtual void rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  /// Atomically swaps two existing paths; false when the platform cannot (then rename is used).
  virtual bool exchange(const std::filesystem::path& a, const std::filesystem::path& b) = 0;
  virtual void remove_all(const std::filesystem::path& p) = 0;
};

/// The real disk (std::filesystem; renameat2(RENAME_EXCHANGE) on Linux for the swap).
std::unique_ptr<FileSystem> make_disk_file_system();

/// The file every iamc output directory holds; a non-empty directory without it is not replaced.
inline constexpr std::string_view kOutputMarker = "requests.ndjson";

/// Replaces `dir` with exactly `files`. `unique` makes the temporary names unique (e.g. the pid).
/// Returns an error message, or nullopt on success; on failure `dir` is left as it was.
std::optional<std::string> write_output(FileSystem& fs, const std::filesystem::path& dir,
                                        const std::vector<OutputFile>& files, std::string_view unique);

}  // namespace iamc::driver
