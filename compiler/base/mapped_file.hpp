// A file's bytes mapped read-only into memory instead of read into a buffer. Reading a large
// file into fresh memory costs a page fault and a zeroed page per 4 KiB before the copy; mapping
// hands over the kernel's own cached pages (all at once, MAP_POPULATE). A plan reads 34 MB of
// state for 100,000 bindings, and reading it was a sixteenth of the plan; a million grants are
// 122 MB of sources. The text is followed by zeros to the end of its page, then by a page that
// cannot be read (see map()).
//
// Only for runs that end soon after they read: a long-lived process (the LSP) reads instead,
// since editors may rewrite a file in place while it is open.
//
// A mapped file that another process truncates while iamc reads it would kill iamc with SIGBUS
// at the first byte past the new end. The first mapping installs a SIGBUS handler that says so
// in one line on standard error and exits with status 2 (an input problem), so that even then
// iamc ends with a message, not a crash.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace iamc {

class MappedFile {
 public:
  /// Maps the regular file at `path` whole; null when it cannot be (an empty file, a pipe, a
  /// file system without mmap): the caller reads it instead.
  static std::unique_ptr<MappedFile> map(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  [[nodiscard]] std::string_view text() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, std::size_t size, std::size_t span) : data_(data), size_(size), span_(span) {}
  const char* data_;
  std::size_t size_;
  std::size_t span_;  ///< the whole mapping: the file's pages and the guard page after them
};

}  // namespace iamc
