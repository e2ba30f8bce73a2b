// Small text helpers shared by every stage that puts user-controlled text into a message.
#pragma once

#include <string>
#include <string_view>

namespace iamc {

/// `'text'` with control characters escaped and long text shortened, safe to print on a terminal.
std::string quoted(std::string_view text, std::size_t max_chars = 64);

/// Replaces bytes that would disturb a terminal (C0 controls but tab, DEL, C1 controls) with '?'.
std::string printable(std::string_view text);

/// The byte length of the UTF-8 sequence starting with `lead` (1 for invalid lead bytes).
inline std::size_t utf8_length(unsigned char lead) {
  return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 1;
}

/// Offset of the first invalid UTF-8 byte, or npos when `text` is valid (overlongs, surrogates
/// and code points above U+10FFFF are invalid).
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace iamc
