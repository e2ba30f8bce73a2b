// quoted(), display_text() and find_invalid_utf8(): what user text looks like in messages.
#include <catch2/catch.hpp>
#include <string>

#include "base/text.hpp"

using namespace std::string_literals;

TEST_CASE("quoted escapes controls and quotes") {
  CHECK(iamc::quoted("abc") == "'abc'");
  CHECK(iamc::quoted("") == "''");
  CHECK(iamc::quoted("a\nb\tc\rd") == "'a\\nb\\tc\\rd'");
  CHECK(iamc::quoted("\x01\x1b\x7f") == "'\\x01\\x1b\\x7f'");
  CHECK(iamc::quoted("\0x"s) == "'\\x00x'");
  CHECK(iamc::quoted("it's") == "'it\\'s'");
  CHECK(iamc::quoted("caf\xC3\xA9") == "'caf\xC3\xA9'");
}

TEST_CASE("quoted shortens long text by code points") {
  CHECK(iamc::quoted(std::string(100, 'x')) == "'" + std::string(64, 'x') + "...'");
  CHECK(iamc::quoted(std::string(64, 'x')) == "'" + std::string(64, 'x') + "'");
  CHECK(iamc::quoted("\xC3\xA9\xC3\xA9\xC3\xA9", 2) == "'\xC3\xA9\xC3\xA9...'");
  CHECK(iamc::quoted("\xF0\x9F\x98\x80z", 1) == "'\xF0\x9F\x98\x80...'");
  // A sequence cut off at the end of the text is not read past the end.
  CHECK(iamc::quoted("a\xE2\x82") == "'a\\xe2\\x82'");
  CHECK(iamc::quoted("x\xE2\x80\xAEy") == "'x<U+202E>y'");
}

