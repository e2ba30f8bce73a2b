// A growable array whose elements never move: fixed-size chunks instead of one buffer that is
// reallocated. The resolver appends the model's bindings while the files are still being loaded,
// so it cannot size one array up front; a std::vector growing by doubling would copy a million
// bindings several times and, at its last growth, hold the old and the new buffer at once (half
// as much memory again as the bindings themselves, at the run's peak).
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace iamc {

template <typename T, std::size_t kChunkBits = 12>
class StableVector {
  static constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;

 public:
  template <bool kConst>
  class Iterator {
    using Owner = std::conditional_t<kConst, const StableVector, StableVector>;

   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<kConst, const T*, T*>;
    using reference = std::conditional_t<kConst, const T&, T&>;

    Iterator() = default;
    Iterator(Owner* owner, std::size_t index) : owner_(owner), index_(index) {}
    operator Iterator<true>() const  // NOLINT(google-explicit-constructor): iterator -> const_iterator
      requires(!kConst)
    {
      return {owner_, index_};
    }

    reference operator*() const { return (*owner_)[index_]; }
    pointer operator->() const { return &(*owner_)[index_]; }
    reference operator[](difference_type n) const { return (*owner_)[index_ + n]; }
    Iterator& operator++() { return ++index_, *this; }
    Iterator operator++(int) { return {owner_, index_++}; }
    Iterator& operator--() { return --index_, *this; }
    Iterator operator--(int) { return {owner_, index_--}; }
    Iterator& operator+=(difference_type n) { return index_ += n, *this; }
    Iterator& operator-=(difference_type n) { return index_ -= n, *this; }
    friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
    friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
    friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const Iterator& a, const Iterator& b) {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.index_ == b.index_; }
    friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.index_ <=> b.index_; }

   private:
    Owner* owner_ = nullptr;
    std::size_t index_ = 0;
  };
  using iterator = Iterator<false>;
  using const_iterator = Iterator<true>;
  using value_type = T;

  StableVector() = default;
  StableVector(StableVector&& other) noexcept
      : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {
    other.chunks_.clear();
  }
  StableVector& operator=(StableVector&& other) noexcept {
    if (this != &other) {
      clear();
      chunks_ = std::move(other.chunks_);
      other.chunks_.clear();
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  StableVector(const StableVector&) = delete;  // elements are pointed to: a copy would be a trap
  StableVector& operator=(const StableVector&) = delete;
  ~StableVector() { clear(); }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if ((size_ & (kChunk - 1)) == 0 && (size_ >> kChunkBits) == chunks_.size()) {
      chunks_.emplace_back(static_cast<T*>(::operator new(kChunk * sizeof(T), std::align_val_t{alignof(T)})));
    }
    T* at = &chunks_[size_ >> kChunkBits][size_ & (kChunk - 1)];
    new (at) T(std::forward<Args>(args)...);
    ++size_;
    return *at;
  }
  void push_back(const T& item) { emplace_back(item); }
  void push_back(T&& item) { emplace_back(std::move(item)); }

  void clear() {
    for (std::size_t i = 0; i < size_; ++i) (*this)[i].~T();
    size_ = 0;
    chunks_.clear();
  }

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  struct Free {
    void operator()(T* chunk) const { ::operator delete(chunk, std::align_val_t{alignof(T)}); }
  };
  std::vector<std::unique_ptr<T[], Free>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace iamc
