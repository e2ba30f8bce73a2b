// Bump allocators for the syntax tree: StringArena for strings that must outlive the buffer they
// were decoded from (escaped DSL strings, YAML scalars), NodeArena for the tree's lists. The AST
// holds std::string_view into source buffers or a StringArena, and ArenaArray into a NodeArena,
// so a grant costs no heap allocation of its own.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

namespace iamc {

class StringArena {
 public:
  StringArena() = default;
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;
  StringArena(StringArena&&) = default;
  StringArena& operator=(StringArena&&) = default;

  /// Copies `text` into the arena; the view stays valid for the arena's lifetime.
  std::string_view save(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > kChunk / 4) {
      // Large strings get their own block so they do not waste the tail of a chunk.
      auto& block = blocks_.emplace_back(new char[text.size()]);
      std::memcpy(block.get(), text.data(), text.size());
      return {block.get(), text.size()};
    }
    if (used_ + text.size() > kChunk || blocks_.empty() || current_ == nullptr) {
      current_ = blocks_.emplace_back(new char[kChunk]).get();
      used_ = 0;
    }
    char* out = current_ + used_;
    std::memcpy(out, text.data(), text.size());
    used_ += text.size();
    return {out, text.size()};
  }

 private:
  static constexpr std::size_t kChunk = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* current_ = nullptr;
  std::size_t used_ = 0;
};

/// A list of objects in a NodeArena: a pointer and a length, read-only, and as trivial to copy
/// and destroy as the objects themselves (which may be incomplete where the array is declared:
/// an expression's arguments hold expressions).
template <typename T>
class ArenaArray {
 public:
  ArenaArray() = default;
  ArenaArray(const T* data, std::uint32_t size) : data_(data), size_(size) {}

  [[nodiscard]] const T* begin() const { return data_; }
  [[nodiscard]] const T* end() const { return data_ + size_; }
  [[nodiscard]] const T* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return data_[i]; }
  /// Checked: throws std::out_of_range past the end.
  [[nodiscard]] const T& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("ArenaArray::at");
    return data_[i];
  }
  [[nodiscard]] const T& front() const { return data_[0]; }
  [[nodiscard]] const T& back() const { return data_[size_ - 1]; }

 private:
  const T* data_ = nullptr;
  std::uint32_t size_ = 0;
};

/// Where a syntax tree's lists live (a call's arguments, a grant's principals and scopes): each
/// list is copied in once, when the parser knows it whole, and all of them are freed at once with
/// the arena. Parsing a million grants allocated and freed some five million small vectors one
/// by one, an eighth of a compile, and more with -j, where every malloc and free takes a lock.
/// Only for objects that need no destructor.
class NodeArena {
 public:
  NodeArena() = default;
  NodeArena(const NodeArena&) = delete;
  NodeArena& operator=(const NodeArena&) = delete;

  /// Whether `p` points into this arena (for tests: which arena a tree's lists went to).
  [[nodiscard]] bool owns(const void* p) const {
    const auto* byte = static_cast<const char*>(p);
    for (std::size_t i = 0; i < chunks_.size(); ++i) {
      const auto* begin = reinterpret_cast<const char*>(chunks_[i].get());
      if (byte >= begin && byte < begin + chunk_bytes_[i]) return true;
    }
    return false;
  }

  template <typename T>
  ArenaArray<T> copy(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "a NodeArena never runs destructors");
    if (items.empty()) return {};
    void* out = allocate(items.size_bytes(), alignof(T));
    std::memcpy(out, items.data(), items.size_bytes());
    return {static_cast<const T*>(out), static_cast<std::uint32_t>(items.size())};
  }

 private:
  void* allocate(std::size_t bytes, std::size_t align) {
    std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (current_ == nullptr || at + bytes > capacity_) {
      // Chunks grow with the tree (a file of a thousand grants needs a few hundred KB), up to
      // 1 MB; a list larger than a chunk gets one of its own.
      capacity_ = std::max<std::size_t>(bytes, std::min<std::size_t>(kMaxChunk, std::max(kMinChunk, 2 * capacity_)));
      chunks_.push_back(std::make_unique_for_overwrite<std::max_align_t[]>((capacity_ + sizeof(std::max_align_t) - 1) /
                                                                          sizeof(std::max_align_t)));
      chunk_bytes_.push_back(capacity_);
      current_ = reinterpret_cast<char*>(chunks_.back().get());
      at = 0;
    }
    used_ = at + bytes;
    return current_ + at;
  }

  static constexpr std::size_t kMinChunk = 4 * 1024;
  static constexpr std::size_t kMaxChunk = 1024 * 1024;
  std::vector<std::unique_ptr<std::max_align_t[]>> chunks_;
  std::vector<std::size_t> chunk_bytes_;
  char* current_ = nullptr;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace iamc
