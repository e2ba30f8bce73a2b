// An index from text to positions in a caller's list, where the text lives in the list's items:
// open addressing over one flat array of (hash, position) slots. Built for the large indexes of
// a run (a plan's 100,000 live bindings by id and by key, a diff's interned texts): a node-based
// std::unordered_map allocated a node per entry and missed the cache on it at every probe, and
// at 100,000 bindings its lookups and std::hash's out-of-line byte loop were a tenth of a plan.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace iamc {

/// A 32-bit hash of `text`, a word at a time and inline; multiplied and folded so that the low
/// bits (which pick a slot) depend on every byte. Not for anything an attacker could exploit
/// beyond making probes longer: the tables stay at most half full, and equal hashes are checked
/// against the text itself.
inline std::uint32_t text_hash(std::string_view text) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = text.size() * kMultiplier;
  auto mix = [&](std::uint64_t word) { h = std::rotl((h ^ word) * kMultiplier, 29); };
  auto word_at = [&](std::size_t i) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    return word;
  };
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) mix(word_at(i));
  if (i < text.size()) {
    if (text.size() >= 8) {
      mix(word_at(text.size() - 8));  // the last 8 bytes, overlapping the word before
    } else {
      std::uint64_t word = 0;
      for (; i < text.size(); ++i) word = (word << 8) | static_cast<unsigned char>(text[i]);
      mix(word);
    }
  }
  h = (h ^ (h >> 32)) * kMultiplier;
  return static_cast<std::uint32_t>(h >> 32);
}

/// Positions (std::uint32_t) by the text `key_of(position)` gives for them. At most one position
/// per text; key_of is only called for positions already inserted.
template <typename KeyOf>
class FlatIndex {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  explicit FlatIndex(KeyOf key_of) : key_of_(std::move(key_of)) { rehash(16); }

  /// Room for `n` texts without growing.
  void reserve(std::size_t n) {
    if (2 * n > slots_.size()) rehash(std::bit_ceil(2 * n));
  }
  void clear() {
    slots_.assign(slots_.size(), Slot{});
    size_ = 0;
  }
  [[nodiscard]] std::size_t size() const { return size_; }

  /// The position stored for `key`, or kNone.
  [[nodiscard]] std::uint32_t find(std::string_view key) const {
    const std::uint32_t hash = text_hash(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.position == kNone) return kNone;
      if (slot.hash == hash && key_of_(slot.position) == key) return slot.position;
    }
  }

  /// Stores `position` for `key` (which must be key_of(position), or the text it will have)
  /// unless a position is stored for it already. Returns the stored position, to read or to
  /// replace (valid until the next insert), and whether `position` was the one stored.
  std::pair<std::uint32_t&, bool> insert(std::string_view key, std::uint32_t position) {
    if (2 * (size_ + 1) > slots_.size()) rehash(2 * slots_.size());
    const std::uint32_t hash = text_hash(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.position == kNone) {
        slot = {hash, position};
        ++size_;
        return {slot.position, true};
      }
      if (slot.hash == hash && key_of_(slot.position) == key) return {slot.position, false};
    }
  }

 private:
  struct Slot {  // 8 bytes: the slots of 100,000 texts take 2 MB
    std::uint32_t hash = 0;
    std::uint32_t position = kNone;
  };
  // `size` is a power of two, at least twice the texts: probes stay short.
  void rehash(std::size_t size) {
    std::vector<Slot> slots(size);
    for (const Slot& slot : slots_) {
      if (slot.position == kNone) continue;
      std::size_t i = slot.hash & (size - 1);
      while (slots[i].position != kNone) i = (i + 1) & (size - 1);
      slots[i] = slot;
    }
    slots_ = std::move(slots);
  }

  KeyOf key_of_;
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace iamc
