// SourceFile: byte offset -> 1-based line/code-point column, LSP UTF-16 positions and back.
#include <catch2/catch.hpp>
#include <string>

#include "base/source.hpp"

using iamc::SourceFile;

namespace {

std::pair<std::uint32_t, std::uint32_t> lc(const SourceFile& f, std::uint32_t offset) {
  iamc::LineCol p = f.line_col(offset);
  return {p.line, p.column};
}

}  // namespace

TEST_CASE("line and column of ASCII text") {
  SourceFile f(0, "a.iam", "ab\ncd\n\nxyz");
  CHECK(lc(f, 0) == std::pair<std::uint32_t, std::uint32_t>{1, 1});
  CHECK(lc(f, 1) == std::pair<std::uint32_t, std::uint32_t>{1, 2});
  CHECK(lc(f, 2) == std::pair<std::uint32_t, std::uint32_t>{1, 3});  // the '\n' itself
  CHECK(lc(f, 3) == std::pair<std::uint32_t, std::uint32_t>{2, 1});
  CHECK(lc(f, 6) == std::pair<std::uint32_t, std::uint32_t>{3, 1});  // the empty line
  CHECK(lc(f, 7) == std::pair<std::uint32_t, std::uint32_t>{4, 1});
  CHECK(lc(f, 10) == std::pair<std::uint32_t, std::uint32_t>{4, 4});  // end of file
  CHECK(lc(f, 9999) == std::pair<std::uint32_t, std::uint32_t>{4, 4});  // clamped
  CHECK(f.line_count() == 4);
  CHECK(f.line_text(1) == "ab");
  CHECK(f.line_text(3).empty());
  CHECK(f.line_text(4) == "xyz");
  CHECK(f.line_text(0).empty());
  CHECK(f.line_text(5).empty());
  CHECK(f.line_start(2) == 3);
  CHECK(f.line_start(99) == 10);
}

TEST_CASE("empty file and trailing newline") {
  SourceFile empty(0, "e.iam", "");
  CHECK(empty.line_count() == 1);
  CHECK(lc(empty, 0) == std::pair<std::uint32_t, std::uint32_t>{1, 1});
  CHECK(empty.lsp_position(0) == std::pair<std::uint32_t, std::uint32_t>{0, 0});
  CHECK(empty.offset_of_lsp(0, 5) == 0);
  CHECK(empty.offset_of_lsp(3, 0) == 0);

  SourceFile nl(0, "n.iam", "a\n");
  CHECK(nl.line_count() == 2);
  CHECK(lc(nl, 2) == std::pair<std::uint32_t, std::uint32_t>{2, 1});
}

TEST_CASE("CRLF line endings") {
  SourceFile f(0, "c.iam", "ab\r\ncd\r\n");
  CHECK(f.line_text(1) == "ab");
  CHECK(f.line_text(2) == "cd");
  CHECK(lc(f, 4) == std::pair<std::uint32_t, std::uint32_t>{2, 1});
}

TEST_CASE("columns count code points, LSP counts UTF-16 units") {
  // "é" 2 bytes / 1 unit, "中" 3 bytes / 1 unit, "😀" 4 bytes / 2 units (a surrogate pair).
  const std::string text = "x\n\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z = 1\n";
  SourceFile f(0, "u.iam", text);
  const std::uint32_t line2 = 2;
  const std::uint32_t e = line2, zhong = line2 + 2, emoji = line2 + 5, z = line2 + 9;
  CHECK(lc(f, e) == std::pair<std::uint32_t, std::uint32_t>{2, 1});
  CHECK(lc(f, zhong) == std::pair<std::uint32_t, std::uint32_t>{2, 2});
  CHECK(lc(f, emoji) == std::pair<std::uint32_t, std::uint32_t>{2, 3});
  CHECK(lc(f, z) == std::pair<std::uint32_t, std::uint32_t>{2, 4});

  CHECK(f.lsp_position(e) == std::pair<std::uint32_t, std::uint32_t>{1, 0});
  CHECK(f.lsp_position(zhong) == std::pair<std::uint32_t, std::uint32_t>{1, 1});
  CHECK(f.lsp_position(emoji) == std::pair<std::uint32_t, std::uint32_t>{1, 2});
  CHECK(f.lsp_position(z) == std::pair<std::uint32_t, std::uint32_t>{1, 4});

  CHECK(f.offset_of_lsp(1, 0) == e);
  CHECK(f.offset_of_lsp(1, 1) == zhong);
  CHECK(f.offset_of_lsp(1, 2) == emoji);
  CHECK(f.offset_of_lsp(1, 4) == z);
  // Inside the surrogate pair: never a byte in the middle of the code point.
  std::uint32_t mid = f.offset_of_lsp(1, 3);
  CHECK((mid == emoji || mid == z));
  // Past the end of the line: the line's end, not the next line.
  CHECK(f.offset_of_lsp(1, 100) == static_cast<std::uint32_t>(text.size() - 1));
  // Past the last line: the end of the file.
  CHECK(f.offset_of_lsp(7, 0) == static_cast<std::uint32_t>(text.size()));
}

TEST_CASE("LSP positions round-trip at every code point boundary") {
  const std::string text = "let \xC3\xA9 = user(\"\xF0\x9F\x98\x80\xF0\x9F\x98\x81\")\n\xE4\xB8\xAD\n\n  end";
  SourceFile f(0, "r.iam", text);
  for (std::uint32_t o = 0; o <= text.size(); ++o) {
    if (o < text.size() && (static_cast<unsigned char>(text[o]) & 0xC0) == 0x80) continue;
    auto [line, col] = f.lsp_position(o);
    INFO("offset " << o);
    CHECK(f.offset_of_lsp(line, col) == o);
  }
}

TEST_CASE("SourceManager hands out stable ids") {
  iamc::SourceManager m;
  iamc::FileId a = m.add("a.iam", "one");
  iamc::FileId b = m.add("b.iam", "two");
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(m.size() == 2);
  std::string_view view = m.file(a).text();
  for (int i = 0; i < 100; ++i) m.add("x.iam", std::string(100, 'x'));
  CHECK(view == "one");  // files never move
  CHECK(m.file(b).path() == "b.iam");
}

TEST_CASE("line_col and lsp_position agree with counting on long mixed lines") {
  // Lines longer than the checkpoint stride, with multi-byte characters straddling checkpoints,
  // checked at every offset against a plain count from the line start.
  std::string text;
  for (int line = 0; line < 4; ++line) {
    for (int i = 0; i < 300; ++i) text += (i % 7 == 0) ? "\xC3\xA9" : (i % 11 == 0) ? "\xF0\x9F\x98\x80" : "ab";
    text += line == 1 ? "\n\n" : "\n";
  }
  iamc::SourceFile f(0, "long.iam", text);
  std::uint32_t line = 1, cps = 0, units = 0;
  for (std::uint32_t o = 0; o <= text.size(); ++o) {
    if (o < text.size() && (static_cast<unsigned char>(text[o]) & 0xC0) == 0x80) continue;
    iamc::LineCol lc = f.line_col(o);
    REQUIRE(lc.line == line);
    REQUIRE(lc.column == cps + 1);
    REQUIRE(f.lsp_position(o) == std::pair<std::uint32_t, std::uint32_t>{line - 1, units});
    if (o == text.size()) break;
    auto c = static_cast<unsigned char>(text[o]);
    if (c == '\n') {
      ++line;
      cps = units = 0;
    } else {
      ++cps;
      units += c >= 0xF0 ? 2 : 1;
    }
  }
}
