// User text (ids, names, descriptions, file names) on its way into JSON, Markdown, HTML or CSV:
// every access output passes each piece through exactly one of these, or through display_text
// (base/text.hpp) for a terminal. Control
// characters and the invisible formatting characters that reorder or hide text (bidi overrides
// and isolates, zero-width characters: "Trojan Source") become visible escapes everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace iamc::access {

/// A JSON string literal, quotes included: the exact text, with controls and formatting
/// characters written as \uXXXX escapes (so the bytes show them and a parser gets them back).
std::string json_string(std::string_view text);
/// Appends json_string(text) to `out` (the large outputs append rather than build pieces).
void append_json_string(std::string& out, std::string_view text);
/// The most bytes json_string(text) takes: every byte written as a \uXXXX escape, and the quotes.
constexpr std::size_t json_string_room(std::size_t size) { return 6 * size + 2; }
/// Writes json_string(text) at `at`, which has json_string_room(text.size()) bytes of room, and
/// returns where it ends: for a writer that made room for a whole record at once.
char* write_json_string(char* at, std::string_view text);
/// display_text (base/text.hpp: the one form of user text on a terminal) with & < > " ' as character references: safe in element content and attributes.
std::string html_text(std::string_view text);
/// display_text (base/text.hpp: the one form of user text on a terminal) with Markdown and HTML punctuation escaped and newlines as spaces: safe in a
/// GitHub comment, a table cell included.
std::string markdown_text(std::string_view text);
/// Appends markdown_text(text) to `out`.
void append_markdown_text(std::string& out, std::string_view text);
/// One CSV field (RFC 4180 quoting), with a leading = + - @ neutralised by a quote so a
/// spreadsheet never evaluates it as a formula.
std::string csv_field(std::string_view text);

}  // namespace iamc::access
