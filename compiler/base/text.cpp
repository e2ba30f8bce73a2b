// Quoting, terminal-safe text and UTF-8 validation (see text.hpp).
#include "base/text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace iamc {

TextHazard text_hazard(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return TextHazard::Control;
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
      cp == 0x061C) {
    return TextHazard::Bidi;
  }
  if ((cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x00AD ||
      cp == 0x2028 || cp == 0x2029) {
    return TextHazard::Invisible;
  }
  return TextHazard::None;
}

std::size_t ascii_prefix(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return {c, 1};
  std::size_t len = utf8_length(c);
  if (len == 1 || i + len > text.size()) return {0xFFFD, 1};
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (cc & 0x3F);
  }
  return {cp, len};
}

namespace {

// Appends the display form of the code point at text[i]; returns its byte length.
std::size_t append_display_code_point(std::string& out, std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
    return 1;
  }
  auto [cp, len] = decode_utf8(text, i);
  if (cp == 0xFFFD && len == 1) {  // not UTF-8: show the byte
    out += fmt::format("\\x{:02x}", c);
    return 1;
  }
  if (text_hazard(cp) != TextHazard::None) {
    out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(cp));
  } else {
    out.append(text.substr(i, len));
  }
  return len;
}

}  // namespace

void append_display_text(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    // Runs of harmless ASCII are copied whole: nearly all text is.
    std::size_t run = i;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x7F) break;
      ++run;
    }
    out.append(text.substr(i, run - i));
    i = run;
    if (i < text.size()) i += append_display_code_point(out, text, i);
  }
}

std::string display_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_display_text(out, text);
  return out;
}

std::string quoted(std::string_view text, std::size_t max_chars) {
  std::string out = "'";
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    if (text[i] == '\'') {
      out += "\\'";
      ++i;
    } else {
      i += append_display_code_point(out, text, i);
    }
    ++chars;
  }
  out += '\'';
  return out;
}

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII runs, 8 bytes at a time: sources are nearly all ASCII.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool wildcard_match(std::string_view pattern, std::string_view text, bool question_mark) {
  return last_star_match(
      pattern, text, [](char c) { return c == '*'; },
      [question_mark](char p, char t) { return p == t || (question_mark && p == '?'); });
}

bool is_identifier_text(std::string_view text) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (text.empty() || !letter(text[0])) return false;
  for (char c : text) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

void append_shell_quoted(std::string& out, std::string_view text) {
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
}

}  // namespace iamc
