// Long outputs handed on while they are made: a worst-case diff of 100,000 grants is 90 MB of
// JSON and a plan that replaces 100,000 bindings 200 MB of requests; written a megabyte at a time
// they never sit in memory whole (building them whole was a tenth of those runs, in page faults).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace iamc {

/// Where a long output goes while it is made: each piece in order; false (a failed write) stops
/// the rendering.
using TextSink = std::function<bool(std::string_view)>;

/// Text appended piece by piece and handed to a sink about a megabyte at a time.
class ChunkedOutput {
 public:
  explicit ChunkedOutput(const TextSink& sink) : sink_(&sink) { text_.reserve(kChunk + kChunk / 4); }
  /// What to append to.
  std::string& text() { return text_; }
  /// Hands the text on once it passes a chunk; false once a write has failed.
  bool piece_done() { return text_.size() < kChunk || hand_on(); }
  /// Hands on the rest; false when a write failed.
  bool finish() { return text_.empty() || hand_on(); }

 private:
  static constexpr std::size_t kChunk = std::size_t{1} << 20;
  bool hand_on() {
    const bool ok = (*sink_)(text_);
    text_.clear();
    return ok;
  }
  const TextSink* sink_;
  std::string text_;
};

}  // namespace iamc
