// Source spans: half-open byte ranges into one loaded file. Line and column are computed only when
// something is printed (see source.hpp), so the hot path carries three integers and nothing else.
#pragma once

#include <cstdint>

namespace iamc {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;  ///< byte offset of the first byte
  std::uint32_t end = 0;    ///< byte offset one past the last byte

  [[nodiscard]] bool valid() const { return file != kNoFile; }
  [[nodiscard]] std::uint32_t size() const { return end - begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

/// The smallest span covering both (same file assumed).
inline Span cover(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
}

}  // namespace iamc
