// iamc's entry point: everything happens in run_cli (cli.cpp) and the cmd_<verb>.cpp it calls.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "driver/cli.hpp"

namespace {

// Transparent huge pages for large runs. A 100,000-grant project touches some 120 MB of small
// heap objects, one 4 KiB page fault at a time: on a virtual machine those faults were a third of
// `iamc who` and `iamc compile` (perf: the hypervisor's interrupt path). glibc's malloc asks the
// kernel for huge pages when the tunable glibc.malloc.hugetlb=1 is set (glibc 2.35 and later;
// Debian 12 has 2.36), which cut those runs by 45 % (docs/performance.md, "Huge pages"). Tunables
// are read when the process starts, so iamc starts itself again, once, with the tunable added —
// only when the run may be large: a one-file check (an editor's, a hook's) keeps its start-up.
// A user's own setting of the tunable (glibc.malloc.hugetlb=0 turns this off) is left alone.
constexpr const char* kTunable = "glibc.malloc.hugetlb";
constexpr off_t kSmallFile = off_t{1} << 20;

// Whether every argument after the command word names a regular file under 1 MiB (options and
// their values included: a folder, a revision or a missing file counts as possibly large).
bool only_small_files(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    const char* arg = argv[i];
    if (arg[0] == '-') continue;
    struct stat st {};
    if (::stat(arg, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size >= kSmallFile) return false;
  }
  return true;
}

// AddressSanitizer brings its own allocator, which glibc's tunables do not reach: a restart would
// only cost the sanitizer's start-up twice.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcMalloc = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kGlibcMalloc = false;
#else
constexpr bool kGlibcMalloc = true;
#endif
#else
constexpr bool kGlibcMalloc = true;
#endif

void restart_with_huge_pages(int argc, char** argv) {
  if (!kGlibcMalloc || argc < 3 || std::strcmp(argv[1], "lsp") == 0) return;
  const char* set = std::getenv("GLIBC_TUNABLES");
  if (set != nullptr && std::strstr(set, kTunable) != nullptr) return;  // set: ours or the user's
  if (only_small_files(argc, argv)) return;
  const bool had = set != nullptr;
  const std::string before = had ? set : "";
  std::string value = before.empty() ? std::string() : before + ":";
  value += kTunable;
  value += "=1";
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // No /proc, or the binary is gone: run as we are, without the tunable.
  if (had) {
    ::setenv("GLIBC_TUNABLES", before.c_str(), 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
}

}  // namespace

int main(int argc, char** argv) {
  restart_with_huge_pages(argc, argv);
  return iamc::driver::run_cli(argc, argv);
}
