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
  std::string fail_write_of;  // a file name whose write throws
  bool can_exchange = true;

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
  static const std::string& key_of(const std::pair<const std::string, std::string>& p) { return p.first; }
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
  }
};

using iamc::driver::OutputFile;
using iamc::driver::write_output;

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
  CHECK(fs.under("/w/out") == std::map<std::string, std::string>{{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}});
  CHECK(fs.under("/w").size() == 2);  // no temporary left behind
}

TEST_CASE("output writer replaces an earlier run and drops its stale files") {
  for (bool exchange : {true, false}) {
    FakeFileSystem fs;
    fs.can_exchange = exchange;
    REQUIRE_FALSE(write_output(fs, "/w/out", run({{"astra/0001-a.json", "A"}, {"astra/0002-b.json", "B"},
                                                  {"requests.ndjson", "N"}}), "1"));
    REQUIRE_FALSE(write_output(fs, "/w/out", run({{"astra/0001-a.json", "A2"}, {"requests.ndjson", "N2"}}), "2"));
    CHECK(fs.under("/w/out") == std::map<std::string, std::string>{{"astra/0001-a.json", "A2"}, {"requests.ndjson", "N2"}});
    CHECK(fs.under("/w").size() == 2);
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
  CHECK(fs.under("/w/out") == std::map<std::string, std::string>{{"astra/0001-a.json", "A"}, {"requests.ndjson", "N"}});
  CHECK(fs.under("/w").size() == 2);
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
