// The canonical JSON writer: the only place iamc produces JSON bytes for requests. Backends
// stream each body through a JsonWriter in compact form (no whitespace), with keys in the order
// they write them, so each backend fixes its vendor's key order; `reindent` gives the pretty
// layout of the output files from those bytes. No tree is built: a million requests are a
// million appends to a reused buffer, not a million trees of small allocations.
#pragma once

#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

namespace iamc::backend {

/// Appends `text` as a JSON string literal: quotes, backslash and control characters escaped,
/// everything else (UTF-8 included) passed through byte for byte.
void append_json_string(std::string& out, std::string_view text);

/// The length of the prefix of `text` whose bytes JSON takes as they are in a string (no '"',
/// no '\\', no control character): found 16 bytes a step. The writer copies such runs at once;
/// plan's JSON reader skips string bodies with it.
std::size_t json_plain_prefix(std::string_view text);

/// Appends the concatenation of `parts` as one JSON string literal, without building it first.
void append_json_string(std::string& out, std::initializer_list<std::string_view> parts);

/// Writes one compact JSON value into a string, in the order of the calls. Commas are the
/// writer's business; nesting is the caller's (every begin_ has its end_).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  /// An object member's key; the value follows with the next call.
  JsonWriter& key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_.push_back(':');
    after_key_ = true;
    return *this;
  }
  /// A key spelt in the code as a string literal: the backends' keys are plain words that need no
  /// escaping, so it is copied without being scanned. Keys from sources (label keys) are
  /// string_views and take the overload above.
  template <std::size_t N>
  JsonWriter& key(const char (&literal)[N]) {
    static_assert(N > 1, "a JSON key literal");
    separate();
    const std::size_t at = out_.size();
    out_.resize(at + N + 2);  // "literal": (N - 1 bytes of text)
    char* p = out_.data() + at;
    p[0] = '"';
    std::memcpy(p + 1, literal, N - 1);
    p[N] = '"';
    p[N + 1] = ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& string(std::string_view text) {
    separate();
    append_json_string(out_, text);
    return *this;
  }
  /// One string made of several parts ("app/user:" and an id, say).
  JsonWriter& string(std::initializer_list<std::string_view> parts) {
    separate();
    append_json_string(out_, parts);
    return *this;
  }
  JsonWriter& boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
    return *this;
  }
  /// key(name) then string(text).
  JsonWriter& field(std::string_view name, std::string_view text) { return key(name).string(text); }
  template <std::size_t N>
  JsonWriter& field(const char (&name)[N], std::string_view text) {
    return key(name).string(text);
  }

 private:
  // A value after a key takes no comma; any other value does, unless it opens its container.
  void separate() {
    if (after_key_) {
      after_key_ = false;
    } else if (!first_) {
      out_.push_back(',');
    }
    first_ = false;
  }
  JsonWriter& open(char bracket) {
    separate();
    out_.push_back(bracket);
    first_ = true;
    return *this;
  }
  JsonWriter& close(char bracket) {
    out_.push_back(bracket);
    first_ = false;  // the enclosing container now holds at least this value
    return *this;
  }

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

/// Appends compact JSON (as JsonWriter writes it) pretty-printed: 2-space indentation, `": "`
/// after keys, empty arrays and objects kept as `[]` and `{}`, and a final newline.
void reindent(std::string_view compact, std::string& out);

/// Appends one NDJSON request line: {"target","instance","action"?,"method","path","headers",
/// "body"?,"source"} and a newline. `body` is compact JSON, copied as it is. `action` (create,
/// update, delete: `iamc plan`) is left out when empty, and so are an empty body (a DELETE), an
/// empty Content-Type and an empty Accept header.
void append_request_line(std::string& out, std::string_view target, std::string_view instance,
                         std::string_view action, std::string_view method, std::string_view path,
                         std::string_view content_type, std::string_view body, std::string_view source,
                         std::string_view accept = {});

}  // namespace iamc::backend
