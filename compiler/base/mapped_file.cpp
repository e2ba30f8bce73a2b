// Read-only file mappings (see mapped_file.hpp).
#include "base/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <mutex>

namespace iamc {
namespace {

// Async-signal-safe: one write(2) of a fixed text, then _exit.
void on_sigbus(int /*signal*/) {
  static constexpr char kMessage[] =
      "iamc: error: a file iamc was reading shrank while it was read (another program rewrote it); "
      "nothing is reported from it: run iamc again\n";
  [[maybe_unused]] const ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(2);
}

void install_sigbus_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = on_sigbus;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, nullptr);
  });
}

}  // namespace

std::unique_ptr<MappedFile> MappedFile::map(const std::string& path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return nullptr;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    ::close(fd);
    return nullptr;
  }
  install_sigbus_handler();
  const auto size = static_cast<std::size_t>(st.st_size);
  // The file's pages, then one page no one may read: the bytes after the end of the text, up to
  // the end of its last page, read as zeros (as after a std::string's text), and a scanner that
  // ran further would fault at once instead of reading whatever memory came next.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t span = (size + page - 1) / page * page + page;
  void* area = ::mmap(nullptr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) {
    ::close(fd);
    return nullptr;
  }
  void* data = ::mmap(area, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
  ::close(fd);  // the mapping keeps the file open
  if (data == MAP_FAILED) {
    ::munmap(area, span);
    return nullptr;
  }
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<const char*>(data), size, span));
}

MappedFile::~MappedFile() { ::munmap(const_cast<char*>(data_), span_); }

}  // namespace iamc
