// All-or-nothing output replacement, against an in-memory file system.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <stdexcept>

#include "driver/output_writer.hpp"

namespace {

namespace fs = std::filesystem;

// Directories and files as sets of normalised path strings; can be told to fail a write.
class FakeFileSystem final : public iamc::driver::FileSystem {
 public:
  std::set<std::string> dirs{"/"};
  std::map<std::string, std::string> files;
  std::map<std::string, fs::perms> modes;
  std::string fail_write_of;  // a file name whose write throws
  bool can_exchange = true;
  int syncs = 0;

  [[nodiscard]] bool exists(const fs::path& p) const override {
    return dirs.count(p.string()) != 0 || files.count(p.string()) != 0;
  }
  [[nodiscard]] bool is_directory(const fs::path& p) const override { return dirs.count(p.string()) != 0; }
  [[nodiscard]] bool is_empty_directory(const fs::path& p) const override {
    std::string prefix = p.string() + "/";
    for (const auto& d : dirs) {
      if (d.rfind(prefix, 0) == 0) return false;
    }
    for (const auto& [f, _] : files) {
      if (f.rfind(prefix, 0) == 0) return false;
    }
    return true;
  }
  [[nodiscard]] std::vector<iamc::driver::TreeEntry> list_tree(const fs::path& p) const override {
    using Kind = iamc::driver::TreeEntry::Kind;
    std::vector<iamc::driver::TreeEntry> out;
    std::string prefix = p.string() + "/";
    for (const auto& d : dirs) {
      if (d.rfind(prefix, 0) == 0) out.push_back({d.substr(prefix.size()), Kind::Directory});
    }
    for (const auto& [f, _] : files) {
      if (f.rfind(prefix, 0) == 0) out.push_back({f.substr(prefix.size()), Kind::File});
    }
    return out;
  }
  [[nodiscard]] std::string read_file(const fs::path& p) const override { return files.at(p.string()); }
  [[nodiscard]] fs::perms permissions(const fs::path& p) const override {
    auto it = modes.find(p.string());
    return it == modes.end() ? fs::perms(0755) : it->second;
  }
  void set_permissions(const fs::path& p, fs::perms perms) override { modes[p.string()] = perms; }
  void sync_directory(const fs::path&) override { ++syncs; }
  void create_directories(const fs::path& p) override {
    for (fs::path q = p; !q.empty() && q != q.root_path(); q = q.parent_path()) dirs.insert(q.string());
  }
  void write_file(const fs::path& p, std::string_view bytes) override {
    if (!fail_write_of.empty() && p.filename() == fail_write_of) throw std::runtime_error("disk full");
    files[p.string()] = std::string(bytes);
  }
  void rename(const fs::path& from, const fs::path& to) override { move(from.string(), to.string()); }
  bool exchange(const fs::path& a, const fs::path& b) override {
    if (!can_exchange) return false;
    move(a.string(), "/swap");
    move(b.string(), a.string());
    move("/swap", b.string());
    return true;
  }
  void remove_all(const fs::path& p) override {
    std::string s = p.string();
    erase_if(dirs, s);
    erase_if(files, s);
    erase_if(modes, s);
  }

  // The files below `dir`, relative to it.
  std::map<std::string, std::string> under(const std::string& dir) const {
    std::map<std::string, std::string> out;
    for (const auto& [f, b] : files) {
      if (f.rfind(dir + "/", 0) == 0) out[f.substr(dir.size() + 1)] = b;
    }
    return out;
  }

 private:
  static bool below(const std::string& path, const std::string& root) {
    return path == root || path.rfind(root + "/", 0) == 0;
  }
  template <typename C>
  static void erase_if(C& c, const std::string& root) {
    for (auto it = c.begin(); it != c.end();) {
      const std::string& key = key_of(*it);
      it = below(key, root) ? c.erase(it) : std::next(it);
    }
  }
  static const std::string& key_of(const std::string& s) { return s; }
  template <typename V>
  static const std::string& key_of(const std::pair<const std::string, V>& p) { return p.first; }
  void move(const std::string& from, const std::string& to) {
    if (!exists(from)) throw std::runtime_error("no such path " + from);
    std::set<std::string> new_dirs;
    for (auto it = dirs.begin(); it != dirs.end();) {
      if (below(*it, from)) {
        new_dirs.insert(to + it->substr(from.size()));
        it = dirs.erase(it);
      } else {
        ++it;
      }
    }
    dirs.insert(new_dirs.begin(), new_dirs.end());
    std::map<std::string, std::string> new_files;
    for (auto it = files.begin(); it != files.end();) {
      if (below(it->first, from)) {
        new_files[to + it->first.substr(from.size())] = it->second;
        it = files.erase(it);
      } else {
        ++it;
      }
    }
    files.insert(new_files.begin(), new_files.end());
    std::map<std::string, fs::perms> new_modes;
    for (auto it = modes.begin(); it != modes.end();) {
      if (below(it->first, from)) {
        new_modes[to + it->first.substr(from.size())] = it->second;
        it = modes.erase(it);
      } else {
        ++it;
      }
    }
    modes.insert(new_modes.begin(), new_modes.end());
  }
};

using iamc::driver::OutputFile;
using iamc::driver::write_output;

// The files below `dir` without the manifest, and the paths the manifest lists.
std::map<std::string, std::string> without_manifest(std::map<std::string, std::string> files) {
  files.erase(std::string(iamc::driver::kManifestName));
  return files;
}

std::vector<OutputFile> run(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<OutputFile> out;
  for (const auto& [p, b] : list) out.push_back({p, b});
  return out;
}

}  // namespace

