// The text printer: location, caret and underline under the exact range (code points, not bytes),
// windowing of long lines, sanitised source text, colour only when asked.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "diagnostics/render.hpp"
#include "diagnostics/sink.hpp"

using iamc::DiagCode;
using iamc::Span;

namespace {

struct Fixture {
  iamc::SourceManager sources;
  iamc::DiagnosticSink sink;

  iamc::FileId add(std::string path, std::string text) { return sources.add(std::move(path), std::move(text)); }
  std::string one(DiagCode code, Span span, std::string message, bool color = false) {
    iamc::Diagnostic& d = sink.report(code, span, std::move(message));
    return iamc::render_text_one(d, sources, iamc::TextStyle{color});
  }
};

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

// Code points of a UTF-8 string.
std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

TEST_CASE("clang layout with caret and underline") {
  Fixture f;
  auto id = f.add("main.iam", "# c\ntaget astra dev\n");
  std::string out = f.one(DiagCode::ExpectedStatement, Span{id, 4, 9}, "expected a statement");
  CHECK(out ==
        "main.iam:2:1: error[P001]: expected a statement\n"
        "    2 | taget astra dev\n"
        "      | ^~~~~\n");
}

TEST_CASE("a zero-width or multi-line span gets a single caret") {
  Fixture f;
  auto id = f.add("a.iam", "let a = [\n  b\n");
  std::string empty = f.one(DiagCode::ExpectedPunctuation, Span{id, 8, 8}, "x");
  CHECK(lines(empty).at(2) == "      |         ^");
  std::string multi = f.one(DiagCode::ExpectedPunctuation, Span{id, 8, 14}, "x");
  CHECK(lines(multi).at(2) == "      |         ^");
}

TEST_CASE("caret under the right code point on non-ASCII lines") {
  Fixture f;
  // "é" and "😀" are one column each although they take 2 and 4 bytes.
  const std::string line = "let \xC3\xA9 = user(\"\xF0\x9F\x98\x80\") + oops";
  auto id = f.add("u.iam", line + "\n");
  const auto begin = static_cast<std::uint32_t>(line.find("oops"));
  std::string out = f.one(DiagCode::UndefinedName, Span{id, begin, begin + 4}, "'oops' is not defined");
  auto ls = lines(out);
  REQUIRE(ls.size() == 3);
  CHECK(ls[0] == "u.iam:1:21: error[N002]: 'oops' is not defined");
  CHECK(ls[1] == "    1 | " + line);
  auto shown = code_points(ls[1]);
  auto marks = code_points(ls[2]);
  const std::size_t caret = ls[2].find('^');
  REQUIRE(caret != std::string::npos);
  CHECK(shown.at(caret) == "o");
  CHECK(ls[2].substr(caret) == "^~~~");
  CHECK(marks.size() == caret + 4);
  // The underline of a non-ASCII range is as wide as its code points.
  const auto emoji = static_cast<std::uint32_t>(line.find("\xF0\x9F\x98\x80"));
  std::string out2 = f.one(DiagCode::WrongValueType, Span{id, emoji - 1, emoji + 5}, "x");
  CHECK(lines(out2).at(2) == "      | " + std::string(13, ' ') + "^~~");
}

TEST_CASE("tabs are shown as one space so the caret lines up") {
  Fixture f;
  auto id = f.add("t.iam", "\tlet\tx\n");
  std::string out = f.one(DiagCode::ExpectedStatement, Span{id, 5, 6}, "x");
  CHECK(lines(out).at(1) == "    1 |  let x");
  CHECK(lines(out).at(2) == "      |      ^");
}

TEST_CASE("long lines are windowed around the caret") {
  Fixture f;
  std::string line;
  for (int i = 0; i < 2000; ++i) line += static_cast<char>('a' + i % 26);
  line[1500] = '#';
  auto id = f.add("long.iam", line + "\n");
  std::string out = f.one(DiagCode::ExpectedStatement, Span{id, 1500, 1502}, "here");
  auto ls = lines(out);
  REQUIRE(ls.size() == 3);
  CHECK(ls[0] == "long.iam:1:1501: error[P001]: here");
  CHECK(ls[1].size() < 200);
  CHECK(ls[1].rfind("    1 | ...", 0) == 0);
  CHECK(ls[1].substr(ls[1].size() - 3) == "...");
  const std::size_t caret = ls[2].find('^');
  REQUIRE(caret != std::string::npos);
  CHECK(ls[1].at(caret) == '#');
  CHECK(ls[2].substr(caret) == "^~");

  // Near the start: no leading ellipsis, caret at its true column.
  std::string early = f.one(DiagCode::ExpectedStatement, Span{id, 3, 4}, "x");
  CHECK(lines(early).at(1).rfind("    1 | abcd", 0) == 0);
  CHECK(lines(early).at(2) == "      |    ^");
  // At the very end.
  std::string late = f.one(DiagCode::ExpectedStatement, Span{id, 1999, 2000}, "x");
  auto ll = lines(late);
  CHECK(ll.at(1).at(ll.at(2).find('^')) == line[1999]);
}

TEST_CASE("control characters in source lines and paths are neutralised") {
  Fixture f;
  auto id = f.add("evil\x1b]0;title\x07.iam", "let a = \"\x1b[2J\xC2\x9B\" x\n");
  std::string out = f.one(DiagCode::ControlCharacter, Span{id, 9, 10}, "raw control character");
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  CHECK(out.find("\xC2\x9B") == std::string::npos);
  auto ls = lines(out);
  CHECK(ls.at(0).rfind("evil\\x1b]0;title\\x07.iam:1:10: ", 0) == 0);
  CHECK(ls.at(1) == "    1 | let a = \"\\x1b[2J<U+009B>\" x");
  // The caret stays under the character it points at, though its display is four columns wide.
  CHECK(ls.at(2) == "      |          ^~~~");
}

TEST_CASE("messages and notes are display text in every printer") {
  Fixture f;
  auto id = f.add("m.iam", "grant x\n");
  iamc::Diagnostic d{DiagCode::UnknownRole, iamc::Severity::Error, Span{id, 6, 7}, "role 'x\x1b[31m\u202e' and\nnewline", {}, {}};
  d.notes.push_back({{}, "note with \r and \x07"});
  f.sink.report(d.code, d.severity, d.span, d.message).notes = d.notes;
  std::string text = iamc::render_text(f.sink, f.sources, iamc::TextStyle{false}, nullptr);
  CHECK(text.find("role 'x\\x1b[31m<U+202E>' and\\nnewline") != std::string::npos);
  CHECK(text.find("note: note with \\r and \\x07") != std::string::npos);
  std::string github = iamc::render_github(f.sink, f.sources);
  CHECK(github == "::error file=m.iam,line=1,col=7,endLine=1,endColumn=8,title=C001 unknown-role::role 'x\\x1b[31m<U+202E>' "
                  "and\\nnewline%0Anote: note with \\r and \\x07\n");
  std::string sarif = iamc::render_sarif(f.sink, f.sources, {}, [](DiagCode) { return std::string("d"); });
  CHECK(sarif.find("\"text\": \"role 'x\\\\x1b[31m<U+202E>' and\\\\nnewline\"") != std::string::npos);
  // JSON keeps the exact text; its writer escapes the controls.
  std::string json = iamc::render_json(f.sink, f.sources, iamc::RunSummary{});
  CHECK(json.find("\"message\": \"role 'x\\u001b[31m\u202e' and\\nnewline\"") != std::string::npos);
}

TEST_CASE("colour only when asked") {
  Fixture f;
  auto id = f.add("c.iam", "taget x\n");
  std::string plain = f.one(DiagCode::ExpectedStatement, Span{id, 0, 5}, "m");
  std::string colour = f.one(DiagCode::ExpectedStatement, Span{id, 0, 5}, "m", true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(colour.find("\x1b[") != std::string::npos);
  CHECK(colour.find("\x1b[0m") != std::string::npos);
  // Stripping the escapes gives the plain text back.
  std::string stripped;
  for (std::size_t i = 0; i < colour.size(); ++i) {
    if (colour[i] == '\x1b') {
      while (i < colour.size() && colour[i] != 'm') ++i;
      continue;
    }
    stripped += colour[i];
  }
  CHECK(stripped == plain);
}

TEST_CASE("notes, spanless diagnostics and the summary") {
  Fixture f;
  auto id = f.add("n.iam", "let sre = a\nlet sre = b\n");
  iamc::Diagnostic& d = f.sink.report(DiagCode::DuplicateDefinition, Span{id, 16, 19}, "'sre' is defined twice");
  d.notes.push_back({Span{id, 4, 7}, "first defined here"});
  d.notes.push_back({Span{}, "rename one of them"});
  f.sink.report(DiagCode::NoInputFiles, Span{}, "dir: no *.iam or *.iam.yaml files in this directory");
  f.sink.sort_and_dedupe();
  iamc::RunSummary summary;
  summary.files = 1;
  summary.grants = 2;
  std::string out = iamc::render_text(f.sink, f.sources, iamc::TextStyle{false}, &summary);
  CHECK(out.find("n.iam:2:5: error[N003]: 'sre' is defined twice\n"
                 "    2 | let sre = b\n"
                 "      |     ^~~\n"
                 "n.iam:1:5: note: first defined here\n"
                 "    1 | let sre = a\n"
                 "      |     ^~~\n"
                 "note: rename one of them\n") != std::string::npos);
  CHECK(out.find("error[I007]: dir: no *.iam or *.iam.yaml files in this directory\n") != std::string::npos);
  CHECK(lines(out).back() == "1 file, 2 grants: 2 errors, 0 warnings, 0 suppressed");
}
