// The state files' JSON reader (see json_reader.hpp): RFC 8259 syntax, strict (no comments, no
// trailing commas), offsets kept, arrays walked lazily.
#include "plan/json_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "backends/json_writer.hpp"

namespace iamc::plan::json {
namespace {

// JSON whitespace as a table: a state file is much indentation, and a table lookup is one load
// and a test where the comparisons were four.
struct SpaceTable {
  bool space[256] = {};
  constexpr SpaceTable() {
    space[static_cast<unsigned char>(' ')] = space[static_cast<unsigned char>('\t')] = true;
    space[static_cast<unsigned char>('\n')] = space[static_cast<unsigned char>('\r')] = true;
  }
};
constexpr SpaceTable kSpace;

class Parser {
 public:
  // With `build_arrays` false, arrays are validated and counted but their elements not kept.
  Parser(std::string_view text, std::uint32_t base, ParseError& error, MemberArena& arena, bool build_arrays)
      : text_(text), base_(base), error_(error), arena_(&arena), stack_(arena.open_members), build_arrays_(build_arrays) {}

  // Streams the lists `stream` names while the document is parsed (see parse_streaming).
  void set_stream(ListStream& stream) { stream_ = &stream; }

  void skip_space() {
    const std::size_t n = text_.size();
    while (pos_ < n && kSpace.space[static_cast<unsigned char>(text_[pos_])]) ++pos_;
  }
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  void set_pos(std::size_t p) { pos_ = p; }
  [[nodiscard]] std::uint32_t offset(std::size_t p) const { return base_ + static_cast<std::uint32_t>(p); }

  bool fail(std::string message) {
    if (error_.message.empty()) {
      error_.offset = offset(pos_ < text_.size() ? pos_ : text_.size());
      error_.message = std::move(message);
    }
    return false;
  }

  // Parses one value into `out` (objects with their members; arrays as a range only).
  bool value(Value& out, int depth) {
    skip_space();
    if (at_end()) return fail("the JSON ends where a value was expected (the file is truncated?)");
    if (depth > kMaxDepth) return fail(fmt::format("values are nested deeper than {} levels", kMaxDepth));
    const std::size_t start = pos_;
    out.begin = offset(start);
    out.member_data = nullptr;
    out.member_count = 0;
    out.raw = {};
    out.escaped = false;
    out.built = false;
    char c = peek();
    bool ok = true;
    if (c == '{') {
      out.kind = Kind::Object;
      ok = object(out, depth);
    } else if (c == '[') {
      out.kind = Kind::Array;
      if (stream_ != nullptr && depth == 0) {
        ok = stream_pages(out);
      } else {
        ok = build_arrays_ ? array(out, depth) : skip_array(out, depth);
      }
    } else if (c == '"') {
      out.kind = Kind::String;
      ok = string(out.raw, out.escaped);
    } else if (c == 't' || c == 'f' || c == 'n') {
      ok = literal(out);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      out.kind = Kind::Number;
      ok = number();
      out.raw = text_.substr(start, pos_ - start);
    } else {
      return fail(fmt::format("unexpected character {:?} where a value was expected", c));
    }
    out.end = offset(pos_);
    return ok;
  }

 private:
  bool object(Value& out, int depth) {
    // The members are gathered on one stack shared by every level (a nested object's own members
    // are moved out before its parent's next one is pushed), then moved in one run into the arena.
    const std::size_t mark = stack_.size();
    // The response object (the root, or a page of the root array) has its first list streamed.
    const bool response = stream_ != nullptr && depth == (page_ == kNoPage ? 0 : 1);
    bool streamed = false;
    bool ok = members([&](std::string_view raw, bool escaped) {
      // The value first: a nested object uses the stack above this member's slot and gives it back.
      Value v;
      skip_space();
      if (response && !streamed && !escaped && peek() == '[' &&
          std::find(stream_->keys.begin(), stream_->keys.end(), raw) != stream_->keys.end()) {
        streamed = true;
        stream_->streamed_key = raw;
        if (!stream_items(v, depth + 1, raw)) return false;
      } else if (!value(v, depth + 1)) {
        return false;
      }
      Member& m = stack_.emplace_back();
      m.raw_key = raw;
      m.key_escaped = escaped;
      m.value = v;
      return true;
    });
    return keep(out, mark, ok);
  }

