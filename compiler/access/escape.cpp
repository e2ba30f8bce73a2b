// Escaping user text per output (see escape.hpp).
#include "access/escape.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "base/text.hpp"

namespace iamc::access {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, length] = decode_utf8(text, i);
    if (cp == 0xFFFD && length == 1) {
      out += "\\ufffd";  // not UTF-8 (a file name can be anything): JSON text must be
    } else if (cp == '"') {
      out += "\\\"";
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (text_hazard(cp) != TextHazard::None) {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(cp));
    } else if (cp == '<' || cp == '>' || cp == '&') {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(cp));  // safe to embed in a <script> block
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out + "\"";
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

std::string markdown_text(std::string_view text) {
  std::string out;
  for (char c : display_text(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '~': case '!': case '(': case ')':
      case '{': case '}': case '@':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
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
