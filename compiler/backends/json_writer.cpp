// The canonical JSON writer (see json_writer.hpp).
#include "backends/json_writer.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace iamc::backend {

namespace {

// Whether any of the 8 bytes in `w` is a control character, '"' or '\\' (the bytes JSON must
// escape); bit tricks from "Bit Twiddling Hacks" (haszero / hasless), exact as a yes/no answer.
bool needs_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [&](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The length of the prefix of `text` that needs no escaping, a byte at a time from `i`.
std::size_t clean_prefix_bytes(std::string_view text, std::size_t i) {
  for (; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
  }
  return i;
}

#if defined(__SSE2__)
// A bit per byte of the 16 at `p`: set where JSON must escape the byte. SSE2 is part of x86-64,
// so this needs no runtime dispatch.
unsigned escape_mask(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1f)), bytes);  // c <= 0x1f
  const __m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
}
#endif

// The length of the prefix of `text` that needs no escaping. Most strings (keys, ids, role names)
// need no escaping at all, so the answer is usually "all of it", found without a byte loop: 16
// bytes per step with SSE2, the last step overlapping the one before (never reading past the
// end); 8..15-byte strings as two overlapping words; only shorter ones byte by byte.
std::size_t clean_prefix(std::string_view text) {
  const std::size_t n = text.size();
  const char* p = text.data();
#if defined(__SSE2__)
  if (n >= 16) {
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      if (unsigned mask = escape_mask(p + i)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
    if (i == n) return n;
    // The bytes before `i` in this last block are known to be clean, so the first set bit is the answer.
    unsigned mask = escape_mask(p + n - 16);
    return mask ? n - 16 + static_cast<std::size_t>(__builtin_ctz(mask)) : n;
  }
#endif
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (needs_escape(load8(p + i))) return clean_prefix_bytes(text, i);
  }
  if (i == n) return n;
  if (n >= 8) return needs_escape(load8(p + n - 8)) ? clean_prefix_bytes(text, i) : n;
  return clean_prefix_bytes(text, i);
}

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

std::size_t json_plain_prefix(std::string_view text) { return clean_prefix(text); }

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
                         std::string_view action, std::string_view method, std::string_view path,
                         std::string_view content_type, std::string_view body, std::string_view source,
                         std::string_view accept) {
  out += "{\"target\":";
  append_json_string(out, target);
  out += ",\"instance\":";
  append_json_string(out, instance);
  if (!action.empty()) {
    out += ",\"action\":";
    append_json_string(out, action);
  }
  out += ",\"method\":";
  append_json_string(out, method);
  out += ",\"path\":";
  append_json_string(out, path);
  out += ",\"headers\":{";
  if (!content_type.empty()) {
    out += "\"Content-Type\":";
    append_json_string(out, content_type);
  }
  if (!accept.empty()) {
    out += content_type.empty() ? "\"Accept\":" : ",\"Accept\":";
    append_json_string(out, accept);
  }
  out += '}';
  if (!body.empty()) {
    out += ",\"body\":";
    out += body;
  }
  out += ",\"source\":";
  append_json_string(out, source);
  out += "}\n";
}

}  // namespace iamc::backend
