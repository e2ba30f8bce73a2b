// Helpers private to the state decoders: reading typed members with JSON paths in the messages,
// and the few normalisations several targets share.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "plan/state.hpp"

namespace iamc::plan::detail {

/// The key separator: a byte no id, role or scope contains.
inline constexpr char kSep = '\x1f';

inline std::string child_path(const std::string& path, std::string_view key) {
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

/// `path[index]` into `out` (reusing its room: a path is made for each of a state's items).
inline void index_path(std::string_view path, std::size_t index, std::string& out) {
  out.assign(path);
  out += '[';
  append_decimal(out, index);
  out += ']';
}

inline std::string index_path(const std::string& path, std::size_t index) {
  std::string out;
  index_path(path, index, out);
  return out;
}

/// A JSON path spelled out only when a problem is reported: a whole path, or a parent and one
/// member name or array index. Decoding a hundred thousand items reports nothing, and spelling
/// "$.items[41].scope" out for each member read was a good part of the work. A JsonPath refers
/// to its parent and its text, which must outlive it: keep one only where its parent is a named
/// path or string (a temporary parent is fine within one expression).
class JsonPath {
 public:
  JsonPath(const std::string& whole) : whole_(&whole) {}  // NOLINT(google-explicit-constructor): a path is a path
  JsonPath(const std::string& whole, std::string_view key) : whole_(&whole), key_(key), has_key_(true) {}
  JsonPath(const JsonPath& parent, std::string_view key) : parent_(&parent), key_(key), has_key_(true) {}
  JsonPath(const JsonPath& parent, std::size_t index) : parent_(&parent), index_(index) {}

  [[nodiscard]] std::string str() const {
    std::string out;
    append_to(out);
    return out;
  }

 private:
  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

  void append_to(std::string& out) const {
    if (whole_ != nullptr) {
      out += *whole_;
    } else {
      parent_->append_to(out);
    }
    if (has_key_) {
      out += '.';
      out += key_;
    } else if (index_ != kNoIndex) {
      out += '[';
      append_decimal(out, index_);
      out += ']';
    }
  }

  const std::string* whole_ = nullptr;
  const JsonPath* parent_ = nullptr;
  std::string_view key_;
  bool has_key_ = false;
  std::size_t index_ = kNoIndex;
};

/// The member `key` of an object when present and not null. A member of another kind than
/// `kind` is reported; a missing one too when `required`.
const json::Value* member(const json::Value& object, std::string_view key, json::Kind kind, bool required,
                          const DecodeContext& ctx, const JsonPath& path, bool& ok);

/// A string member into `out` (left empty when absent and optional), reusing out's room.
bool string_member(const json::Value& object, std::string_view key, bool required, const DecodeContext& ctx,
                   const JsonPath& path, std::string& out);

/// An array-of-strings member into `out`; `present` tells whether it was there at all.
bool string_list_member(const json::Value& object, std::string_view key, bool required,
                        const DecodeContext& ctx, const JsonPath& path, std::vector<std::string>& out,
                        bool* present = nullptr);

/// Requires the item to be an object.
bool require_object(const json::Value& item, const DecodeContext& ctx);

/// Sorts and removes duplicates: list order carries no meaning in these APIs.
inline void sort_unique(std::vector<std::string>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

/// Appends `parts` to the key, each followed by kSep.
inline void add_key(std::string& key, std::string_view part) {
  if (key.empty()) key.reserve(128);  // one allocation for the whole key, not one per doubling
  key += part;
  key += kSep;
}

/// `text` percent-encoded for one path segment: everything outside RFC 3986's unreserved
/// characters, so an id from a state file can never add a segment or a query.
std::string path_segment(std::string_view text);

/// The id every live item must carry (the delete request needs it); not read from iamc's own
/// request bodies.
bool live_id(const json::Value& item, std::string_view key, const DecodeContext& ctx, Binding& out);

}  // namespace iamc::plan::detail
