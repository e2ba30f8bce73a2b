// A JSON reader for state files: values keep their byte ranges in the file, so a problem is
// reported at its line and column with its JSON path. A state file's lists are never built: they
// are walked one item at a time while the file is parsed (parse_streaming), or later from their
// recorded range (for_each_element), so a list of a million bindings is read with the memory of
// one binding, not a million trees. Within one item (one binding) and in small documents, arrays
// are built like objects, and objects' members live in arenas of blocks that never move.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iamc::plan::json {

enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };

/// "null", "a boolean", "a number", "a string", "an array", "an object" (for messages).
std::string_view kind_phrase(Kind kind);

/// A parsed value. Objects hold their members; an array holds its elements when it was built,
/// else only its range and its length (see for_each_element). Strings keep their raw bytes between the quotes; string() decodes escapes.
/// A value does not own its members: they live in the Document (or the element walk) that parsed
/// it, in blocks that never move, so a parse makes no allocation per object.
struct Member;

struct Value {
  Kind kind = Kind::Null;
  bool escaped = false;     ///< a String holds at least one backslash escape
  bool built = false;       ///< an Object, or an Array whose elements are in member_data
  std::uint32_t begin = 0;  ///< offset of the first byte in the document
  std::uint32_t end = 0;    ///< one past the last byte
  std::uint32_t member_count = 0;  ///< Object: how many members; Array: how many elements
  std::string_view raw;     ///< String: between the quotes, escapes undecoded; Number/Bool: the literal
  /// Object: the members, in document order; built Array: the elements (with empty keys).
  const Member* member_data = nullptr;

  [[nodiscard]] bool is(Kind k) const { return kind == k; }
  /// The decoded string (String only).
  [[nodiscard]] std::string string() const;
  /// The decoded string (String only) into `out`, reusing its room.
  void string_to(std::string& out) const;
  /// The first member named `key`, or null.
  [[nodiscard]] const Value* find(std::string_view key) const;
  /// Object: the members, in document order.
  [[nodiscard]] std::span<const Member> members() const;
};

/// One member of an object: its key as written (escapes undecoded) and its value.
struct Member {
  std::string_view raw_key;
  bool key_escaped = false;
  Value value;
  /// The decoded key.
  [[nodiscard]] std::string key() const;
};

inline std::span<const Member> Value::members() const { return {member_data, member_count}; }

/// Where the members of parsed objects are kept: blocks that never move, reused after clear().
class MemberArena {
 public:
  /// Room for `count` members in one run; the pointer stays valid until clear().
  Member* allocate(std::size_t count);
  void clear();
  /// The parser's stack of the members of the objects still open (kept for its capacity).
  std::vector<Member> open_members;

 private:
  struct Block {
    std::unique_ptr<Member[]> data;
    std::size_t size = 0;
  };
  std::vector<Block> blocks_;
  std::size_t block_ = 0;  ///< the block being filled
  std::size_t used_ = 0;   ///< members used in it
};

/// A parsed value and the arena its objects' members live in.
struct Document {
  Value root;
  std::unique_ptr<MemberArena> arena = std::make_unique<MemberArena>();
};

struct ParseError {
  std::uint32_t offset = 0;
  std::string message;
};

/// The limits a state file is read under: values nested deeper are rejected (a recursion bound).
inline constexpr int kMaxDepth = 64;

/// Parses the one value that makes up `text` (whitespace around it allowed), its arrays not built
/// (a state file, a list response). `base` is added to every offset, so a value parsed from a
/// slice of a file keeps the file's offsets.
std::optional<Document> parse(std::string_view text, ParseError& error, std::uint32_t base = 0);
/// The lists of a state file, walked while the file is parsed (parse_streaming): one pass over
/// the bytes instead of a validating pass and then a walk.
struct ListStream {
  static constexpr std::size_t kNoPage = static_cast<std::size_t>(-1);
  /// The member names that hold a list, in the response object (the root object, or each
  /// element of a root array): the first such member whose value is an array is streamed.
  std::vector<std::string_view> keys;
  /// Each item of a streamed list, with the list's name, its page (the root array's element, or
  /// kNoPage) and its index; false to stop calling (the rest of the file is still checked).
  std::function<bool(const Value& item, std::string_view key, std::size_t page, std::size_t index)> item;
  /// Each element of a root array, after its list (if any) was streamed; false to stop calling.
  std::function<bool(const Value& element, std::size_t index)> element;
  /// The list streamed in the response object last parsed (the root, or the current page);
  /// empty if none.
  std::string_view streamed_key;
  std::uint32_t streamed_begin = 0;  ///< where that list starts
  bool stopped = false;
  MemberArena item_arena;  ///< an item's members, while it is handed over
  MemberArena page_arena;  ///< a root array element's members, while it is handed over
};

/// Parses a state file, streaming its lists as `stream` says. The root object (if the root is
/// an object) is kept with its members, the streamed list as a range with its length; a root
/// array keeps only its range and length. Nothing is reported through `stream` that a failed
/// parse would not also have shown: a caller drops what the stream gave it when this fails.
std::optional<Document> parse_streaming(std::string_view text, ParseError& error, ListStream& stream);

/// A small document (a request body) with its arrays built and its members kept in `arena`
/// (valid until the arena is cleared): parsing many one after another allocates nothing once
/// the arena has grown.
std::optional<Value> parse_small(std::string_view text, ParseError& error, MemberArena& arena);

/// The elements of an array that was not built, parsed one at a time (see for_each_element),
/// each with its own arrays built, or (`build_nested` false: pages that each hold a list) not.
bool for_each_lazy_element(std::string_view document, std::uint32_t base, const Value& array,
                           const std::function<bool(const Value& element, std::size_t index)>& fn,
                           bool build_nested = true);

/// Calls fn(element, index) for each element of an Array value parsed from `document` (the same
/// text handed to parse, with the same base), in order; stops early when fn returns false. An
/// array that was not built has its elements parsed one at a time (each with its own arrays
/// built); the document was validated when the array was parsed.
template <typename Fn>
bool for_each_element(std::string_view document, std::uint32_t base, const Value& array, Fn&& fn) {
  if (array.kind != Kind::Array) return true;
  if (!array.built) return for_each_lazy_element(document, base, array, fn);
  std::size_t index = 0;
  for (const Member& element : array.members()) {
    if (!fn(element.value, index++)) break;
  }
  return true;
}

}  // namespace iamc::plan::json