  // The elements are gathered and kept as an object's members are, with empty keys.
  bool array(Value& out, int depth) {
    const std::size_t mark = stack_.size();
    bool ok = elements([&] {
      Value v;
      if (!value(v, depth + 1)) return false;
      stack_.emplace_back().value = v;
      return true;
    });
    return keep(out, mark, ok);
  }

  // Moves the members above `mark` on the stack into the arena as out's.
  bool keep(Value& out, std::size_t mark, bool ok) {
    if (ok) {
      const std::size_t count = stack_.size() - mark;
      Member* data = count == 0 ? nullptr : arena_->allocate(count);
      std::copy(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end(), data);
      out.member_data = data;
      out.member_count = static_cast<std::uint32_t>(count);
      out.built = true;
    }
    stack_.resize(mark);
    return ok;
  }

  // A streamed list: each item parsed (its own arrays built) into the item arena, handed to the
  // stream, and let go; the list itself keeps its range and length, like a validated array.
  bool stream_items(Value& out, int depth, std::string_view key) {
    out.begin = offset(pos_);
    stream_->streamed_begin = out.begin;
    out.kind = Kind::Array;
    MemberArena* const outer = arena_;
    const bool outer_build = build_arrays_;
    arena_ = &stream_->item_arena;
    build_arrays_ = true;
    std::uint32_t count = 0;
    const bool ok = elements([&] {
      stream_->item_arena.clear();
      Value item;
      if (!value(item, depth + 1)) return false;
      if (!stream_->stopped) stream_->stopped = !stream_->item(item, key, page_, count);
      ++count;
      return true;
    });
    arena_ = outer;
    build_arrays_ = outer_build;
    out.member_count = count;
    out.end = offset(pos_);
    return ok;
  }

  // The root array of a streamed document: pages (each with its list streamed) or bare items,
  // each parsed into the page arena, handed to the stream, and let go.
  bool stream_pages(Value& out) {
    MemberArena* const outer = arena_;
    arena_ = &stream_->page_arena;
    std::uint32_t count = 0;
    const bool ok = elements([&] {
      stream_->page_arena.clear();
      stream_->streamed_key = {};
      page_ = count;
      Value element;
      if (!value(element, 1)) return false;
      if (!stream_->stopped) stream_->stopped = !stream_->element(element, count);
      ++count;
      return true;
    });
    page_ = kNoPage;
    arena_ = outer;
    out.member_count = count;
    return ok;
  }

  // Validates an array and everything in it, keeping only its length.
  bool skip_array(Value& out, int depth) {
    Value scratch;
    std::uint32_t count = 0;
    bool ok = elements([&] {
      ++count;
      return skip(scratch, depth + 1);
    });
    out.member_count = count;
    return ok;
  }

  // The array at pos_, '[' to ']': calls on_element() with pos_ at each element, which it consumes.
  template <typename OnElement>
  bool elements(OnElement on_element) {
    ++pos_;  // '['
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (!on_element()) return false;
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return true;
      }
      return fail(at_end() ? "the JSON ends inside an array (the file is truncated?)"
                           : "',' or ']' was expected in an array");
    }
  }

  // Validates one value; objects are skipped member by member without keeping them.
  bool skip(Value& scratch, int depth) {
    skip_space();
    if (peek() != '{') return value(scratch, depth);
    if (depth > kMaxDepth) return fail(fmt::format("values are nested deeper than {} levels", kMaxDepth));
    return members([&](std::string_view, bool) { return skip(scratch, depth + 1); });
  }

