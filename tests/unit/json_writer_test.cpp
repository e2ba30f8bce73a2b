// The canonical JSON writer: commas and nesting, the pretty layout, escaping and UTF-8 passthrough.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "backends/json_writer.hpp"

using iamc::backend::JsonWriter;

TEST_CASE("json writer keeps call order; reindent gives two-space indentation") {
  std::string compact;
  JsonWriter json(compact);
  json.begin_object().field("zeta", "1");
  json.key("alpha").begin_object().field("b", "x").key("a").begin_array().string("y").end_array().end_object();
  json.key("empty_list").begin_array().end_array();
  json.key("empty_object").begin_object().end_object();
  json.key("flag").boolean(false);
  json.key("parts").string({"app/user:", "u-1"});
  json.key("objects").begin_array();
  json.begin_object().field("k", "1").end_object().begin_object().end_object().string("z");
  json.end_array().end_object();
  CHECK(compact ==
        R"({"zeta":"1","alpha":{"b":"x","a":["y"]},"empty_list":[],"empty_object":{},"flag":false,)"
        R"("parts":"app/user:u-1","objects":[{"k":"1"},{},"z"]})");
  CHECK(nlohmann::ordered_json::parse(compact).dump() == compact);  // valid JSON, and already compact
  std::string pretty;
  iamc::backend::reindent(compact, pretty);
  CHECK(pretty ==
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
        "  \"flag\": false,\n"
        "  \"parts\": \"app/user:u-1\",\n"
        "  \"objects\": [\n"
        "    {\n"
        "      \"k\": \"1\"\n"
        "    },\n"
        "    {},\n"
        "    \"z\"\n"
        "  ]\n"
        "}\n");
  CHECK(pretty == nlohmann::ordered_json::parse(compact).dump(2) + "\n");
}

TEST_CASE("reindent leaves the punctuation inside strings alone") {
  std::string compact;
  JsonWriter json(compact);
  const std::string tricky = "a,b:{c}[d] \"q\" \\\" end\\";
  json.begin_object().field(tricky, tricky).key("list").begin_array().string("[]").string("{}").end_array();
  json.end_object();
  std::string pretty;
  iamc::backend::reindent(compact, pretty);
  CHECK(pretty == nlohmann::ordered_json::parse(compact).dump(2) + "\n");
  CHECK(nlohmann::json::parse(pretty)[tricky].get<std::string>() == tricky);
}

TEST_CASE("json writer escapes quotes, backslashes and control characters only") {
  static constexpr char kRaw[] = "q\"b\\n\n t\t c\x01 d\x1f e\x7f \xc3\xa9 \xf0\x9f\x98\x80 /\0x";
  std::string raw(kRaw, sizeof kRaw - 1);
  std::string out;
  iamc::backend::append_json_string(out, raw);
  CHECK(out == "\"q\\\"b\\\\n\\n t\\t c\\u0001 d\\u001f e\x7f \xc3\xa9 \xf0\x9f\x98\x80 /\\u0000x\"");
  // Whatever the input, a JSON parser reads back the same bytes, as a key, a value or in parts.
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  std::string compact;
  JsonWriter json(compact);
  json.begin_object().field(all, all).key("parts").string({all, "-", all}).end_object();
  auto parsed = nlohmann::json::parse(compact);
  CHECK(parsed[all].get<std::string>() == all);
  CHECK(parsed["parts"].get<std::string>() == all + "-" + all);
}

TEST_CASE("json writer escaping agrees with nlohmann::json at every alignment") {
  // The writer scans 16 and 8 bytes at a time with overlapping last steps: put the byte that
  // needs escaping at every offset of strings of every length up to 40.
  const std::string specials[] = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9", "b"};
  for (const std::string& special : specials) {
    for (std::size_t length = 0; length < 40; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string text = std::string(at, 'a') + special + std::string(length - at, 'b');
        std::string out = "prefix";
        iamc::backend::append_json_string(out, text);
        CHECK(out == "prefix" + nlohmann::json(text).dump());
        std::string parts;
        iamc::backend::append_json_string(parts, {std::string_view(text).substr(0, at), std::string_view(text).substr(at)});
        CHECK(parts == nlohmann::json(text).dump());
      }
    }
  }
}
