// The formatter: canonical layout, comments and blank lines kept, idempotence, and that formatting
// never changes what a file means (the AST without spans is the same before and after).
#include <catch2/catch.hpp>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "format/formatter.hpp"
#include "frontend/ast_dump.hpp"
#include "frontend/dsl_parser.hpp"

namespace fs = std::filesystem;
using namespace iamc;

namespace {

std::string fmt_or_fail(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  auto out = format::format_text("t.iam", text, sources, sink);
  REQUIRE(out.has_value());
  return *out;
}

// The meaning of a file: its AST without spans and without comment positions.
std::string meaning(const std::string& text, std::size_t& comments) {
  SourceManager sources;
  DiagnosticSink sink;
  FileId id = sources.add("t.iam", text);
  ast::File file = frontend::parse_dsl(sources.file(id), sink);
  comments = file.comments.size();
  frontend::AstDumpOptions o;
  o.spans = false;
  o.comments = false;
  return frontend::dump_ast(file, o);
}

}  // namespace

TEST_CASE("formatter: canonical spacing and one item per line", "[format]") {
  CHECK(fmt_or_fail("let   a=user( \"x\" ,idp:ldap )") == "let a = user(\"x\", idp: ldap)\n");
  CHECK(fmt_or_fail("target astra prod{account=\"a\" role r}") ==
        "target astra prod {\n  account = \"a\"\n  role r\n}\n");
  CHECK(fmt_or_fail("in a.b{grant x to y,z on everything grant w to v}") ==
        "in a.b {\n  grant x to y, z on everything\n  grant w to v\n}\n");
  CHECK(fmt_or_fail("let r={a=\"x\" b=[ ]}") == "let r = { a = \"x\", b = [] }\n");
  CHECK(fmt_or_fail("in a.b {\n  grant x to y {}\n}\n") == "in a.b {\n  grant x to y\n}\n");
  CHECK(fmt_or_fail("target k0rdent main { }") == "target k0rdent main\n");
}

TEST_CASE("formatter: comments and blank lines are kept, runs collapse", "[format]") {
  std::string in = "# head\n\n\n\nlet a = b   # why\n\n\n# lone\nlet c = d\n";
  CHECK(fmt_or_fail(in) == "# head\n\nlet a = b  # why\n\n# lone\nlet c = d\n");
  // A comment inside a list keeps its item. A comment that ends a grant's first line ends the
  // grant's first line (a suppression there keeps applying); one alone inside a grant goes above;
  // several keep the grant's source lines, each with its comment.
  CHECK(fmt_or_fail("let l = [a, # first\n b]\n") == "let l = [\n  a,  # first\n  b,\n]\n");
  CHECK(fmt_or_fail("in a.b {\n  grant x # r\n to y\n}\n") == "in a.b {\n  grant x to y  # r\n}\n");
  CHECK(fmt_or_fail("in a.b {\n  grant x\n # r\n to y\n}\n") == "in a.b {\n  # r\n  grant x to y\n}\n");
  CHECK(fmt_or_fail("in a.b {\n  grant x # r\n to y, z # s\n}\n") == "in a.b {\n  grant x  # r\n    to y, z  # s\n}\n");
  CHECK(fmt_or_fail("in a.b {\n  grant x to " + std::string(90, 'y') + " on z # r\n}\n") ==
        "in a.b {\n  grant x  # r\n    to " + std::string(90, 'y') + "\n    on z\n}\n");
}

TEST_CASE("formatter: syntax errors are reported, nothing is formatted", "[format]") {
  SourceManager sources;
  DiagnosticSink sink;
  CHECK_FALSE(format::format_text("t.iam", "in a.b { grant x to }", sources, sink).has_value());
  CHECK(sink.has_errors());
}

TEST_CASE("formatter: idempotent and meaning-preserving on every golden and example", "[format]") {
  // The repository, from ctest (tests/CMakeLists.txt): __FILE__ may be relative under ccache.
  const char* source_dir = std::getenv("IAMC_SOURCE_DIR");
  REQUIRE(source_dir != nullptr);
  fs::path root = source_dir;
  std::size_t checked = 0;
  for (const char* dir : {"tests/golden", "examples"}) {
    if (!fs::is_directory(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".iam") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      SourceManager sources;
      DiagnosticSink sink;
      auto once = format::format_text("t.iam", text, sources, sink);
      if (!once) continue;  // files with syntax errors are not formatted
      INFO(entry.path().string());
      std::string twice = fmt_or_fail(*once);
      CHECK(twice == *once);
      std::size_t c1 = 0, c2 = 0;
      CHECK(meaning(text, c1) == meaning(*once, c2));
      CHECK(c1 == c2);
      ++checked;
    }
  }
  CHECK(checked >= 5);
}
