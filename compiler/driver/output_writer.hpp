// All-or-nothing output for `iamc compile -o DIR`: every file is written (and fsynced) under a
// temporary directory beside DIR, which then replaces DIR in one rename, so DIR holds exactly one
// run's output and a failed run leaves it untouched. DIR is replaced only when it is empty or
// holds nothing but what an earlier run wrote, as listed in its manifest (kManifestName): iamc
// never deletes a file it did not write. The directory's permissions are kept. The filesystem
// sits behind an interface so the logic can be tested without touching the disk.
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

/// One entry below a directory, for the check that it holds only iamc's own files.
struct TreeEntry {
  enum class Kind { File, Directory, Other };  ///< Other: a symbolic link, socket, device...
  std::string path;
  Kind kind;
};

/// The operations output writing needs. Failures throw (std::filesystem::filesystem_error or
/// std::runtime_error); write_output turns them into a message.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  [[nodiscard]] virtual bool exists(const std::filesystem::path& p) const = 0;
  [[nodiscard]] virtual bool is_directory(const std::filesystem::path& p) const = 0;
  [[nodiscard]] virtual bool is_empty_directory(const std::filesystem::path& p) const = 0;
  /// Everything below `dir` (recursively, symbolic links not followed), as '/'-separated paths
  /// relative to it.
  [[nodiscard]] virtual std::vector<TreeEntry> list_tree(const std::filesystem::path& dir) const = 0;
  [[nodiscard]] virtual std::string read_file(const std::filesystem::path& p) const = 0;
  [[nodiscard]] virtual std::filesystem::perms permissions(const std::filesystem::path& p) const = 0;
  virtual void set_permissions(const std::filesystem::path& p, std::filesystem::perms perms) = 0;
  virtual void create_directories(const std::filesystem::path& p) = 0;
  /// Writes the whole file and makes it durable (fsync) before returning.
  virtual void write_file(const std::filesystem::path& p, std::string_view bytes) = 0;
  /// Makes the entries of a directory (creations, renames) durable.
  virtual void sync_directory(const std::filesystem::path& p) = 0;
  virtual void rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  /// Atomically swaps two existing paths; false when the platform cannot (then rename is used).
  virtual bool exchange(const std::filesystem::path& a, const std::filesystem::path& b) = 0;
  virtual void remove_all(const std::filesystem::path& p) = 0;
};

/// The real disk (std::filesystem; renameat2(RENAME_EXCHANGE) on Linux for the swap).
std::unique_ptr<FileSystem> make_disk_file_system();

/// The manifest every iamc output directory holds: kManifestSignature on its first line, then
/// comment lines ('#') and the relative path of every file the run wrote, one per line. A
/// non-empty directory without it, or with anything in it the manifest does not list, is refused.
inline constexpr std::string_view kManifestName = ".iamc-manifest";
inline constexpr std::string_view kManifestSignature = "iamc output manifest v1";

/// The manifest's bytes for `files` (which do not include the manifest itself).
std::string make_manifest(const std::vector<OutputFile>& files);

/// Replaces `dir` with exactly `files` plus the manifest. `unique` makes the temporary names unique (e.g. the pid).
/// Returns an error message, or nullopt on success; on failure `dir` is left as it was.
std::optional<std::string> write_output(FileSystem& fs, const std::filesystem::path& dir,
                                        const std::vector<OutputFile>& files, std::string_view unique);

}  // namespace iamc::driver
