// The canonical JSON writer (see json_writer.hpp).
#include "backends/json_writer.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace iamc::backend {

namespace {

#if defined(__SSE2__)

// A bit per byte of the 16 at `p`: set where JSON must escape the byte (a control character,
// '"' or '\\'). SSE2 is part of x86-64, so this needs no runtime dispatch.
unsigned escape_mask(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1f)), bytes);  // c <= 0x1f
  const __m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
}

// The length of the prefix of `text` that needs no escaping, 16 bytes per step. Most strings
// (keys, ids, role names) are short and need no escaping at all: the tail is copied into a
// padded block rather than read past the end.
std::size_t clean_prefix(std::string_view text) {
  std::size_t i = 0;
  for (; i + 16 <= text.size(); i += 16) {
    if (unsigned mask = escape_mask(text.data() + i)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  const std::size_t rest = text.size() - i;
  if (rest == 0) return i;
  char block[16];
  std::memset(block, 'a', sizeof block);
  std::memcpy(block, text.data() + i, rest);
  const unsigned mask = escape_mask(block);
  return mask ? i + static_cast<std::size_t>(__builtin_ctz(mask)) : text.size();
}

#else

// The length of the prefix of `text` that needs no escaping, a byte at a time.
std::size_t clean_prefix(std::string_view text) {
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
  }
  return i;
}

#endif

// Appends the bytes of `text` escaped (no quotes); the first `from` bytes need no escaping.
void append_escaped(std::string& out, std::string_view text, std::size_t from) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.append(text.data(), from);
  std::size_t run = from;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = from; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char hex[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(hex, sizeof hex);
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t clean = clean_prefix(text);
  if (clean == text.size()) {
    // The common case in one resize and one copy instead of three appends.
    const std::size_t at = out.size();
    out.resize(at + text.size() + 2);
    char* p = out.data() + at;
    p[0] = '"';
    if (!text.empty()) std::memcpy(p + 1, text.data(), text.size());
    p[text.size() + 1] = '"';
    return;
  }
  out.push_back('"');
  append_escaped(out, text, clean);
  out.push_back('"');
}

void append_json_string(std::string& out, std::initializer_list<std::string_view> parts) {
  out.push_back('"');
  for (std::string_view part : parts) append_escaped(out, part, clean_prefix(part));
  out.push_back('"');
}

void reindent(std::string_view compact, std::string& out) {
  out.reserve(out.size() + compact.size() * 2);
  std::size_t depth = 0;
  auto newline = [&] {
    out.push_back('\n');
    out.append(depth * 2, ' ');
  };
  for (std::size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    switch (c) {
      case '"': {  // a string, copied whole: its escapes keep every '"' inside it escaped
        std::size_t end = i + 1;
        while (end < compact.size() && compact[end] != '"') end += compact[end] == '\\' ? 2 : 1;
        out.append(compact.data() + i, end + 1 - i);
        i = end;
        break;
      }
      case '{':
      case '[':
        out.push_back(c);
        if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
          out.push_back(compact[++i]);  // empty: stays on one line
        } else {
          ++depth;
          newline();
        }
        break;
      case '}':
      case ']':
        --depth;
        newline();
        out.push_back(c);
        break;
      case ',':
        out.push_back(',');
        newline();
        break;
      case ':': out += ": "; break;
      default: out.push_back(c);
    }
  }
  out.push_back('\n');
}

void append_request_line(std::string& out, std::string_view target, std::string_view instance,
                         std::string_view method, std::string_view path, std::string_view content_type,
                         std::string_view body, std::string_view source) {
  out += "{\"target\":";
  append_json_string(out, target);
  out += ",\"instance\":";
  append_json_string(out, instance);
  out += ",\"method\":";
  append_json_string(out, method);
  out += ",\"path\":";
  append_json_string(out, path);
  out += ",\"headers\":{\"Content-Type\":";
  append_json_string(out, content_type);
  out += "},\"body\":";
  out += body;
  out += ",\"source\":";
  append_json_string(out, source);
  out += "}\n";
}

}  // namespace iamc::backend