  // The object at pos_, '{' to '}': calls on_member(raw key, key has escapes) with pos_ at each
  // member's value, which on_member consumes (keeping it or not).
  template <typename OnMember>
  bool members(OnMember on_member) {
    ++pos_;  // '{'
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      if (peek() != '"') return fail(at_end() ? "the JSON ends inside an object (the file is truncated?)"
                                              : "an object key (a string) was expected");
      std::string_view raw;
      bool escaped = false;
      if (!string(raw, escaped)) return false;
      skip_space();
      if (peek() != ':') return fail("':' was expected after an object key");
      ++pos_;
      if (!on_member(raw, escaped)) return false;
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return true;
      }
      return fail(at_end() ? "the JSON ends inside an object (the file is truncated?)"
                           : "',' or '}' was expected in an object");
    }
  }

  bool string(std::string_view& raw, bool& escaped) {
    ++pos_;  // '"'
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      // Most of a state file is string bytes: skip each plain run at once (SSE2), then look at
      // the byte that ended it. (A byte loop over the first 16 bytes cost more: ids are long.)
      pos_ += backend::json_plain_prefix(text_.substr(pos_));
      if (pos_ >= text_.size()) break;
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        raw = text_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail("a control character inside a string must be escaped");
      if (c == '\\') {
        escaped = true;
        ++pos_;
        if (pos_ >= text_.size()) break;
        char e = text_[pos_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            char h = pos_ + i < text_.size() ? text_[pos_ + i] : '\0';
            bool hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
            if (!hex) return fail("\\u must be followed by four hexadecimal digits");
          }
          pos_ += 4;
        } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
          return fail(fmt::format("unknown escape \\{} in a string", e));
        }
      }
      ++pos_;
    }
    return fail("the JSON ends inside a string (the file is truncated?)");
  }

  bool literal(Value& out) {
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        out.kind = word == "null" ? Kind::Null : Kind::Bool;
        out.raw = text_.substr(pos_, word.size());
        pos_ += word.size();
        return true;
      }
    }
    return fail("unexpected word where a value was expected (JSON has true, false and null)");
  }

  bool number() {
    auto digits = [this] {
      std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > start;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail("a digit was expected in a number");
    }
    if (peek() == '.') {
      ++pos_;
      if (!digits()) return fail("a digit was expected after '.' in a number");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return fail("a digit was expected in a number's exponent");
    }
    return true;
  }

  std::string_view text_;
  std::uint32_t base_;
  ParseError& error_;
  MemberArena* arena_;  ///< where members are kept (a streamed item's or page's own while it is parsed)
  std::vector<Member>& stack_;
  bool build_arrays_;
  ListStream* stream_ = nullptr;
  static constexpr std::size_t kNoPage = ListStream::kNoPage;
  std::size_t page_ = kNoPage;  ///< while a root array's element is parsed: its index
  std::size_t pos_ = 0;
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::uint32_t hex4(std::string_view s) {
  std::uint32_t v = 0;
  for (char h : s.substr(0, 4)) {
    v <<= 4;
    if (h >= '0' && h <= '9') v |= static_cast<std::uint32_t>(h - '0');
    else if (h >= 'a' && h <= 'f') v |= static_cast<std::uint32_t>(h - 'a' + 10);
    else if (h >= 'A' && h <= 'F') v |= static_cast<std::uint32_t>(h - 'A' + 10);
  }
  return v;
}

void decode_into(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out.push_back(c);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        std::uint32_t cp = hex4(raw.substr(i + 1));
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() + 1 && raw.substr(i + 1, 2) == "\\u") {
          std::uint32_t low = hex4(raw.substr(i + 3));
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // a lone surrogate
        append_utf8(out, cp);
        break;
      }
      default: out.push_back(e);
    }
  }
}

