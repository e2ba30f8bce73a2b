// The one way iamc runs work on several threads (-j): a fixed list of independent items, taken in
// order by up to N threads, the caller's included. Callers keep results per item and combine them
// in item order afterwards, so what they produce does not depend on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace iamc {

/// Threads for a -j value: 0 means one per core; never less than 1.
inline unsigned thread_count(int jobs) {
  if (jobs > 0) return static_cast<unsigned>(jobs);
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Runs work(i) for every i in [0, n) on up to `threads` threads, the caller's included, and
/// returns when all are done. With one thread or one item no thread is started. The first
/// exception thrown is rethrown here (items not yet started are then skipped).
template <class Work>
void parallel_for(std::size_t n, unsigned threads, const Work& work) {
  auto count = static_cast<unsigned>(std::min<std::size_t>(threads, n));
  if (count <= 1) {
    for (std::size_t i = 0; i < n; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto run = [&] {
    try {
      for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) work(i);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next.store(n);
    }
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(count - 1);
    for (unsigned t = 1; t < count; ++t) pool.emplace_back(run);
    run();
  }  // the jthreads join here
  if (failure) std::rethrow_exception(failure);
}

}  // namespace iamc
