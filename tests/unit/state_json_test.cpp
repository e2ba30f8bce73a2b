// plan's state-file JSON reader: string bodies are skipped 16 bytes at a time, so escapes, raw
// control characters and the closing quote are tried at every position around those steps.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "plan/json_reader.hpp"

using namespace iamc::plan;

TEST_CASE("state json: strings with escapes and control characters at every position", "[plan]") {
  const std::string escapes[] = {"\\n", "\\\"", "\\\\", "\\u0041", "\\/", "\\t", "\xc3\xa9"};
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const std::string& escape : escapes) {
        std::string body = std::string(at, 'a') + escape + std::string(length - at, 'b');
        std::string text = "\"" + body + "\"";
        json::ParseError error;
        std::optional<json::Document> v = json::parse(text, error);
        INFO(text);
        REQUIRE(v.has_value());
        CHECK(v->root.kind == json::Kind::String);
        CHECK(v->root.string() == nlohmann::json::parse(text).get<std::string>());
      }
      // A raw control character is an error where it stands; so is an unterminated string.
      std::string bad = "\"" + std::string(at, 'a') + "\x01" + std::string(length - at, 'b') + "\"";
      json::ParseError error;
      CHECK_FALSE(json::parse(bad, error).has_value());
      CHECK(error.offset == 1 + at);
      CHECK_FALSE(json::parse("\"" + std::string(length, 'c'), error).has_value());
    }
  }
}
