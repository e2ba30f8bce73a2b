// A JSON reader for state files: values keep their byte ranges in the file, so a problem is
// reported at its line and column with its JSON path. Arrays are not built: the reader records
// where an array is and walks its elements one at a time (for_each_element), so a list of a
// million bindings is read with the memory of one binding, not a million trees.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamc::plan::json {

enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };

/// "null", "a boolean", "a number", "a string", "an array", "an object" (for messages).
std::string_view kind_phrase(Kind kind);

/// A parsed value. Objects hold their members; an array holds only its range (see
/// for_each_element). Strings keep their raw bytes between the quotes; string() decodes escapes.
struct Member;

struct Value {
  Kind kind = Kind::Null;
  std::uint32_t begin = 0;  ///< offset of the first byte in the document
  std::uint32_t end = 0;    ///< one past the last byte
  std::string_view raw;     ///< String: between the quotes, escapes undecoded; Number/Bool: the literal
  bool escaped = false;     ///< a String holds at least one backslash escape
  std::vector<Member> members;  ///< Object: keys decoded, in document order

  [[nodiscard]] bool is(Kind k) const { return kind == k; }
  /// The decoded string (String only).
  [[nodiscard]] std::string string() const;
  /// The first member named `key`, or null.
  [[nodiscard]] const Value* find(std::string_view key) const;
};

/// One member of an object. (Not a std::pair: a pair needs a complete Value, and libc++-strict
/// compilers such as clang reject the recursive pair; a vector of a forward-declared struct is fine.)
struct Member {
  Member(std::string key, Value v) : first(std::move(key)), second(std::move(v)) {}
  std::string first;  ///< the key
  Value second;       ///< the value
};

struct ParseError {
  std::uint32_t offset = 0;
  std::string message;
};

/// The limits a state file is read under: values nested deeper are rejected (a recursion bound).
inline constexpr int kMaxDepth = 64;

/// Parses the one value that makes up `text` (whitespace around it allowed). `base` is added to
/// every offset, so a value parsed from a slice of a file keeps the file's offsets.
std::optional<Value> parse(std::string_view text, ParseError& error, std::uint32_t base = 0);

/// Calls fn(element) for each element of an Array value parsed from `document` (the same text
/// handed to parse, with the same base), in order; stops early when fn returns false. Elements
/// are parsed one at a time; the document was validated when the array was parsed.
bool for_each_element(std::string_view document, std::uint32_t base, const Value& array,
                      const std::function<bool(const Value& element, std::size_t index)>& fn);

}  // namespace iamc::plan::json