TEST_CASE("output writer creates a new directory") {
  FakeFileSystem fs;
  auto err = write_output(fs, "/w/out", run({{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}}), "1");
  CHECK_FALSE(err);
  CHECK(without_manifest(fs.under("/w/out")) ==
        std::map<std::string, std::string>{{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}});
  CHECK(fs.files.at("/w/out/.iamc-manifest") ==
        iamc::driver::make_manifest(run({{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}})));
  CHECK(fs.under("/w").size() == 3);  // no temporary left behind
  CHECK(fs.syncs > 0);
}

TEST_CASE("output writer replaces an earlier run and drops its stale files") {
  for (bool exchange : {true, false}) {
    FakeFileSystem fs;
    fs.can_exchange = exchange;
    REQUIRE_FALSE(write_output(fs, "/w/out", run({{"astra/0001-a.json", "A"}, {"astra/0002-b.json", "B"},
                                                  {"requests.ndjson", "N"}}), "1"));
    REQUIRE_FALSE(write_output(fs, "/w/out", run({{"astra/0001-a.json", "A2"}, {"requests.ndjson", "N2"}}), "2"));
    CHECK(without_manifest(fs.under("/w/out")) ==
          std::map<std::string, std::string>{{"astra/0001-a.json", "A2"}, {"requests.ndjson", "N2"}});
    CHECK(fs.under("/w").size() == 3);
  }
}

TEST_CASE("output writer leaves the directory untouched when a write fails") {
  FakeFileSystem fs;
  REQUIRE_FALSE(write_output(fs, "/w/out", run({{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}}), "1"));
  fs.fail_write_of = "0002-b.json";
  auto err = write_output(fs, "/w/out", run({{"astra/0001-a.json", "X"}, {"astra/0002-b.json", "Y"},
                                             {"requests.ndjson", "Z"}}), "2");
  REQUIRE(err);
  CHECK(err->find("disk full") != std::string::npos);
  CHECK(without_manifest(fs.under("/w/out")) ==
        std::map<std::string, std::string>{{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}});
  CHECK(fs.under("/w").size() == 3);
}

TEST_CASE("output writer refuses directories it did not write and unsafe paths") {
  FakeFileSystem fs;
  fs.create_directories("/home/me");
  fs.write_file("/home/me/notes.txt", "keep");
  auto err = write_output(fs, "/home/me", run({{"requests.ndjson", "N"}}), "1");
  REQUIRE(err);
  CHECK(fs.files.at("/home/me/notes.txt") == "keep");
  CHECK(write_output(fs, "/w/out", run({{"../escape.json", "X"}}), "1"));
  CHECK(write_output(fs, "/w/out", run({{"/abs.json", "X"}}), "1"));
  CHECK_FALSE(fs.exists("/w/escape.json"));
  fs.write_file("/w/file", "f");
  CHECK(write_output(fs, "/w/file", run({{"requests.ndjson", "N"}}), "1"));
  CHECK(fs.files.at("/w/file") == "f");
}

TEST_CASE("output writer never replaces a directory holding anything its manifest does not list") {
  FakeFileSystem fs;
  REQUIRE_FALSE(write_output(fs, "/w/out", run({{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}}), "1"));
  SECTION("a user's file beside iamc's") { fs.write_file("/w/out/README", "mine"); }
  SECTION("a user's file in a subdirectory") { fs.write_file("/w/out/astra/notes.txt", "mine"); }
  SECTION("a user's empty directory") { fs.create_directories("/w/out/src"); }
  SECTION("a forged manifest") { fs.files["/w/out/.iamc-manifest"] = "requests.ndjson\n"; }
  SECTION("no manifest, only an old requests.ndjson") { fs.files.erase("/w/out/.iamc-manifest"); }
  auto state = fs.files;
  auto dirs = fs.dirs;
  auto err = write_output(fs, "/w/out", run({{"requests.ndjson", "N2"}}), "2");
  REQUIRE(err);
  CHECK(err->find("refusing to replace") != std::string::npos);
  CHECK(fs.files == state);  // nothing written, nothing removed
  CHECK(fs.dirs == dirs);
}

TEST_CASE("output writer keeps the directory's permissions") {
  for (bool exchange : {true, false}) {
    FakeFileSystem fs;
    fs.can_exchange = exchange;
    REQUIRE_FALSE(write_output(fs, "/w/out", run({{"requests.ndjson", "N"}}), "1"));
    fs.set_permissions("/w/out", fs::perms(0700));
    REQUIRE_FALSE(write_output(fs, "/w/out", run({{"requests.ndjson", "N2"}}), "2"));
    CHECK(fs.permissions("/w/out") == fs::perms(0700));
    // An empty directory the user made is filled, and keeps its mode too.
    fs.create_directories("/w/empty");
    fs.set_permissions("/w/empty", fs::perms(0750));
    REQUIRE_FALSE(write_output(fs, "/w/empty", run({{"requests.ndjson", "N"}}), "3"));
    CHECK(fs.permissions("/w/empty") == fs::perms(0750));
  }
}

TEST_CASE("output writer refuses output paths that would break the manifest") {
  FakeFileSystem fs;
  CHECK(write_output(fs, "/w/out", run({{"astra/a\nb.json", "X"}}), "1"));
  CHECK_FALSE(fs.exists("/w/out"));
}
