// The canonical JSON writer (see json_writer.hpp).
#include "backends/json_writer.hpp"

#include <cstring>

namespace iamc::backend {

JsonValue JsonValue::string(std::string text) {
  JsonValue v;
  v.kind_ = Kind::String;
  v.text_ = std::move(text);
  return v;
}

JsonValue JsonValue::borrowed(std::string_view text) {
  JsonValue v;
  v.kind_ = Kind::String;
  v.borrowed_ = true;
  v.view_ = text;
  return v;
}

JsonValue JsonValue::boolean(bool value) {
  JsonValue v;
  v.kind_ = Kind::Bool;
  v.flag_ = value;
  return v;
}

JsonValue JsonValue::array() {
  JsonValue v;
  v.kind_ = Kind::Array;
  return v;
}

JsonValue JsonValue::object() {
  JsonValue v;
  v.kind_ = Kind::Object;
  return v;
}

JsonValue& JsonValue::push(JsonValue value) {
  items_.push_back(std::move(value));
  return items_.back();
}

JsonValue& JsonValue::add(std::string_view key, JsonValue value) {
  members_.emplace_back(key, std::move(value));
  return members_.back().second;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const Member& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

namespace {

// Whether any of the 8 bytes in `w` is a control character, '"' or '\\' (the bytes JSON must
// escape); bit tricks from "Bit Twiddling Hacks" (haszero / hasless), 8 bytes per step.
bool needs_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [&](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Most strings (ids, role names) need no escaping at all: skip them 8 bytes at a time.
    while (i + 8 <= text.size()) {
      std::uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      if (needs_escape(w)) break;
      i += 8;
    }
    if (i >= text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

namespace {

// One printer for both layouts: `depth` < 0 means compact (no whitespace at all); otherwise
// 2-space indentation at that depth. Empty arrays and objects stay `[]` and `{}` in both.
void write_value(const JsonValue& v, std::string& out, int depth) {
  const bool pretty = depth >= 0;
  auto newline = [&](int level) {
    if (!pretty) return;
    out.push_back('\n');
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case JsonValue::Kind::Null: out += "null"; return;
    case JsonValue::Kind::Bool: out += v.flag() ? "true" : "false"; return;
    case JsonValue::Kind::String: append_json_string(out, v.text()); return;
    case JsonValue::Kind::Array: {
      out.push_back('[');
      bool first = true;
      for (const JsonValue& item : v.items()) {
        if (!first) out.push_back(',');
        first = false;
        newline(depth + 1);
        write_value(item, out, pretty ? depth + 1 : -1);
      }
      if (!v.items().empty()) newline(depth);
      out.push_back(']');
      return;
    }
    case JsonValue::Kind::Object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.members()) {
        if (!first) out.push_back(',');
        first = false;
        newline(depth + 1);
        append_json_string(out, key);
        out += pretty ? ": " : ":";
        write_value(value, out, pretty ? depth + 1 : -1);
      }
      if (!v.members().empty()) newline(depth);
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

void write_pretty(const JsonValue& value, std::string& out) {
  write_value(value, out, 0);
  out.push_back('\n');
}

void write_compact(const JsonValue& value, std::string& out) { write_value(value, out, -1); }

void append_request_line(std::string& out, std::string_view target, std::string_view instance,
                         std::string_view method, std::string_view path,
                         const std::vector<std::pair<std::string_view, std::string_view>>& headers,
                         const JsonValue& body, std::string_view source) {
  // Written directly rather than through a JsonValue: the line would otherwise copy the body.
  out += "{\"target\":";
  append_json_string(out, target);
  out += ",\"instance\":";
  append_json_string(out, instance);
  out += ",\"method\":";
  append_json_string(out, method);
  out += ",\"path\":";
  append_json_string(out, path);
  out += ",\"headers\":{";
  bool first = true;
  for (const auto& [key, value] : headers) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, key);
    out.push_back(':');
    append_json_string(out, value);
  }
  out += "},\"body\":";
  write_compact(body, out);
  out += ",\"source\":";
  append_json_string(out, source);
  out += "}\n";
}

std::string to_pretty(const JsonValue& value) {
  std::string out;
  write_pretty(value, out);
  return out;
}

std::string to_compact(const JsonValue& value) {
  std::string out;
  write_compact(value, out);
  return out;
}

}  // namespace iamc::backend
