// JSON-RPC framing for the language server: `Content-Length` headers over a byte stream, robust to
// malformed headers and oversized messages.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

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

/// Reads and writes framed messages. Not thread-safe; the server is single-threaded.
class Transport {
 public:
  Transport(std::FILE* in, std::FILE* out, std::size_t max_bytes = kMaxMessageBytes)
      : in_(in), out_(out), max_bytes_(max_bytes) {}

  /// The next message. After Malformed or TooLarge the stream is positioned after the bad part, so
  /// the caller answers and reads on. A header block whose `Content-Length` is missing or invalid
  /// is skipped; a later header found glued to garbage (`...}Content-Length: 12`) resynchronises.
  Incoming read();

  /// Frames and writes one message, then flushes.
  void write(const nlohmann::json& message);

 private:
  // One header line without its terminator; false at end of input before any byte.
  bool read_line(std::string& line, bool& too_long);

  std::FILE* in_;
  std::FILE* out_;
  std::size_t max_bytes_;
};

}  // namespace iamc::lsp
