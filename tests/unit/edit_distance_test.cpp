// Bounded, case-insensitive Levenshtein distance and the did-you-mean choice built on it.
#include <catch2/catch.hpp>
#include <array>
#include <string_view>

#include "base/edit_distance.hpp"

using iamc::closest_match;
using iamc::edit_distance;

TEST_CASE("edit distance") {
  CHECK(edit_distance("kitten", "sitting", 5) == 3);
  CHECK(edit_distance("", "", 3) == 0);
  CHECK(edit_distance("", "abc", 3) == 3);
  CHECK(edit_distance("abc", "", 3) == 3);
  CHECK(edit_distance("target", "taget", 3) == 1);
  CHECK(edit_distance("grant", "grnat", 3) == 2);
  CHECK(edit_distance("Target", "tARGET", 3) == 0);  // case-insensitive
}

TEST_CASE("edit distance is capped at max + 1") {
  CHECK(edit_distance("a", "abcdef", 2) == 3);          // length difference alone exceeds the cap
  CHECK(edit_distance("abcdef", "uvwxyz", 2) == 3);     // same length, every row over the cap
  CHECK(edit_distance("abcdef", "abcdef", 0) == 0);
  CHECK(edit_distance("abcdef", "abcdeg", 0) == 1);
}

TEST_CASE("closest match") {
  constexpr std::array<std::string_view, 4> kWords = {"target", "let", "in", "include"};
  CHECK(closest_match("taget", kWords) == "target");
  CHECK(closest_match("incldue", kWords) == "include");
  CHECK(closest_match("lett", kWords) == "let");
  CHECK(closest_match("zebra", kWords).empty());
  CHECK(closest_match("", kWords).empty());  // nothing sensible to suggest for nothing
  std::array<std::string_view, 0> none{};
  CHECK(closest_match("taget", none).empty());
}

TEST_CASE("closest match allows a third of the word's length, between 1 and 3 edits") {
  constexpr std::array<std::string_view, 3> kKinds = {"user", "service_account", "group"};
  CHECK(closest_match("usr", kKinds) == "user");                     // 3 letters: 1 edit
  CHECK(closest_match("ab", std::array<std::string_view, 1>{"xy"}).empty());  // 2 edits > 1
  CHECK(closest_match("serviceaccount", kKinds) == "service_account");
  CHECK(closest_match("srvcaccnt", kKinds).empty());
  // Long words: at most 3 edits even though a third of the length is more.
  constexpr std::array<std::string_view, 1> kLong = {"aigateway_model_provider"};
  CHECK(closest_match("aigateway_mdl_prvdr", kLong).empty());      // 5 edits
  CHECK(closest_match("aigateway_model_provdr", kLong) == "aigateway_model_provider");
}

TEST_CASE("closest match prefers the nearest, then the first") {
  constexpr std::array<std::string_view, 3> kWords = {"grantx", "grant", "grants"};
  CHECK(closest_match("granr", kWords) == "grant");
  constexpr std::array<std::string_view, 2> kTie = {"abcd", "abce"};
  CHECK(closest_match("abcf", kTie) == "abcd");
}
