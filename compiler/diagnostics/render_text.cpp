// The text printer: clang's layout, colour only when asked (see render.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "base/text.hpp"
#include "diagnostics/render.hpp"

namespace iamc {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kMagenta = "\x1b[1;35m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kGreen = "\x1b[1;32m";

// Lines longer than this are shown as a window around the caret, so a 5 MB line prints a
// readable excerpt instead of flooding the terminal.
constexpr std::size_t kMaxShownColumns = 160;

class Printer {
 public:
  Printer(const SourceManager& sources, TextStyle style, std::string& out)
      : sources_(sources), style_(style), out_(out) {}

  void diagnostic(const Diagnostic& d) {
    std::string_view colour = d.severity == Severity::Error     ? kRed
                              : d.severity == Severity::Warning ? kMagenta
                                                                : kCyan;
    location(d.span);
    paint(colour, fmt::format("{}[{}]", severity_name(d.severity), diag_info(d.code).code));
    paint(kBold, fmt::format(": {}", d.message));
    out_ += '\n';
    snippet(d.span);
    for (const Note& note : d.notes) {
      location(note.span);
      paint(kCyan, "note");
      out_ += fmt::format(": {}\n", note.message);
      snippet(note.span);
    }
    // Fix-its are for machines (JSON, SARIF, LSP code actions); the text form states them
    // as a did-you-mean note instead.
  }

 private:
  void paint(std::string_view colour, std::string_view text) {
    if (style_.color) out_ += colour;
    out_ += text;
    if (style_.color) out_ += kReset;
  }

  void location(Span span) {
    if (!span.valid()) return;
    const SourceFile& file = sources_.file(span.file);
    LineCol lc = file.line_col(span.begin);
    paint(kBold, fmt::format("{}:{}:{}: ", printable(file.path()), lc.line, lc.column));
  }

  void snippet(Span span) {
    if (!span.valid()) return;
    const SourceFile& file = sources_.file(span.file);
    LineCol begin = file.line_col(span.begin);
    LineCol end = file.line_col(std::max(span.end, span.begin));
    std::string_view line = file.line_text(begin.line);
    // Work in code points: columns count code points, and the display must line up with them.
    // Only the shown window is collected: a state file can be one line of a hundred megabytes.
    std::size_t caret = begin.column - 1;
    std::size_t width = end.line == begin.line && end.column > begin.column
                            ? end.column - begin.column
                            : 1;
    const std::size_t bound = caret + kMaxShownColumns + 1;  // enough to know whether to cut
    std::size_t count = 0;
    for (std::size_t i = 0; i < line.size() && count < bound; ++count) {
      i += std::min(utf8_length(static_cast<unsigned char>(line[i])), line.size() - i);
    }
    std::size_t first = 0, last = count;
    if (count > kMaxShownColumns) {
      first = caret > kMaxShownColumns / 2 ? caret - kMaxShownColumns / 2 : 0;
      last = std::min(count, first + kMaxShownColumns);
    }
    width = std::max<std::size_t>(1, std::min(width, (last > caret ? last - caret : 1)));
    std::string shown;
    if (first > 0) shown += "...";
    std::size_t index = 0;
    for (std::size_t i = 0; i < line.size() && index < last; ++index) {
      std::size_t len = std::min(utf8_length(static_cast<unsigned char>(line[i])), line.size() - i);
      std::string_view cp = line.substr(i, len);
      if (index >= first) shown += cp == "\t" ? " " : printable(cp);
      i += len;
    }
    if (last < count) shown += "...";
    std::string gutter = fmt::format("{:>5}", begin.line);
    out_ += fmt::format("{} | {}\n", gutter, shown);
    std::string pad(caret - first + (first > 0 ? 3 : 0), ' ');
    out_ += fmt::format("{} | {}", std::string(gutter.size(), ' '), pad);
    std::string underline(width, '~');  // (built in place: `"^" + string` trips a false
    underline[0] = '^';                 //  -Werror=restrict in GCC 12 at -O3)
    paint(kGreen, underline);
    out_ += '\n';
  }

  const SourceManager& sources_;
  TextStyle style_;
  std::string& out_;
};

}  // namespace

std::string render_text_one(const Diagnostic& d, const SourceManager& sources, TextStyle style) {
  std::string out;
  Printer(sources, style, out).diagnostic(d);
  return out;
}

std::string render_text(const DiagnosticSink& sink, const SourceManager& sources, TextStyle style,
                        const RunSummary* summary) {
  std::string out;
  Printer printer(sources, style, out);
  for (const Diagnostic& d : sink.diagnostics()) printer.diagnostic(d);
  if (summary != nullptr) {
    auto plural = [](std::size_t n, std::string_view word) {
      return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
    };
    std::size_t infos = sink.count(Severity::Info);
    out += fmt::format("{}, {}: {}, {}{}, {} suppressed\n", plural(summary->files, "file"),
                       plural(summary->grants, "grant"), plural(sink.error_count(), "error"),
                       plural(sink.warning_count(), "warning"),
                       infos != 0 ? ", " + plural(infos, "info") : std::string(), summary->suppressed);
  }
  return out;
}

}  // namespace iamc
