// base/flat_index.hpp, which a plan's live bindings (by id and by key) and a diff's interned
// texts are found through: against std::unordered_map on random texts with many repeats, across
// growth from the smallest table, after clear(), for texts whose hashes collide in the slot bits,
// and the position it hands back to replace (the planner chains bindings with one key that way).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/flat_index.hpp"

namespace {

struct TextAt {
  const std::vector<std::string>* texts;
  std::string_view operator()(std::uint32_t i) const { return (*texts)[i]; }
};

std::string random_text(std::mt19937& rng) {
  // Lengths across the hash's cases: empty, under one word, whole words, and a partial last word.
  const std::size_t length = rng() % 40;
  std::string text;
  for (std::size_t i = 0; i < length; ++i) text.push_back(static_cast<char>('a' + rng() % 4));
  return text;
}

}  // namespace

TEST_CASE("FlatIndex finds what an unordered_map finds, across growth") {
  std::mt19937 rng(17);
  std::vector<std::string> texts;
  iamc::FlatIndex<TextAt> index(TextAt{&texts});
  std::unordered_map<std::string, std::uint32_t> expected;
  for (int round = 0; round < 20000; ++round) {
    std::string text = random_text(rng);
    const auto next = static_cast<std::uint32_t>(texts.size());
    auto [stored, fresh] = index.insert(text, next);
    auto [it, inserted] = expected.try_emplace(text, next);
    REQUIRE(fresh == inserted);
    REQUIRE(stored == it->second);
    if (fresh) texts.push_back(std::move(text));
  }
  REQUIRE(index.size() == expected.size());
  for (const auto& [text, position] : expected) REQUIRE(index.find(text) == position);
  for (int probe = 0; probe < 2000; ++probe) {
    const std::string text = random_text(rng) + "#";  // '#' is in no inserted text
    REQUIRE(index.find(text) == iamc::FlatIndex<TextAt>::kNone);
  }
}

TEST_CASE("FlatIndex hands back the stored position to replace, and forgets everything on clear") {
  std::vector<std::string> texts = {"a", "b", "a"};
  iamc::FlatIndex<TextAt> index(TextAt{&texts});
  index.reserve(3);
  REQUIRE(index.insert("a", 0).second);
  REQUIRE(index.insert("b", 1).second);
  auto [first, fresh] = index.insert("a", 2);
  REQUIRE_FALSE(fresh);
  REQUIRE(first == 0);
  first = 2;  // the planner's chains: the latest position with the key is the one found
  REQUIRE(index.find("a") == 2);
  REQUIRE(index.find("b") == 1);
  index.clear();
  REQUIRE(index.size() == 0);
  REQUIRE(index.find("a") == iamc::FlatIndex<TextAt>::kNone);
  REQUIRE(index.insert("b", 1).second);
}

TEST_CASE("text_hash depends on every byte, and FlatIndex survives equal slot bits") {
  // Texts that differ in one byte only, at every position of a 24-byte text (three words, and
  // the overlapping last word of shorter lengths).
  for (std::size_t length = 1; length <= 24; ++length) {
    const std::string base(length, 'x');
    for (std::size_t at = 0; at < length; ++at) {
      std::string other = base;
      other[at] = 'y';
      INFO("length " << length << ", byte " << at);
      REQUIRE(iamc::text_hash(base) != iamc::text_hash(other));
    }
  }
  // Many texts, all in a table of 16 slots' worth of low bits at first: probing wraps around
  // and every text is still found.
  std::vector<std::string> texts;
  for (int i = 0; i < 500; ++i) texts.push_back("key-" + std::to_string(i));
  iamc::FlatIndex<TextAt> index(TextAt{&texts});
  for (std::uint32_t i = 0; i < texts.size(); ++i) REQUIRE(index.insert(texts[i], i).second);
  for (std::uint32_t i = 0; i < texts.size(); ++i) REQUIRE(index.find(texts[i]) == i);
}
