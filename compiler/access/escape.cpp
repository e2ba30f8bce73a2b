// Escaping user text per output (see escape.hpp).
#include "access/escape.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "base/text.hpp"

namespace iamc::access {

namespace {

// ASCII that JSON and an embedding <script> block take as it is: nearly every byte of a report.
constexpr std::array<bool, 256> kJsonPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
  return plain;
}();

// What Markdown (a table cell included) and HTML take as it is; the rest is escaped.
constexpr std::array<bool, 256> kMarkdownPlain = [] {
  std::array<bool, 256> plain{};
  plain.fill(true);
  for (unsigned char c : std::string_view("&<>|\\`*_[]#~!(){}@")) plain[c] = false;
  return plain;
}();

// \uXXXX: the escapes JSON takes are of code points below U+10000 (text_hazard's all are).
char* write_unicode_escape(char* at, char32_t cp) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  *at++ = '\\';
  *at++ = 'u';
  for (int shift = 12; shift >= 0; shift -= 4) *at++ = kHex[(cp >> shift) & 0xF];
  return at;
}

char* write_text(char* at, std::string_view text) {
  if (text.empty()) return at;  // an empty view's data may be null, which memcpy must not get
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

}  // namespace

char* write_json_string(char* at, std::string_view text) {
  *at++ = '"';
  for (std::size_t i = 0; i < text.size();) {
    // Runs of plain ASCII are copied whole.
    std::size_t run = i;
    while (run < text.size() && kJsonPlain[static_cast<unsigned char>(text[run])]) ++run;
    at = write_text(at, text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      // ASCII that needs escaping: quotes, backslashes, controls, and < > & for <script> blocks.
      switch (const char c = text[i]) {
        case '"': at = write_text(at, "\\\""); break;
        case '\\': at = write_text(at, "\\\\"); break;
        case '\n': at = write_text(at, "\\n"); break;
        case '\t': at = write_text(at, "\\t"); break;
        default: at = write_unicode_escape(at, static_cast<char32_t>(c));
      }
      ++i;
      continue;
    }
    auto [cp, length] = decode_utf8(text, i);
    if (cp == 0xFFFD && length == 1) {
      at = write_text(at, "\\ufffd");  // not UTF-8 (a file name can be anything): JSON text must be
    } else if (text_hazard(cp) != TextHazard::None) {
      at = write_unicode_escape(at, cp);
    } else {
      at = write_text(at, text.substr(i, length));
    }
    i += length;
  }
  *at++ = '"';
  return at;
}

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t at = out.size();
  out.resize(at + json_string_room(text.size()));
  char* end = write_json_string(out.data() + at, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

std::string html_text(std::string_view text) {
  std::string out;
  for (char c : display_text(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void append_markdown_text(std::string& out, std::string_view text) {
  // display_text changes only controls and non-ASCII: text without them is its own display form.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F;
  });
  std::string shown = plain ? std::string() : display_text(text);
  const std::string_view view = plain ? text : std::string_view(shown);
  for (std::size_t i = 0; i < view.size(); ++i) {
    // Runs of characters Markdown and HTML take as they are are copied whole.
    std::size_t run = i;
    while (run < view.size() && kMarkdownPlain[static_cast<unsigned char>(view[run])]) ++run;
    out.append(view.data() + i, run - i);
    i = run;
    if (i == view.size()) break;
    switch (const char c = view[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      default:  // the rest of kMarkdownPlain's exceptions: Markdown punctuation
        out += '\\';
        out += c;
    }
  }
}

std::string markdown_text(std::string_view text) {
  std::string out;
  append_markdown_text(out, text);
  return out;
}

std::string csv_field(std::string_view text) {
  std::string shown = display_text(text);
  bool formula = !shown.empty() && (shown[0] == '=' || shown[0] == '+' || shown[0] == '-' || shown[0] == '@');
  std::string value = formula ? std::string(1, '\'') : std::string();
  value += shown;
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace iamc::access
