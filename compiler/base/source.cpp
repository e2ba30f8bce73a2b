// Offset -> line/column conversions (see source.hpp).
#include "base/source.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "base/text.hpp"

namespace iamc {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Counts code points in [begin, end) of valid-or-not UTF-8; invalid bytes count as one each.
std::uint32_t count_code_points(std::string_view s) {
  std::uint32_t n = 0;
  for (unsigned char c : s) n += is_continuation(c) ? 0 : 1;
  return n;
}

std::uint32_t count_utf16_units(std::string_view s) {
  std::uint32_t n = 0;
  for (unsigned char c : s) {
    if (is_continuation(c)) continue;
    n += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are outside the BMP: a surrogate pair
  }
  return n;
}

}  // namespace

void SourceFile::build_line_table() const {
  if (!line_starts_.empty()) return;
  line_starts_.push_back(0);
  // memchr for the newlines and eight bytes at a time for the high bits: a state file of
  // hundreds of thousands of short lines is scanned at memory speed, not byte by byte.
  const char* const data = text_.data();
  const char* const end = data + text_.size();
  for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr;) {
    ++p;
    line_starts_.push_back(static_cast<std::uint32_t>(p - data));
  }
  const bool ascii = ascii_prefix(text_) == text_.size();
  if (ascii) return;  // a column is then the byte distance from the line start
  // Checkpoints every kCheckpointBytes: the code points and UTF-16 units from the start of the
  // checkpoint's line to it, so that no lookup counts more than kCheckpointBytes bytes, however
  // long the line (many grants on one long line stay linear overall).
  const std::size_t n = text_.size() / kCheckpointBytes + 1;
  checkpoints_.resize(n);
  std::size_t line = 0;
  Checkpoint running;
  std::uint32_t pos = 0;
  for (std::size_t k = 0; k < n; ++k) {
    auto at = static_cast<std::uint32_t>(k * kCheckpointBytes);
    while (line + 1 < line_starts_.size() && line_starts_[line + 1] <= at) {
      ++line;
      running = {};
      pos = line_starts_[line];
    }
    std::string_view span = std::string_view(text_).substr(pos, at - pos);
    running.code_points += count_code_points(span);
    running.utf16_units += count_utf16_units(span);
    pos = at;
    checkpoints_[k] = running;
  }
}

SourceFile::Checkpoint SourceFile::columns_before(std::uint32_t line_begin, std::uint32_t offset) const {
  if (checkpoints_.empty()) return {offset - line_begin, offset - line_begin};  // ASCII
  std::size_t k = offset / kCheckpointBytes;
  auto at = static_cast<std::uint32_t>(k * kCheckpointBytes);
  Checkpoint c;
  std::uint32_t from = line_begin;
  if (at > line_begin) {
    c = checkpoints_[k];
    from = at;
  }
  std::string_view rest = std::string_view(text_).substr(from, offset - from);
  c.code_points += count_code_points(rest);
  c.utf16_units += count_utf16_units(rest);
  return c;
}

std::uint32_t SourceFile::line_count() const {
  build_line_table();
  return static_cast<std::uint32_t>(line_starts_.size());
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
  build_line_table();
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<std::uint32_t>(text_.size());
  return line_starts_[line - 1];
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  build_line_table();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  return {line, columns_before(line_starts_[line - 1], offset).code_points + 1};
}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  build_line_table();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  return static_cast<std::uint32_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                                    line_starts_.begin());
}

std::pair<std::uint32_t, std::uint32_t> SourceFile::lsp_position(std::uint32_t offset) const {
  build_line_table();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  return {line - 1, columns_before(line_starts_[line - 1], offset).utf16_units};
}

std::uint32_t SourceFile::offset_of_lsp(std::uint32_t line, std::uint32_t utf16_col) const {
  build_line_table();
  if (line >= line_starts_.size()) return static_cast<std::uint32_t>(text_.size());
  std::uint32_t pos = line_starts_[line];
  std::uint32_t units = 0;
  while (pos < text_.size() && text_[pos] != '\n' && units < utf16_col) {
    auto c = static_cast<unsigned char>(text_[pos]);
    std::uint32_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    units += len == 4 ? 2 : 1;
    pos += len;
  }
  return std::min<std::uint32_t>(pos, static_cast<std::uint32_t>(text_.size()));
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  build_line_table();
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                 : static_cast<std::uint32_t>(text_.size());
  std::string_view s = std::string_view(text_).substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

FileId SourceManager::add(std::string path, std::string text) {
  auto id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return id;
}

FileId SourceManager::add(std::string path, std::unique_ptr<MappedFile> mapped) {
  auto id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(mapped)));
  return id;
}

FileId SourceManager::adopt(std::unique_ptr<SourceFile> file) {
  auto id = static_cast<FileId>(files_.size());
  if (file->id() != id) throw std::logic_error("SourceManager::adopt: file id out of turn");
  files_.push_back(std::move(file));
  return id;
}

}  // namespace iamc
