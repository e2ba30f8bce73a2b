// A git revision's files as a directory, for `iamc diff`: `git archive` of the revision, unpacked
// by `tar` into a temporary directory. Nothing is checked out and the work tree is not touched.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace iamc::driver {

class RevisionTree {
 public:
  RevisionTree() = default;
  RevisionTree(const RevisionTree&) = delete;
  RevisionTree& operator=(const RevisionTree&) = delete;
  ~RevisionTree();  ///< removes the temporary directory

  /// Unpacks `revision` of the repository holding the working directory; `root()` is then the
  /// revision's counterpart of the working directory. Returns an error message on failure.
  std::optional<std::string> extract(const std::string& revision);
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path temp_;
  std::filesystem::path root_;
};

}  // namespace iamc::driver
