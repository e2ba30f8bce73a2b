// User text (ids, names, descriptions, file names) on its way into a terminal, JSON, Markdown,
// HTML or CSV: every access output passes each piece through exactly one of these. Control
// characters and the invisible formatting characters that reorder or hide text (bidi overrides
// and isolates, zero-width characters: "Trojan Source") become visible escapes everywhere.
#pragma once

#include <string>
#include <string_view>

namespace iamc::access {

/// Controls as `\xNN`, bidi and zero-width formatting characters as `\u{XXXX}`; all else as is.
std::string visible_text(std::string_view text);
/// A JSON string literal, quotes included: the exact text, with controls and formatting
/// characters written as \uXXXX escapes (so the bytes show them and a parser gets them back).
std::string json_string(std::string_view text);
/// visible_text with & < > " ' as character references: safe in element content and attributes.
std::string html_text(std::string_view text);
/// visible_text with Markdown and HTML punctuation escaped and newlines as spaces: safe in a
/// GitHub comment, a table cell included.
std::string markdown_text(std::string_view text);
/// One CSV field (RFC 4180 quoting), with a leading = + - @ neutralised by a quote so a
/// spreadsheet never evaluates it as a formula.
std::string csv_field(std::string_view text);

}  // namespace iamc::access
