// The canonical JSON writer: the only place iamc produces JSON bytes for requests. A small ordered
// value type (keys keep insertion order, so each backend fixes its vendor's key order) and two
// printers: pretty (2-space indent, newline at the end) and compact (one line, for NDJSON).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iamc::backend {

/// A JSON value whose objects keep their keys in insertion order. Keys are string_views: backends
/// use literals or views into source buffers, both of which outlive the requests.
class JsonValue {
 public:
  enum class Kind : std::uint8_t { Null, Bool, String, Array, Object };
  using Member = std::pair<std::string_view, JsonValue>;

  JsonValue() = default;
  static JsonValue string(std::string text);
  /// A string value that refers to `text` without copying it: for views into the sources, the
  /// catalogues or literals, which outlive every request. This keeps emission allocation-lean.
  static JsonValue borrowed(std::string_view text);
  static JsonValue boolean(bool value);
  static JsonValue array();
  static JsonValue object();

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool flag() const { return flag_; }
  [[nodiscard]] std::string_view text() const { return borrowed_ ? view_ : std::string_view(text_); }
  [[nodiscard]] const std::vector<JsonValue>& items() const { return items_; }
  [[nodiscard]] const std::vector<Member>& members() const { return members_; }

  /// Appends to an array; returns the new element.
  JsonValue& push(JsonValue value);
  /// Appends a member to an object (keys are not deduplicated: backends write each key once);
  /// returns the new member's value.
  JsonValue& add(std::string_view key, JsonValue value);
  JsonValue& add(std::string_view key, std::string text) { return add(key, string(std::move(text))); }
  /// Borrows `text` (see borrowed()): pass only views that outlive the request.
  JsonValue& add(std::string_view key, std::string_view text) { return add(key, borrowed(text)); }
  JsonValue& add(std::string_view key, const char* text) { return add(key, borrowed(text)); }
  /// The member's value, or null when absent (for tests and the driver).
  [[nodiscard]] const JsonValue* find(std::string_view key) const;

 private:
  Kind kind_ = Kind::Null;
  bool flag_ = false;
  bool borrowed_ = false;
  std::string_view view_;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

/// Appends `text` as a JSON string literal: quotes, backslash and control characters escaped,
/// everything else (UTF-8 included) passed through byte for byte.
void append_json_string(std::string& out, std::string_view text);

/// Appends the value pretty-printed with 2-space indentation and a final newline.
void write_pretty(const JsonValue& value, std::string& out);
/// Appends the value on one line, without spaces and without a newline.
void write_compact(const JsonValue& value, std::string& out);

/// Appends one NDJSON request line: {"target","instance","method","path","headers","body","source"}
/// and a newline. `headers` are written in order; the body is written compactly.
void append_request_line(std::string& out, std::string_view target, std::string_view instance,
                         std::string_view method, std::string_view path,
                         const std::vector<std::pair<std::string_view, std::string_view>>& headers,
                         const JsonValue& body, std::string_view source);

[[nodiscard]] std::string to_pretty(const JsonValue& value);
[[nodiscard]] std::string to_compact(const JsonValue& value);

}  // namespace iamc::backend
