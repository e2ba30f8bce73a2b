// Escaping for the access outputs: JSON strings of every length find a byte to escape wherever it
// is (the long ones are scanned 16 bytes at a time, the last step overlapping the one before).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "access/escape.hpp"

using iamc::access::json_string;

namespace {

// json_string(text) without its quotes.
std::string inner(std::string_view text) {
  const std::string quoted = json_string(text);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

TEST_CASE("access json_string escapes a byte at any place in a string of any length") {
  // Each is escaped alone (a short string: a byte at a time), so the expectations do not depend on
  // the scan of long strings.
  for (const std::string_view special : {"\"", "\\", "<", ">", "&", "\x7f", "\x01", "\n", "\xc3\xa9", "\xff", "\xe2\x80\xae"}) {
    const std::string escaped = inner(special);
    for (std::size_t length = 0; length <= 40; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        const std::string before(at, 'a'), after(length - at, 'b');
        const std::string text = before + std::string(special) + after;
        CAPTURE(special, length, at);
        CHECK(json_string(text) == "\"" + before + escaped + after + "\"");
      }
    }
  }
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string plain(length, 'x');
    CHECK(json_string(plain) == "\"" + plain + "\"");
  }
  CHECK(json_string("a\"b") == "\"a\\\"b\"");
}
