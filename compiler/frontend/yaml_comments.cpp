// Finding the comments of a YAML source (see yaml_comments.hpp).
#include "frontend/yaml_comments.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace iamc::frontend {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The characters the pre-scan acts on; runs of any other character are skipped in bulk.
constexpr std::array<bool, 256> kPreScanStops = [] {
  std::array<bool, 256> stops{};
  for (char c : std::string_view("\n#\"'[]{}|>")) stops[static_cast<unsigned char>(c)] = true;
  return stops;
}();

// Whether a node may start at `at` (for a quote or a block scalar header): at the start of a line,
// after ':', '-', '?', '[', '{' or ',', or after a property (`&anchor`, `!tag`). It looks back over
// the blanks and the word before `at`, characters no other call looks at again, so the pre-scan
// stays linear.
bool node_may_start(std::string_view text, std::size_t at) {
  std::size_t p = at;
  while (p > 0 && is_blank(text[p - 1])) --p;
  if (p == 0 || text[p - 1] == '\n') return true;
  const char last = text[p - 1];
  if (last == ':' || last == '-' || last == '?' || last == '[' || last == '{' || last == ',') return true;
  while (p > 0 && !is_space(text[p - 1])) --p;
  return text[p] == '&' || text[p] == '!';
}

// libyaml drops comments, so one linear pass over the text finds them (for iamc-ignore and the
// formatter's neighbours). It knows just enough YAML to tell a comment from a '#' inside a quoted
// scalar, a block scalar or a flow collection: a quote or a block scalar header counts only where a
// node may start, so a quote inside a plain scalar (`title: it's 'ok`) opens nothing. It may still
// err in odd corners (a block scalar indented less than its key); then a comment is missed or a
// '#' inside a scalar is taken for one, which affects comments only, never the parse.
}  // namespace

std::vector<Span> scan_yaml_comments(std::string_view text, FileId file) {
  std::vector<Span> comments;
  const std::size_t n = text.size();
  std::size_t i = 0;
  int flow = 0;
  while (i < n) {
    const std::size_t line_start = i;
    bool block_scalar = false;
    while (i < n) {
      while (i < n && !kPreScanStops[static_cast<unsigned char>(text[i])]) ++i;
      if (i >= n || text[i] == '\n') break;
      const char c = text[i];
      const char prev = i > 0 ? text[i - 1] : '\n';
      const bool after_space = is_space(prev);
      const bool token_start = after_space || (flow > 0 && (prev == '[' || prev == '{' || prev == ',' || prev == ':'));
      if (c == '#' && after_space) {
        std::size_t e = i;
        while (e < n && text[e] != '\n') ++e;
        std::size_t trimmed = e;
        if (trimmed > i && text[trimmed - 1] == '\r') --trimmed;
        comments.push_back(Span{file, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(trimmed)});
        i = e;
        break;
      }
      if ((c == '"' || c == '\'') && token_start && node_may_start(text, i)) {
        ++i;
        while (i < n) {
          if (c == '"' && text[i] == '\\') {
            i += 2;
          } else if (text[i] == c) {
            if (c == '\'' && i + 1 < n && text[i + 1] == '\'') {
              i += 2;
            } else {
              break;
            }
          } else {
            ++i;
          }
        }
        // An unclosed quote runs to the end of the input: libyaml reports it (Y001).
        if (i < n) ++i;
        continue;
      }
      if ((c == '[' || c == '{') && (flow > 0 || token_start)) {
        ++flow;
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      } else if ((c == '|' || c == '>') && flow == 0 && after_space && node_may_start(text, i)) {
        const char next = i + 1 < n ? text[i + 1] : '\n';
        block_scalar = is_space(next) || next == '-' || next == '+' || (next >= '1' && next <= '9');
      }
      ++i;
    }
    if (i < n) ++i;  // the newline
    if (block_scalar) {
      // The column of the line's node: after indentation and any "- " sequence entries. The
      // block scalar's content is the blank lines and the lines indented deeper than that.
      std::size_t p = line_start;
      while (p < n && text[p] == ' ') ++p;
      std::size_t last_dash = kNone;
      while (p + 1 < n && text[p] == '-' && is_space(text[p + 1])) {
        last_dash = p;
        ++p;
        while (p < n && is_blank(text[p])) ++p;
      }
      std::size_t node_col = p - line_start;
      if (p < n && (text[p] == '|' || text[p] == '>') && last_dash != kNone) node_col = last_dash - line_start;
      while (i < n) {
        std::size_t q = i;
        while (q < n && text[q] == ' ') ++q;
        const bool blank_line = q >= n || text[q] == '\n' || (text[q] == '\r' && (q + 1 >= n || text[q + 1] == '\n'));
        if (!blank_line && q - i <= node_col) break;
        while (q < n && text[q] != '\n') ++q;
        i = q < n ? q + 1 : q;
      }
    }
  }
  return comments;
}

}  // namespace iamc::frontend
