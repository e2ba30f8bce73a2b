// All-or-nothing output directory replacement (see output_writer.hpp).
#include "driver/output_writer.hpp"

#include "base/version.hpp"
#include "driver/checked_io.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc)

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
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
  [[nodiscard]] std::vector<TreeEntry> list_tree(const fs::path& dir) const override {
    std::vector<TreeEntry> out;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
      fs::file_status st = it->symlink_status();
      TreeEntry::Kind kind = fs::is_directory(st)      ? TreeEntry::Kind::Directory
                             : fs::is_regular_file(st) ? TreeEntry::Kind::File
                                                       : TreeEntry::Kind::Other;
      out.push_back({it->path().lexically_relative(dir).generic_string(), kind});
    }
    return out;
  }
  [[nodiscard]] std::string read_file(const fs::path& p) const override {
    std::ifstream in(p, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) throw std::runtime_error("cannot read " + p.string());
    return text;
  }
  [[nodiscard]] fs::perms permissions(const fs::path& p) const override { return fs::status(p).permissions(); }
  void set_permissions(const fs::path& p, fs::perms perms) override { fs::permissions(p, perms); }
  void create_directories(const fs::path& p) override { fs::create_directories(p); }
  void write_file(const fs::path& p, std::string_view bytes) override { write_file_durably(p, bytes); }
  void sync_directory(const fs::path& p) override { driver::sync_directory(p); }
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
      // No line breaks either: the manifest lists one path per line.
      if (c == '\\' || c == '\0' || c == '\n' || c == '\r') return false;
    }
    start = end + 1;
  }
  return true;
}

// Why `dir` (not empty) is not iamc's output, or nullopt when it holds nothing but the files its
// manifest lists and the directories that contain them.
std::optional<std::string> foreign_content(const FileSystem& fs, const fs::path& dir) {
  const std::string manifest_name(kManifestName);
  if (!fs.exists(dir / manifest_name)) return "it holds no " + manifest_name + ", so iamc did not write it";
  std::string manifest = fs.read_file(dir / manifest_name);
  std::set<std::string, std::less<>> listed;
  std::set<std::string, std::less<>> folders;
  std::string_view rest = manifest;
  bool first = true;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (first) {
      if (line != kManifestSignature) return manifest_name + " is not an iamc output manifest";
      first = false;
      continue;
    }
    if (line.empty() || line.front() == '#') continue;
    if (!safe_relative(line)) return manifest_name + " lists an unsafe path";
    listed.emplace(line);
    for (std::size_t slash = line.find('/'); slash != std::string_view::npos; slash = line.find('/', slash + 1)) {
      folders.emplace(line.substr(0, slash));
    }
  }
  if (first) return manifest_name + " is empty, not an iamc output manifest";
  for (const TreeEntry& e : fs.list_tree(dir)) {
    bool ours = e.kind == TreeEntry::Kind::File ? e.path == manifest_name || listed.count(e.path) != 0
                : e.kind == TreeEntry::Kind::Directory ? folders.count(e.path) != 0
                                                       : false;
    if (!ours) return "it holds '" + e.path + "', which iamc did not write";
  }
  return std::nullopt;
}

}  // namespace

std::string make_manifest(const std::vector<OutputFile>& files) {
  std::string out(kManifestSignature);
  out += "\n# Written by iamc ";
  out += kVersion;
  out += " (iamc compile -o). iamc replaces this directory only while it\n"
         "# holds nothing but the files listed below; anything else in it makes iamc refuse.\n";
  for (const OutputFile& f : files) {
    out += f.path;
    out += '\n';
  }
  return out;
}

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
  std::optional<fs::perms> mode;
  try {
    existed = fs.exists(dir);
    if (existed && !fs.is_directory(dir)) {
      return "output path '" + dir_in.string() + "' exists and is not a directory";
    }
    if (existed && !fs.is_empty_directory(dir)) {
      if (auto refusal = foreign_content(fs, dir)) {
        return "refusing to replace output directory '" + dir_in.string() + "': " + *refusal +
               "; iamc replaces only a directory that is empty or holds nothing but its own output "
               "(listed in " + std::string(kManifestName) + "): choose another directory, or empty this one yourself";
      }
    }
    if (existed) mode = fs.permissions(dir);
  } catch (const std::exception& e) {
    return std::string("cannot inspect output directory: ") + e.what();
  }
  try {
    if (!parent.empty()) fs.create_directories(parent);
    if (fs.exists(tmp)) fs.remove_all(tmp);
    fs.create_directories(tmp);
    std::set<fs::path> made{tmp};
    for (const OutputFile& f : files) {
      fs::path p = tmp / fs::path(f.path);
      fs.create_directories(p.parent_path());
      made.insert(p.parent_path());
      fs.write_file(p, f.bytes);
    }
    fs.write_file(tmp / std::string(kManifestName), make_manifest(files));
    // Durable before the swap: after a crash DIR holds either the old or the whole new output.
    for (const fs::path& d : made) fs.sync_directory(d);
    if (mode) fs.set_permissions(tmp, *mode);
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
      fs.sync_directory(parent);
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
    fs.sync_directory(parent);
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
