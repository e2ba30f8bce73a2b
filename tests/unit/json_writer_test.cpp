// The canonical JSON writer: layout, key order, escaping and UTF-8 passthrough.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <nlohmann/json.hpp>

#include "backends/json_writer.hpp"

using iamc::backend::JsonValue;

TEST_CASE("json writer keeps insertion order and indents by two spaces") {
  JsonValue v = JsonValue::object();
  v.add("zeta", "1");
  JsonValue& inner = v.add("alpha", JsonValue::object());
  inner.add("b", "x");
  inner.add("a", JsonValue::array()).push(JsonValue::string("y"));
  v.add("empty_list", JsonValue::array());
  v.add("empty_object", JsonValue::object());
  v.add("flag", JsonValue::boolean(false));
  CHECK(iamc::backend::to_pretty(v) ==
        "{\n"
        "  \"zeta\": \"1\",\n"
        "  \"alpha\": {\n"
        "    \"b\": \"x\",\n"
        "    \"a\": [\n"
        "      \"y\"\n"
        "    ]\n"
        "  },\n"
        "  \"empty_list\": [],\n"
        "  \"empty_object\": {},\n"
        "  \"flag\": false\n"
        "}\n");
  CHECK(iamc::backend::to_compact(v) ==
        R"({"zeta":"1","alpha":{"b":"x","a":["y"]},"empty_list":[],"empty_object":{},"flag":false})");
}

TEST_CASE("json writer escapes quotes, backslashes and control characters only") {
  static constexpr char kRaw[] = "q\"b\\n\n t\t c\x01 d\x1f e\x7f \xc3\xa9 \xf0\x9f\x98\x80 /\0x";
  std::string raw(kRaw, sizeof kRaw - 1);
  std::string out;
  iamc::backend::append_json_string(out, raw);
  CHECK(out == "\"q\\\"b\\\\n\\n t\\t c\\u0001 d\\u001f e\x7f \xc3\xa9 \xf0\x9f\x98\x80 /\\u0000x\"");
  // Whatever the input, a JSON parser reads back the same bytes.
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  JsonValue v = JsonValue::object();
  v.add(all, all);
  auto parsed = nlohmann::json::parse(iamc::backend::to_pretty(v));
  CHECK(parsed[all].get<std::string>() == all);
}

TEST_CASE("json writer finds members by key") {
  JsonValue v = JsonValue::object();
  v.add("a", "1");
  REQUIRE(v.find("a") != nullptr);
  CHECK(v.find("a")->text() == "1");
  CHECK(v.find("b") == nullptr);
}

TEST_CASE("json writer escaping agrees with nlohmann::json at every alignment") {
  // The writer skips 8 bytes at a time; put the byte that needs escaping at every offset.
  const std::string specials[] = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9"};
  for (const std::string& special : specials) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text = std::string(at, 'a') + special + std::string(19 - at, 'b');
      std::string out;
      iamc::backend::append_json_string(out, text);
      CHECK(out == nlohmann::json(text).dump());
    }
  }
}
