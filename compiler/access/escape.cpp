// Escaping user text per output (see escape.hpp).
#include "access/escape.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/text.hpp"

namespace iamc::access {

namespace {

// ASCII that JSON and an embedding <script> block take as it is: nearly every byte of a report.
constexpr std::array<bool, 256> kJsonPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
  return plain;
}();

#if defined(__SSE2__)
// A bit per byte of the 16 at `p`, set where kJsonPlain is not. SSE2 is part of x86-64: no
// runtime dispatch.
unsigned json_special_mask(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // As signed bytes, every non-ASCII byte is negative: below ' ' are it and the controls.
  const __m128i control = _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20));
  auto is = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
  const __m128i json = _mm_or_si128(_mm_or_si128(is('\x7f'), is('"')), is('\\'));
  const __m128i script = _mm_or_si128(_mm_or_si128(is('<'), is('>')), is('&'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(json, script))));
}
#endif

// Where the run of kJsonPlain bytes from `i` ends. Nearly every string of a report is one run:
// 16 bytes a step with SSE2 (the last step overlapping the one before, never reading past the
// end), a byte a step below 16 bytes; the byte loop was a third of the JSON of a diff.
std::size_t json_plain_end(std::string_view text, std::size_t i) {
#if defined(__SSE2__)
  const std::size_t n = text.size();
  if (n >= 16) {
    for (; i + 16 <= n; i += 16) {
      if (const unsigned mask = json_special_mask(text.data() + i); mask != 0) return i + static_cast<std::size_t>(std::countr_zero(mask));
    }
    if (i == n) return n;
    // The last 16 bytes, without those before `i`, already known plain.
    const unsigned mask = json_special_mask(text.data() + n - 16) >> (i - (n - 16));
    return mask != 0 ? i + static_cast<std::size_t>(std::countr_zero(mask)) : n;
  }
#endif
  while (i < text.size() && kJsonPlain[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}

// What Markdown (a table cell included) and HTML take as it is; the rest is escaped.
constexpr std::array<bool, 256> kMarkdownPlain = [] {
  std::array<bool, 256> plain{};
  plain.fill(true);
  for (unsigned char c : std::string_view("&<>|\\`*_[]#~!(){}@")) plain[c] = false;
  return plain;
}();

// \uXXXX: the escapes JSON takes are of code points below U+10000 (text_hazard's all are).
char* write_unicode_escape(char* at, char32_t cp) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  *at++ = '\\';
  *at++ = 'u';
  for (int shift = 12; shift >= 0; shift -= 4) *at++ = kHex[(cp >> shift) & 0xF];
  return at;
}

char* write_text(char* at, std::string_view text) {
  if (text.empty()) return at;  // an empty view's data may be null, which memcpy must not get
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

}  // namespace

char* write_json_string(char* at, std::string_view text) {
  *at++ = '"';
  for (std::size_t i = 0; i < text.size();) {
    // Runs of plain ASCII are copied whole.
    const std::size_t run = json_plain_end(text, i);
    at = write_text(at, text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      // ASCII that needs escaping: quotes, backslashes, controls, and < > & for <script> blocks.
      switch (const char c = text[i]) {
        case '"': at = write_text(at, "\\\""); break;
        case '\\': at = write_text(at, "\\\\"); break;
        case '\n': at = write_text(at, "\\n"); break;
        case '\t': at = write_text(at, "\\t"); break;
        default: at = write_unicode_escape(at, static_cast<char32_t>(c));
      }
      ++i;
      continue;
    }
    auto [cp, length] = decode_utf8(text, i);
    if (cp == 0xFFFD && length == 1) {
      at = write_text(at, "\\ufffd");  // not UTF-8 (a file name can be anything): JSON text must be
    } else if (text_hazard(cp) != TextHazard::None) {
      at = write_unicode_escape(at, cp);
    } else {
      at = write_text(at, text.substr(i, length));
    }
    i += length;
  }
  *at++ = '"';
  return at;
}

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t at = out.size();
  out.resize(at + json_string_room(text.size()));
  char* end = write_json_string(out.data() + at, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

std::string html_text(std::string_view text) {
  std::string out;
  for (char c : display_text(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void append_markdown_text(std::string& out, std::string_view text) {
  // display_text changes only controls and non-ASCII: text without them is its own display form.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F;
  });
  std::string shown = plain ? std::string() : display_text(text);
  const std::string_view view = plain ? text : std::string_view(shown);
  for (std::size_t i = 0; i < view.size(); ++i) {
    // Runs of characters Markdown and HTML take as they are are copied whole.
    std::size_t run = i;
    while (run < view.size() && kMarkdownPlain[static_cast<unsigned char>(view[run])]) ++run;
    out.append(view.data() + i, run - i);
    i = run;
    if (i == view.size()) break;
    switch (const char c = view[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      default:  // the rest of kMarkdownPlain's exceptions: Markdown punctuation
        out += '\\';
        out += c;
    }
  }
}

std::string markdown_text(std::string_view text) {
  std::string out;
  append_markdown_text(out, text);
  return out;
}

std::string csv_field(std::string_view text) {
  std::string shown = display_text(text);
  bool formula = !shown.empty() && (shown[0] == '=' || shown[0] == '+' || shown[0] == '-' || shown[0] == '@');
  std::string value = formula ? std::string(1, '\'') : std::string();
  value += shown;
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace iamc::access
