// libyaml's errors as Y001, worded in the document's terms (see report_yaml_syntax_error).
#include <fmt/format.h>

#include <string>

#include "frontend/yaml_libyaml.hpp"

namespace iamc::frontend {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// A character of punctuation that YAML reserves at the start of a plain value.
bool is_indicator(char c) {
  return std::string_view(",[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

// libyaml words its errors in its own terms ("did not find expected key", context "while parsing
// a block mapping"). The common ones are reworded here in the document's terms, with what to do,
// and a note at the node libyaml was reading when that helps; the rest keep libyaml's wording.
}  // namespace

void report_yaml_syntax_error(const yaml_parser_t& parser, ByteOffsets& offsets, std::string_view text, FileId file,
                         DiagnosticSink& sink) {
  const auto size = static_cast<std::uint32_t>(text.size());
  auto span = [&](std::size_t begin, std::size_t end) {
    const auto b = static_cast<std::uint32_t>(std::min<std::size_t>(begin, size));
    return Span{file, b, static_cast<std::uint32_t>(std::clamp<std::size_t>(end, b, size))};
  };
  auto char_at = [&](std::uint32_t p) {
    return span(p, p + (p < size ? utf8_length(static_cast<unsigned char>(text[p])) : 0));
  };
  const std::string_view problem = parser.problem != nullptr ? parser.problem : "";
  const std::string_view context = parser.context != nullptr ? parser.context : "";
  if (parser.error == YAML_MEMORY_ERROR) {
    sink.report(DiagCode::YamlSyntax, span(0, 0), "cannot read the YAML document: out of memory");
    return;
  }
  if (parser.error == YAML_READER_ERROR) {
    // The reader counts bytes (problem_offset), from the very start of the text.
    const auto at = static_cast<std::uint32_t>(std::min<std::size_t>(parser.problem_offset, size));
    if (problem == "control characters are not allowed") {
      const auto c = static_cast<unsigned>(parser.problem_value);
      sink.report(DiagCode::YamlSyntax, char_at(at), fmt::format("invalid YAML: control character U+{:04X} is not allowed", c))
          .notes.push_back({{}, fmt::format("remove it; in a double-quoted string it can be written \"\\{}{:0{}x}\"",
                                            c <= 0xFF ? 'x' : 'u', c, c <= 0xFF ? 2 : 4)});
    } else {
      sink.report(DiagCode::YamlSyntax, char_at(at), fmt::format("invalid YAML: {}", problem));
    }
    return;
  }
  const std::uint32_t at = offsets(parser.problem_mark.index);
  const std::uint32_t ctx = context.empty() ? at : offsets(parser.context_mark.index);
  const bool at_end = at >= size;
  std::string found = "the end of the file";
  if (!at_end) {
    found = text[at] == '\n' || text[at] == '\r'
                ? "the end of the line"
                : iamc::quoted(text.substr(at, utf8_length(static_cast<unsigned char>(text[at]))));
  }
  Span where = char_at(at);
  std::string message;
  Note note;  // no message: no note
  if (problem == "found unexpected end of stream" && context == "while scanning a quoted scalar") {
    where = span(ctx, size);
    message = "a quoted string is never closed";
    note = {{}, "close it with the same quote it opens with"};
  } else if (problem == "found unexpected document indicator" && context == "while scanning a quoted scalar") {
    message = "a quoted string runs into a document marker ('---' or '...')";
    note = {char_at(ctx), "the string starts here; close it before that line"};
  } else if (problem == "did not find expected ',' or ']'") {
    message = at_end ? "the file ends inside a flow list" : fmt::format("expected ',' or ']' in a flow list, found {}", found);
    note = {char_at(ctx), at_end ? "the list starts here; close it with ']'"
                                 : "the list starts here; separate its items with ',' and close it with ']'"};
  } else if (problem == "did not find expected ',' or '}'") {
    message = at_end ? "the file ends inside a flow map" : fmt::format("expected ',' or '}}' in a flow map, found {}", found);
    note = {char_at(ctx), at_end ? "the map starts here; close it with '}'"
                                 : "the map starts here; separate its entries with ',' and close it with '}'"};
  } else if (problem == "did not find expected key") {
    message = "expected a map key here";
    note = {char_at(ctx), "in the map that starts here, each key starts in the same column, and a value may be "
                          "followed only by a comment"};
  } else if (problem == "did not find expected '-' indicator") {
    message = "expected a '-' list item here";
    note = {char_at(ctx), "in the list that starts here, each item starts with '-' in the same column"};
  } else if (problem == "could not find expected ':'") {
    // libyaml notices on the next line; point at the key, to the end of its line.
    std::size_t e = ctx;
    while (e < size && text[e] != '\n' && text[e] != '\r') ++e;
    while (e > ctx && is_blank(text[e - 1])) --e;
    where = span(ctx, std::max<std::size_t>(e, ctx + 1));
    message = "expected ':' after this map key";
    note = {{}, "write each entry of a map as 'key: value'"};
  } else if (problem == "mapping values are not allowed in this context") {
    message = "unexpected ':'";
    note = {{}, "quote a value that contains ': ', and start a nested map on a new line, indented under its key"};
  } else if (problem == "block sequence entries are not allowed in this context") {
    message = "unexpected '-' list item";
    note = {{}, "start a list on a new line, indented under its key, or write it in brackets: [a, b]"};
  } else if (problem == "did not find expected node content") {
    message = fmt::format("expected a value, found {}", found);
    if (!at_end && is_indicator(text[at])) note = {{}, fmt::format("a plain value cannot start with {}; quote it", found)};
  } else if (problem == "found character that cannot start any token" && !at_end && text[at] != '\t') {
    message = fmt::format("{} cannot start a value", found);
    note = {{}, "quote the value"};
  } else if (problem == "found character that cannot start any token" ||
             problem == "found a tab character that violates indentation" ||
             problem == "found a tab character where an indentation space is expected") {
    message = "a tab is used for indentation";
    note = {{}, "indent with spaces: YAML does not allow tabs in indentation"};
  } else if (problem == "found unknown escape character") {
    where = span(at, at + 1 + (at + 1 < size ? utf8_length(static_cast<unsigned char>(text[at + 1])) : 0));
    message = "unknown escape sequence in a double-quoted string";
    note = {{}, "write a backslash as '\\\\', or use single quotes, in which '\\' is an ordinary character"};
  } else if (problem == "found undefined tag handle") {
    message = "unknown tag handle";
    note = {{}, "remove the tag (iamc documents need none), or declare its handle with a %TAG directive"};
  } else if (problem == "did not find expected <document start>") {
    message = "unexpected content after the end of the document";
    note = {{}, "start another document with '---', or remove it"};
  } else {
    message = problem.empty() ? "the document cannot be parsed" : std::string(problem);
    // "while scanning a block scalar" -> "the block scalar starts here".
    for (std::string_view prefix : {"while scanning a ", "while scanning an ", "while parsing a ", "while parsing an "}) {
      if (context.starts_with(prefix) && ctx != at) {
        note = {char_at(ctx), fmt::format("the {} starts here", context.substr(prefix.size()))};
        break;
      }
    }
  }
  Diagnostic& d = sink.report(DiagCode::YamlSyntax, where, fmt::format("invalid YAML: {}", message));
  if (!note.message.empty()) d.notes.push_back(std::move(note));
}

}  // namespace iamc::frontend
