// JSON-RPC framing for the language server: `Content-Length` headers over a byte stream, robust to
// malformed headers and oversized messages.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace iamc::lsp {

/// A message body larger than this is read and discarded, and answered with an error.
inline constexpr std::size_t kMaxMessageBytes = 64u * 1024 * 1024;
/// Header lines longer than this are malformed (nothing legitimate comes close).
inline constexpr std::size_t kMaxHeaderLine = 8192;

struct Incoming {
  enum class Kind { Message, Malformed, TooLarge, Eof };
  Kind kind = Kind::Eof;
  std::string body;   ///< Message: the JSON text
  std::string error;  ///< Malformed, TooLarge: what was wrong
};

/// Where framed messages go: writes every byte it is given and returns false when any was lost
/// (the driver's checked standard output, or a stdio stream checked by stdio_output).
using OutputSink = std::function<bool(std::string_view bytes)>;

/// A sink over a stdio stream: fwrite and fflush, both checked.
OutputSink stdio_output(std::FILE* out);

/// Reads and writes framed messages. Not thread-safe; the server is single-threaded.
class Transport {
 public:
  Transport(std::FILE* in, OutputSink out, std::size_t max_bytes = kMaxMessageBytes)
      : in_(in), out_(std::move(out)), max_bytes_(max_bytes) {}

  /// The next message. After Malformed or TooLarge the stream is positioned after the bad part, so
  /// the caller answers and reads on. A header block whose `Content-Length` is missing or invalid
  /// is skipped; a later header found glued to garbage (`...}Content-Length: 12`) resynchronises.
  Incoming read();

  /// Frames and writes one message (one call to the sink). False, and nothing more is written,
  /// once any write failed: a server whose replies are lost must stop, not answer into the void.
  bool write(const nlohmann::json& message);
  [[nodiscard]] bool output_failed() const { return output_failed_; }

 private:
  // One header line without its terminator; false at end of input before any byte.
  bool read_line(std::string& line, bool& too_long);

  std::FILE* in_;
  OutputSink out_;
  std::size_t max_bytes_;
  bool output_failed_ = false;
};

}  // namespace iamc::lsp
