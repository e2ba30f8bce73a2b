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

// Rendered text is handed on in chunks of about this size.
constexpr std::size_t kChunkBytes = 64 * 1024;

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
    paint(kBold, ": " + display_text(d.message));
    out_ += '\n';
    snippet(d.span);
    for (const Note& note : d.notes) {
      location(note.span);
      paint(kCyan, "note");
      out_ += ": " + display_text(note.message) + "\n";
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
    paint(kBold, fmt::format("{}:{}:{}: ", display_text(file.path()), lc.line, lc.column));
  }

  void snippet(Span span) {
    if (!span.valid()) return;
    const SourceFile& file = sources_.file(span.file);
    LineCol begin = file.line_col(span.begin);
    LineCol end = file.line_col(std::max(span.end, span.begin));
    std::string_view line = file.line_text(begin.line);
    std::size_t caret = begin.column - 1;
    std::size_t width = end.line == begin.line && end.column > begin.column
                            ? end.column - begin.column
                            : 1;
    // Work in code points: columns count code points, and the display must line up with them.
    // A line longer than kMaxShownColumns is shown as a window around the caret, and only the
    // window is decoded: a diagnostic on a 5 MB line costs its window, not its line (many
    // diagnostics on one long line stay linear).
    std::vector<std::string_view> cps;  // the shown code points: [first, last) of the line
    auto split = [&](std::size_t byte, std::size_t max_cps) {
      while (byte < line.size() && cps.size() < max_cps) {
        std::size_t len = decode_utf8(line, byte).second;  // an invalid byte is one code point on its own
        cps.push_back(line.substr(byte, len));
        byte += len;
      }
      return byte;
    };
    constexpr std::size_t kHalf = kMaxShownColumns / 2;
    std::size_t first = 0;
    bool cut_after = false;
    if (line.size() <= 4 * kMaxShownColumns) {  // at most 4 bytes a code point: decode it all
      split(0, line.size());
      if (cps.size() > kMaxShownColumns) {
        first = caret > kHalf ? caret - kHalf : 0;
        std::size_t last = std::min(cps.size(), first + kMaxShownColumns);
        cut_after = last < cps.size();
        cps = std::vector<std::string_view>(cps.begin() + static_cast<std::ptrdiff_t>(first),
                                            cps.begin() + static_cast<std::ptrdiff_t>(last));
      }
    } else {  // more than kMaxShownColumns code points for sure
      std::size_t from = std::min<std::size_t>(span.begin - file.line_start(begin.line), line.size());
      std::size_t back = std::min(caret, kHalf);
      first = caret - back;
      for (std::size_t k = 0; k < back && from > 0; ++k) {
        --from;
        while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
      }
      cut_after = split(from, kMaxShownColumns) < line.size();
    }
    const std::size_t last = first + cps.size();
    width = std::max<std::size_t>(1, std::min(width, (last > caret ? last - caret : 1)));
    // Each code point is shown as display text (an ESC as \x1b, U+202E as <U+202E>), so the
    // caret and underline are measured in shown columns: one per kept code point, one per byte
    // of an escape.
    std::string shown;
    std::size_t pad_columns = 0, underline_columns = 0;
    if (first > 0) shown += "...";
    for (std::size_t i = first; i < last; ++i) {
      std::string_view cp = cps[i - first];
      std::size_t before = shown.size();
      if (cp == "\t") {
        shown += ' ';
      } else {
        append_display_text(shown, cp);
      }
      std::size_t columns = shown.compare(before, std::string::npos, cp) == 0 ? 1 : shown.size() - before;
      if (i < caret) pad_columns += columns;
      if (i >= caret && i < caret + width) underline_columns += columns;
    }
    if (caret > last) pad_columns += caret - last;
    if (cut_after) shown += "...";
    width = std::max<std::size_t>(1, underline_columns);
    std::string gutter = fmt::format("{:>5}", begin.line);
    out_ += fmt::format("{} | {}\n", gutter, shown);
    std::string pad(pad_columns + (first > 0 ? 3 : 0), ' ');
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

std::string not_shown_note(std::size_t omitted, std::size_t max_shown) {
  return fmt::format("{} more diagnostic{} not shown (--max-diagnostics {}; 0 shows all)", omitted,
                     omitted == 1 ? "" : "s", max_shown);
}

void render_text(const DiagnosticSink& sink, const SourceManager& sources, TextStyle style,
                 const RunSummary* summary, ShowLimit limit, const ChunkWriter& write) {
  std::string out;
  Printer printer(sources, style, out);
  const auto& all = sink.diagnostics();
  const std::size_t shown = limit.shown(all.size());
  for (std::size_t i = 0; i < shown; ++i) {
    printer.diagnostic(all[i]);
    if (out.size() >= kChunkBytes) {
      write(out);
      out.clear();
    }
  }
  if (shown < all.size()) out += "note: " + not_shown_note(all.size() - shown, limit.max_shown) + "\n";
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
  if (!out.empty()) write(out);
}

std::string render_text(const DiagnosticSink& sink, const SourceManager& sources, TextStyle style,
                        const RunSummary* summary) {
  std::string out;
  render_text(sink, sources, style, summary, ShowLimit{}, [&](std::string_view chunk) { out += chunk; });
  return out;
}

}  // namespace iamc
