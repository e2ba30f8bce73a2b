// A bump allocator for strings that must outlive the buffer they were decoded from (escaped DSL
// strings, YAML scalars). The AST holds std::string_view into source buffers or into this arena,
// so a grant costs no heap allocation per string.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
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

}  // namespace iamc
