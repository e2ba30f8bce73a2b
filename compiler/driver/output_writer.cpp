// All-or-nothing output directory replacement (see output_writer.hpp).
#include "driver/output_writer.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc)

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace iamc::driver {
namespace fs = std::filesystem;

namespace {

class DiskFileSystem final : public FileSystem {
 public:
  [[nodiscard]] bool exists(const fs::path& p) const override {
    std::error_code ec;
    return fs::exists(fs::symlink_status(p, ec));
  }
  [[nodiscard]] bool is_directory(const fs::path& p) const override {
    std::error_code ec;
    return fs::is_directory(fs::symlink_status(p, ec));
  }
  [[nodiscard]] bool is_empty_directory(const fs::path& p) const override { return fs::is_empty(p); }
  void create_directories(const fs::path& p) override { fs::create_directories(p); }
  void write_file(const fs::path& p, std::string_view bytes) override {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + p.string());
  }
  void rename(const fs::path& from, const fs::path& to) override { fs::rename(from, to); }
  bool exchange(const fs::path& a, const fs::path& b) override {
#ifdef RENAME_EXCHANGE
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return true;
    // Filesystems without the flag report EINVAL (or ENOSYS on old kernels): fall back.
    if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) return false;
    throw fs::filesystem_error("cannot replace", a, b, std::error_code(errno, std::generic_category()));
#else
    (void)a;
    (void)b;
    return false;
#endif
  }
  void remove_all(const fs::path& p) override { fs::remove_all(p); }
};

// Output paths come from slugs and target names, but checking here keeps the guarantee local:
// nothing is ever written outside the temporary directory.
bool safe_relative(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      if (c == '\\' || c == '\0') return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace

std::unique_ptr<FileSystem> make_disk_file_system() { return std::make_unique<DiskFileSystem>(); }

std::optional<std::string> write_output(FileSystem& fs, const fs::path& dir_in, const std::vector<OutputFile>& files,
                                        std::string_view unique) {
  fs::path dir = dir_in.lexically_normal();
  if (dir.has_filename() == false) dir = dir.parent_path();  // "out/" -> "out"
  std::string name = dir.filename().string();
  if (name.empty() || name == "." || name == "..") {
    return "output directory '" + dir_in.string() + "' must name a directory, not '.' or '..'";
  }
  for (const OutputFile& f : files) {
    if (!safe_relative(f.path)) return "refusing to write unsafe output path '" + f.path + "'";
  }
  fs::path parent = dir.parent_path();
  fs::path tmp = parent / ("." + name + ".iamc-tmp-" + std::string(unique));
  fs::path old = parent / ("." + name + ".iamc-old-" + std::string(unique));
  bool existed = false;
  try {
    existed = fs.exists(dir);
    if (existed && !fs.is_directory(dir)) {
      return "output path '" + dir_in.string() + "' exists and is not a directory";
    }
    if (existed && !fs.is_empty_directory(dir) && !fs.exists(dir / std::string(kOutputMarker))) {
      return "output directory '" + dir_in.string() + "' is not empty and was not written by iamc (no " +
             std::string(kOutputMarker) + "); refusing to replace it";
    }
  } catch (const std::exception& e) {
    return std::string("cannot inspect output directory: ") + e.what();
  }
  try {
    if (!parent.empty()) fs.create_directories(parent);
    if (fs.exists(tmp)) fs.remove_all(tmp);
    fs.create_directories(tmp);
    for (const OutputFile& f : files) {
      fs::path p = tmp / fs::path(f.path);
      fs.create_directories(p.parent_path());
      fs.write_file(p, f.bytes);
    }
  } catch (const std::exception& e) {
    try {
      fs.remove_all(tmp);
    } catch (const std::exception&) {
    }
    return std::string("cannot write output: ") + e.what();
  }
  try {
    if (!existed) {
      fs.rename(tmp, dir);
      return std::nullopt;
    }
    fs::path previous = tmp;  // after the swap the temporary name holds the previous run's output
    if (!fs.exchange(tmp, dir)) {
      fs.rename(dir, old);
      try {
        fs.rename(tmp, dir);
      } catch (...) {
        fs.rename(old, dir);  // put the previous output back
        throw;
      }
      previous = old;
    }
    try {
      fs.remove_all(previous);
    } catch (const std::exception&) {
      // DIR already holds the new output; a leftover hidden directory is not worth failing for.
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    try {
      fs.remove_all(tmp);
    } catch (const std::exception&) {
    }
    return std::string("cannot replace output directory: ") + e.what();
  }
}

}  // namespace iamc::driver
