// Small text helpers shared by every stage that puts user-controlled text into a message.
#pragma once

#include <charconv>
#include <string>
#include <utility>
#include <string_view>

namespace iamc {

/// What a code point can do to a reader when shown as it is (Trojan Source, CVE-2021-42574).
enum class TextHazard {
  None,
  Control,    ///< C0 controls, DEL, C1 controls: move the cursor, recolour, forge lines
  Bidi,       ///< U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C: reorder what is shown
  Invisible,  ///< zero-width and invisible: U+200B-U+200D, U+2060-U+2064, U+FEFF, U+00AD, U+2028, U+2029
};
TextHazard text_hazard(char32_t cp);

/// The one function that turns user text into display text, used by every renderer (text,
/// GitHub annotations, SARIF message text, the LSP) and every message quoting user text:
/// \n, \r and \t for those three controls, \xNN for other C0 controls, DEL and bytes that are
/// not UTF-8, and <U+XXXX> for C1 controls, bidi controls and invisible characters. Everything
/// else is kept, so the result is the text itself whenever it is harmless. ASCII in, ASCII out
/// for the escapes: applying it twice changes nothing.
std::string display_text(std::string_view text);
/// Appends display_text(text) to `out`.
void append_display_text(std::string& out, std::string_view text);

/// Whether `text` is spelled as a DSL identifier (grammar/iamc.peg: a letter or '_', then letters,
/// digits, '_' and '-'); keywords are not excluded here.
bool is_identifier_text(std::string_view text);

/// Appends `'text'` for a POSIX shell: every single quote becomes '\''.
void append_shell_quoted(std::string& out, std::string_view text);

/// `'text'` as display text (display_text), with `'` escaped and long text shortened.
std::string quoted(std::string_view text, std::size_t max_chars = 64);

/// The byte length of the UTF-8 sequence starting with `lead` (1 for invalid lead bytes).
inline std::size_t utf8_length(unsigned char lead) {
  return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 1;
}

/// Appends `n` in decimal, without a temporary string (line numbers, list indices: made by the
/// hundred thousand in large outputs).
inline void append_decimal(std::string& out, std::uint64_t n) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

/// The length of the longest prefix of `text` that is plain ASCII (every byte below 0x80), found
/// eight bytes at a time: sources and state files are nearly all ASCII, and scans for anything
/// else pass over megabytes of it.
std::size_t ascii_prefix(std::string_view text);

/// Decodes the UTF-8 sequence at `text[i]` (which must be valid) and its length; an invalid or
/// truncated sequence decodes as U+FFFD with length 1.
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i);

/// Offset of the first invalid UTF-8 byte, or npos when `text` is valid (overlongs, surrogates
/// and code points above U+10FFFF are invalid).
std::size_t find_invalid_utf8(std::string_view text);

/// Whether the sequence `text` matches `pattern`, whose elements are either stars (`is_star`: any
/// run of elements, none included) or stand for one element each (`one(pattern_element,
/// text_element)`). With the star the only variable-length wildcard, retrying from the latest star
/// is complete, and O(n·m) at worst: no exponential backtracking. Used on characters
/// (wildcard_match) and on path segments (`**` in .iamc.yaml's exclude).
template <typename Pattern, typename Text, typename IsStar, typename MatchesOne>
bool last_star_match(const Pattern& pattern, const Text& text, IsStar is_star, MatchesOne one) {
  std::size_t p = 0, s = 0;
  std::size_t star_p = static_cast<std::size_t>(-1), star_s = 0;
  while (s < text.size()) {
    if (p < pattern.size() && is_star(pattern[p])) {
      star_p = ++p;
      star_s = s;
    } else if (p < pattern.size() && one(pattern[p], text[s])) {
      ++p;
      ++s;
    } else if (star_p != static_cast<std::size_t>(-1)) {
      p = star_p;
      s = ++star_s;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && is_star(pattern[p])) ++p;
  return p == pattern.size();
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and, when
/// `question_mark` is set, `?` for one character; everything else stands for itself.
bool wildcard_match(std::string_view pattern, std::string_view text, bool question_mark);

}  // namespace iamc
