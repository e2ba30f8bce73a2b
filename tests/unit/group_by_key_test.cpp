// lint::group_by_key, which duplicate-grant and redundant-grant build on: the positions it
// returns hold equal keys adjacent and in their original order, each with its item's own hash,
// and the items stay where they are, whether hashes are all distinct, collide for some keys, or
// collide for all of them.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "lint/identity.hpp"

namespace {

struct Item {
  int key;
  int original;  // where the item was before grouping
};

void check_grouping(std::size_t (*hash)(int), unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Item> items;
  for (int i = 0; i < 2000; ++i) items.push_back({static_cast<int>(rng() % 97), i});
  std::map<int, std::vector<int>> expected;  // key -> originals, in order
  for (const Item& item : items) expected[item.key].push_back(item.original);

  auto key = [](const Item& item) { return item.key; };
  const std::vector<iamc::lint::HashedPosition> order = iamc::lint::group_by_key(items, key, hash);
  REQUIRE(order.size() == items.size());
  for (std::size_t i = 0; i < items.size(); ++i) REQUIRE(items[i].original == static_cast<int>(i));  // not moved
  auto at = [&](std::size_t i) -> const Item& { return items[order[i].position]; };
  std::map<int, std::vector<int>> got;
  for (std::size_t begin = 0, end = 0; begin < order.size(); begin = end) {
    end = begin + 1;
    while (end < order.size() && order[end].hash == order[begin].hash && at(end).key == at(begin).key) ++end;
    INFO("the key of a run must not appear in another run");
    REQUIRE_FALSE(got.contains(at(begin).key));
    for (std::size_t i = begin; i < end; ++i) got[at(begin).key].push_back(at(i).original);
  }
  for (std::size_t i = 0; i < order.size(); ++i) REQUIRE(order[i].hash == hash(at(i).key));
  CHECK(got == expected);
}

}  // namespace

TEST_CASE("group_by_key: runs of equal keys, in original order, with each item's hash", "[lint]") {
  check_grouping([](int k) { return static_cast<std::size_t>(std::hash<int>()(k) * 0x9e3779b97f4a7c15ull); }, 1);
  check_grouping([](int k) { return static_cast<std::size_t>(k % 5); }, 2);  // many keys per hash
  check_grouping([](int) { return std::size_t{7}; }, 3);                    // every hash collides
}