TEST_CASE("display_text escapes what would disturb a terminal or hide text") {
  using iamc::display_text;
  CHECK(display_text("plain text") == "plain text");
  CHECK(display_text("a\tb") == "a\\tb");
  CHECK(display_text("a\x1b[31mb") == "a\\x1b[31mb");
  CHECK(display_text("a\nb\rc\a") == "a\\nb\\rc\\x07");
  CHECK(display_text("\x7f") == "\\x7f");
  CHECK(display_text("\0"s) == "\\x00");
  CHECK(display_text("x\xC2\x9By") == "x<U+009B>y");                    // C1 CSI
  CHECK(display_text("\xC2\xA0") == "\xC2\xA0");                        // U+00A0 is not C1
  CHECK(display_text("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(display_text("admin\xE2\x80\xAE" "nimda") == "admin<U+202E>nimda");  // RLO
  CHECK(display_text("\xE2\x81\xA6x\xE2\x81\xA9") == "<U+2066>x<U+2069>");   // LRI, PDI
  CHECK(display_text("a\xE2\x80\x8B" "b\xEF\xBB\xBF" "c\xC2\xAD") == "a<U+200B>b<U+FEFF>c<U+00AD>");
  CHECK(display_text("a\xE2\x80\xA8" "b") == "a<U+2028>b");             // line separator
  CHECK(display_text("bad\xFF") == "bad\\xff");                        // not UTF-8
  CHECK(display_text("cut\xE2\x82") == "cut\\xe2\\x82");
  // Idempotent: display text is its own display text.
  std::string once = display_text("\x1b\xE2\x80\xAE\n");
  CHECK(display_text(once) == once);
}

TEST_CASE("find_invalid_utf8 accepts valid text") {
  constexpr auto npos = std::string_view::npos;
  CHECK(iamc::find_invalid_utf8("") == npos);
  CHECK(iamc::find_invalid_utf8("ascii only") == npos);
  CHECK(iamc::find_invalid_utf8("\xC2\x80") == npos);              // U+0080, smallest 2-byte
  CHECK(iamc::find_invalid_utf8("\xDF\xBF") == npos);              // U+07FF
  CHECK(iamc::find_invalid_utf8("\xE0\xA0\x80") == npos);          // U+0800, smallest 3-byte
  CHECK(iamc::find_invalid_utf8("\xED\x9F\xBF") == npos);          // U+D7FF, just below surrogates
  CHECK(iamc::find_invalid_utf8("\xEE\x80\x80") == npos);          // U+E000, just above
  CHECK(iamc::find_invalid_utf8("\xEF\xBF\xBF") == npos);          // U+FFFF
  CHECK(iamc::find_invalid_utf8("\xF0\x90\x80\x80") == npos);      // U+10000, smallest 4-byte
  CHECK(iamc::find_invalid_utf8("\xF4\x8F\xBF\xBF") == npos);      // U+10FFFF, the last
}

TEST_CASE("find_invalid_utf8 finds the first bad byte") {
  CHECK(iamc::find_invalid_utf8("\x80") == 0);                     // lone continuation
  CHECK(iamc::find_invalid_utf8("ab\xFF") == 2);
  CHECK(iamc::find_invalid_utf8("ab\xFE") == 2);
  CHECK(iamc::find_invalid_utf8("\xC0\xAF") == 0);                 // overlong '/'
  CHECK(iamc::find_invalid_utf8("\xC1\xBF") == 0);                 // overlong
  CHECK(iamc::find_invalid_utf8("\xE0\x80\xAF") == 0);             // overlong 3-byte
  CHECK(iamc::find_invalid_utf8("\xE0\x9F\xBF") == 0);             // overlong U+07FF
  CHECK(iamc::find_invalid_utf8("\xF0\x80\x80\xAF") == 0);         // overlong 4-byte
  CHECK(iamc::find_invalid_utf8("\xF0\x8F\xBF\xBF") == 0);         // overlong U+FFFF
  CHECK(iamc::find_invalid_utf8("\xED\xA0\x80") == 0);             // U+D800
  CHECK(iamc::find_invalid_utf8("\xED\xBF\xBF") == 0);             // U+DFFF
  CHECK(iamc::find_invalid_utf8("ok\xED\xA0\xBD\xED\xB8\x80") == 2);  // CESU-8 surrogate pair
  CHECK(iamc::find_invalid_utf8("\xF4\x90\x80\x80") == 0);         // U+110000
  CHECK(iamc::find_invalid_utf8("\xF5\x80\x80\x80") == 0);
  CHECK(iamc::find_invalid_utf8("\xF8\x88\x80\x80\x80") == 0);     // 5-byte form
  CHECK(iamc::find_invalid_utf8("\xE2\x82") == 0);                 // truncated at the end
  CHECK(iamc::find_invalid_utf8("x\xE2\x82") == 1);
  CHECK(iamc::find_invalid_utf8("\xE2\x28\xA1") == 0);             // bad continuation
  CHECK(iamc::find_invalid_utf8("\xC3\xA9\xC3") == 2);
}

TEST_CASE("utf8_length by lead byte") {
  CHECK(iamc::utf8_length('a') == 1);
  CHECK(iamc::utf8_length(0x80) == 1);  // continuation: treated as one byte
  CHECK(iamc::utf8_length(0xC3) == 2);
  CHECK(iamc::utf8_length(0xE4) == 3);
  CHECK(iamc::utf8_length(0xF0) == 4);
  CHECK(iamc::utf8_length(0xFF) == 1);
}

TEST_CASE("wildcard_match: '*' any run, '?' one character only when asked") {
  using iamc::wildcard_match;
  CHECK(wildcard_match("", "", false));
  CHECK_FALSE(wildcard_match("", "a", false));
  CHECK(wildcard_match("*", "", false));
  CHECK(wildcard_match("alice*", "alice@example.com", false));
  CHECK_FALSE(wildcard_match("alice*", "bob", false));
  CHECK(wildcard_match("*a*b*", "xaybzb", false));
  CHECK_FALSE(wildcard_match("*a*b", "xaybz", false));
  CHECK(wildcard_match("a*b*c", "abbbc", false));  // backtracks to the last '*'
  CHECK(wildcard_match("gen?", "gen1", true));
  CHECK_FALSE(wildcard_match("gen?", "gen12", true));
  CHECK_FALSE(wildcard_match("gen?", "gen1", false));  // '?' literal: ids may hold one
  CHECK(wildcard_match("gen?", "gen?", false));
  // A pathological pattern stays fast (no exponential backtracking).
  CHECK_FALSE(wildcard_match(std::string(40, '*') + "b", std::string(5000, 'a'), false));
}

TEST_CASE("ascii_prefix stops at the first byte above 0x7F, wherever it is", "[text]") {
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string plain(length, 'a');
    CHECK(iamc::ascii_prefix(plain) == length);
    for (std::size_t at = 0; at < length; ++at) {
      std::string text = plain;
      text[at] = '\xc3';
      CHECK(iamc::ascii_prefix(text) == at);
    }
  }
}
