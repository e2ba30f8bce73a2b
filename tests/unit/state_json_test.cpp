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

namespace {

// The reader's view of a value as nlohmann JSON: objects from their members (keys decoded), arrays
// from their elements whether built or walked lazily, numbers and literals from their text.
nlohmann::ordered_json as_nlohmann(std::string_view document, const json::Value& v) {
  switch (v.kind) {
    case json::Kind::Null: return nullptr;
    case json::Kind::Bool: return v.raw == "true";
    case json::Kind::Number: return nlohmann::ordered_json::parse(v.raw);
    case json::Kind::String: return v.string();
    case json::Kind::Array: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      json::for_each_element(document, 0, v, [&](const json::Value& e, std::size_t) {
        out.push_back(as_nlohmann(document, e));
        return true;
      });
      return out;
    }
    case json::Kind::Object: {
      nlohmann::ordered_json out = nlohmann::ordered_json::object();
      for (const json::Member& m : v.members()) out[m.key()] = as_nlohmann(document, m.value);
      return out;
    }
  }
  return nullptr;
}

// A random document: objects and arrays nested a few levels, keys with escapes, empty containers.
std::string random_document(std::uint32_t& seed, int depth) {
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  const std::uint32_t pick = depth >= 4 ? next() % 4 : next() % 6;
  switch (pick) {
    case 0: return std::to_string(static_cast<int>(next() % 2000) - 1000);
    case 1: return next() % 2 == 0 ? "true" : "null";
    case 2: return "\"s" + std::to_string(next() % 100) + (next() % 3 == 0 ? "\\n\\u00e9\"" : "\"");
    case 3: return "\"" + std::string(next() % 40, 'x') + "\"";
    case 4: {
      std::string out = "[";
      for (std::uint32_t i = 0, n = next() % 5; i < n; ++i) out += (i ? ", " : "") + random_document(seed, depth + 1);
      return out + "]";
    }
    default: {
      std::string out = "{";
      for (std::uint32_t i = 0, n = next() % 5; i < n; ++i) {
        out += (i ? ", " : "") + std::string(next() % 4 == 0 ? "\"k\\\"" : "\"k") + std::to_string(i) + "\": " +
               random_document(seed, depth + 1);
      }
      return out + "}";
    }
  }
}

}  // namespace

TEST_CASE("state json: built and lazily walked arrays read the same values as nlohmann", "[plan]") {
  std::uint32_t seed = 7;
  json::MemberArena arena;
  for (int round = 0; round < 2000; ++round) {
    const std::string text = random_document(seed, 0);
    INFO(text);
    const nlohmann::ordered_json expected = nlohmann::ordered_json::parse(text);
    json::ParseError error;
    std::optional<json::Document> lazy = json::parse(text, error);  // a state file: arrays walked lazily
    REQUIRE(lazy.has_value());
    CHECK(as_nlohmann(text, lazy->root) == expected);
    arena.clear();  // a request body: arrays built, the arena reused from the previous round
    std::optional<json::Value> small = json::parse_small(text, error, arena);
    REQUIRE(small.has_value());
    CHECK(as_nlohmann(text, *small) == expected);
  }
}

TEST_CASE("state json: a lazy array knows its length; keys with escapes are found decoded", "[plan]") {
  const std::string text = R"({"items": [1, {"a": [2, 3]}, "x"], "k\"ey": 4, "\u0041": 5})";
  json::ParseError error;
  std::optional<json::Document> doc = json::parse(text, error);
  REQUIRE(doc.has_value());
  const json::Value* items = doc->root.find("items");
  REQUIRE(items != nullptr);
  CHECK_FALSE(items->built);
  CHECK(items->member_count == 3);
  REQUIRE(doc->root.find("k\"ey") != nullptr);
  CHECK(doc->root.find("k\"ey")->raw == "4");
  REQUIRE(doc->root.find("A") != nullptr);
  CHECK(doc->root.find("A")->raw == "5");
  CHECK(doc->root.find("missing") == nullptr);
  // A walk that stops early stops at once.
  std::size_t seen = 0;
  json::for_each_element(text, 0, *items, [&](const json::Value&, std::size_t) { return ++seen < 2; });
  CHECK(seen == 2);
}

TEST_CASE("state json: a streamed parse hands over the items a strict parse and walk read, and fails where it fails",
          "[plan]") {
  std::uint32_t seed = 11;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (int round = 0; round < 1500; ++round) {
    // A list response: an object with the list and other members, or an array of pages.
    std::string list = "[";
    for (std::uint32_t i = 0, n = next() % 6; i < n; ++i) list += (i ? "," : "") + random_document(seed, 1);
    list += "]";
    const bool pages = next() % 3 == 0;
    std::string text = pages ? "[{\"items\": " + list + ", \"x\": " + random_document(seed, 2) + "}, {\"items\": []}]"
                             : "{\"a\": " + random_document(seed, 1) + ", \"items\": " + list + ", \"b\": [1, 2]}";
    if (next() % 2 == 0) {  // now and then broken: cut short, or a byte changed
      const std::size_t at = next() % text.size();
      if (next() % 2 == 0) {
        text.resize(at);
      } else {
        text[at] = "],:\"{x"[next() % 6];
      }
    }
    INFO(text);
    json::ParseError strict_error;
    std::optional<json::Document> strict = json::parse(text, strict_error);
    std::vector<nlohmann::ordered_json> walked;
    if (strict && strict->root.is(json::Kind::Object)) {
      if (const json::Value* items = strict->root.find("items"); items != nullptr && items->is(json::Kind::Array)) {
        json::for_each_element(text, 0, *items, [&](const json::Value& item, std::size_t) {
          walked.push_back(as_nlohmann(text, item));
          return true;
        });
      }
    }
    if (strict && strict->root.is(json::Kind::Array)) {
      json::for_each_lazy_element(text, 0, strict->root, [&](const json::Value& page, std::size_t) {
        if (const json::Value* items = page.find("items"); items != nullptr && items->is(json::Kind::Array)) {
          json::for_each_element(text, 0, *items, [&](const json::Value& item, std::size_t) {
            walked.push_back(as_nlohmann(text, item));
            return true;
          });
        }
        return true;
      }, false);
    }
    json::ListStream stream;
    stream.keys = {"items"};
    std::vector<nlohmann::ordered_json> streamed;
    stream.item = [&](const json::Value& item, std::string_view, std::size_t, std::size_t) {
      streamed.push_back(as_nlohmann(text, item));
      return true;
    };
    stream.element = [](const json::Value&, std::size_t) { return true; };
    json::ParseError stream_error;
    std::optional<json::Document> doc = json::parse_streaming(text, stream_error, stream);
    REQUIRE(doc.has_value() == strict.has_value());
    if (!strict) {
      CHECK(stream_error.offset == strict_error.offset);
      CHECK(stream_error.message == strict_error.message);
      continue;
    }
    CHECK(streamed == walked);
  }
}