std::string decoded(std::string_view raw, bool escaped) {
  if (!escaped) return std::string(raw);
  std::string out;
  decode_into(raw, out);
  return out;
}

}  // namespace

std::string_view kind_phrase(Kind kind) {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "a value";
}

std::string Value::string() const { return decoded(raw, escaped); }

void Value::string_to(std::string& out) const {
  if (escaped) {
    decode_into(raw, out);
  } else {
    out.assign(raw);
  }
}

std::string Member::key() const { return decoded(raw_key, key_escaped); }

namespace {

// Whether two texts of `n` bytes are equal, inline: member names are short, and memcmp is a call
// (a fifth of what decoders spent looking members up). Up to 16 bytes as two overlapping words.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n > 16) return std::memcmp(a, b, n) == 0;
  auto word = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  if (n >= 8) return word(a) == word(b) && word(a + n - 8) == word(b + n - 8);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

const Value* Value::find(std::string_view key) const {
  for (const Member& m : members()) {
    if (m.key_escaped) {
      if (m.key() == key) return &m.value;
      continue;
    }
    if (m.raw_key.size() == key.size() && same_bytes(m.raw_key.data(), key.data(), key.size())) return &m.value;
  }
  return nullptr;
}

Member* MemberArena::allocate(std::size_t count) {
  // Blocks of at least 64 members; one object with more gets a block of its own size.
  constexpr std::size_t kBlock = 64;
  while (block_ < blocks_.size() && used_ + count > blocks_[block_].size) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    const std::size_t size = std::max(kBlock, count);
    blocks_.push_back(Block{std::make_unique<Member[]>(size), size});
    used_ = 0;
  }
  Member* out = blocks_[block_].data.get() + used_;
  used_ += count;
  return out;
}

void MemberArena::clear() {
  block_ = 0;
  used_ = 0;
}

namespace {

std::optional<Value> parse_value(std::string_view text, ParseError& error, MemberArena& arena, std::uint32_t base,
                                 bool build_arrays) {
  Parser p(text, base, error, arena, build_arrays);
  Value v;
  if (!p.value(v, 0)) return std::nullopt;
  p.skip_space();
  if (!p.at_end()) {
    p.fail("unexpected text after the JSON value");
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<Value> parse_small(std::string_view text, ParseError& error, MemberArena& arena) {
  return parse_value(text, error, arena, 0, true);
}

std::optional<Document> parse_streaming(std::string_view text, ParseError& error, ListStream& stream) {
  Document doc;
  Parser p(text, 0, error, *doc.arena, false);
  p.set_stream(stream);
  stream.stopped = false;
  stream.streamed_key = {};
  if (!p.value(doc.root, 0)) return std::nullopt;
  p.skip_space();
  if (!p.at_end()) {
    p.fail("unexpected text after the JSON value");
    return std::nullopt;
  }
  return doc;
}

std::optional<Document> parse(std::string_view text, ParseError& error, std::uint32_t base) {
  Document doc;
  std::optional<Value> root = parse_value(text, error, *doc.arena, base, false);
  if (!root) return std::nullopt;
  doc.root = *root;
  return doc;
}

bool for_each_lazy_element(std::string_view document, std::uint32_t base, const Value& array,
                           const std::function<bool(const Value& element, std::size_t index)>& fn,
                           bool build_nested) {
  if (array.kind != Kind::Array) return true;
  ParseError ignored;
  MemberArena arena;
  Parser p(document, base, ignored, arena, build_nested);
  p.set_pos(array.begin - base + 1);
  p.skip_space();
  if (p.peek() == ']') return true;
  Value element;
  for (std::size_t index = 0;; ++index) {
    arena.clear();  // the previous element's members and elements: fn is done with them
    if (!p.value(element, 1)) return false;  // cannot happen: the array was validated
    if (!fn(element, index)) return true;
    p.skip_space();
    if (p.peek() != ',') return true;
    p.set_pos(p.pos() + 1);
  }
}

}  // namespace iamc::plan::json
