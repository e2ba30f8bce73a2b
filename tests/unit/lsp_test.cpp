// Language server pieces without a process: framing, URIs, incremental edits in UTF-16.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "lsp/documents.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

using namespace iamc::lsp;

namespace {

std::vector<Incoming> read_all(const std::string& input, std::size_t limit = kMaxMessageBytes) {
  std::FILE* in = fmemopen(const_cast<char*>(input.data()), input.size(), "r");
  REQUIRE(in != nullptr);
  Transport t(in, stdio_output(stdout), limit);
  std::vector<Incoming> out;
  for (;;) {
    Incoming m = t.read();
    if (m.kind == Incoming::Kind::Eof) break;
    out.push_back(m);
  }
  std::fclose(in);
  return out;
}

}  // namespace

TEST_CASE("transport: framing, malformed headers, resynchronisation, size limit", "[lsp]") {
  auto msgs = read_all("Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]");
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].body == "{}");
  CHECK(msgs[1].body == "[1]");

  msgs = read_all("Content-Length: abc\r\n\r\nContent-Length: 2\r\n\r\n{}");
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].kind == Incoming::Kind::Malformed);
  CHECK(msgs[1].body == "{}");

  // An unframed body followed by a proper message: the glued header is found.
  msgs = read_all("X-Junk: 1\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}");
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].kind == Incoming::Kind::Malformed);
  CHECK(msgs[1].body == "{}");

  msgs = read_all("Content-Length: 10\r\n\r\n0123456789Content-Length: 2\r\n\r\n{}", 5);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].kind == Incoming::Kind::TooLarge);
  CHECK(msgs[1].body == "{}");

  // A truncated body is the end of input.
  CHECK(read_all("Content-Length: 10\r\n\r\n{}").empty());
}

TEST_CASE("documents: URIs round-trip with escapes", "[lsp]") {
  CHECK(path_to_uri("/a b/c#d.iam") == "file:///a%20b/c%23d.iam");
  CHECK(uri_to_path("file:///a%20b/c%23d.iam")->string() == "/a b/c#d.iam");
  CHECK(uri_to_path("file://localhost/x.iam")->string() == "/x.iam");
  CHECK_FALSE(uri_to_path("untitled:Untitled-1").has_value());
  CHECK_FALSE(uri_to_path("file:///bad%2").has_value());
}

TEST_CASE("documents: incremental edits count UTF-16 code units", "[lsp]") {
  std::string text = "let a = \"\xF0\x9F\x98\x80x\"\nlet b = c\n";  // U+1F600 is 2 UTF-16 units
  apply_edit(text, 0, 11, 0, 12, "y");                            // the x after the emoji
  CHECK(text == "let a = \"\xF0\x9F\x98\x80y\"\nlet b = c\n");
  apply_edit(text, 1, 8, 1, 9, "dd");
  CHECK(text == "let a = \"\xF0\x9F\x98\x80y\"\nlet b = dd\n");
  apply_edit(text, 5, 0, 9, 0, "# end\n");  // past the end: appended
  CHECK(text == "let a = \"\xF0\x9F\x98\x80y\"\nlet b = dd\n# end\n");

  DocumentStore store;
  store.open("file:///t.iam", "iamc", 1, "abc");
  CHECK(store.change("file:///t.iam", 2, nlohmann::json::parse(R"([{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":2}},"text":"X"},{"text":"whole"}])")));
  CHECK(store.find("file:///t.iam")->text == "whole");
  CHECK(store.find("file:///t.iam")->version == 2);
  CHECK_FALSE(store.change("file:///other.iam", 1, nlohmann::json::array()));
}

TEST_CASE("server: a failed write stops the server with the I/O exit code", "[lsp]") {
  auto frame = [](const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; };
  std::string input = frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})") +
                      frame(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})") +
                      frame(R"({"jsonrpc":"2.0","method":"exit"})");
  std::FILE* in = fmemopen(input.data(), input.size(), "r");
  REQUIRE(in != nullptr);
  int writes = 0;
  int code = run_server(in, [&writes](std::string_view) { ++writes; return false; }, kMaxMessageBytes);
  std::fclose(in);
  CHECK(code == kExitOutputFailed);
  CHECK(writes == 1);  // the reply to initialize failed; nothing was read or written after it

  in = fmemopen(input.data(), input.size(), "r");
  REQUIRE(in != nullptr);
  std::string written;
  code = run_server(in, [&written](std::string_view bytes) { written += bytes; return true; }, kMaxMessageBytes);
  std::fclose(in);
  CHECK(code == 0);
  CHECK(written.find("\"id\":2") != std::string::npos);
}
