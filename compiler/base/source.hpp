// Loaded source files and every offset -> line/column conversion iamc performs, in one place:
// 1-based code-point columns for people (text, JSON, SARIF) and 0-based UTF-16 columns for LSP.
// A line table built once per file makes each lookup a binary search plus at most
// kCheckpointBytes of counting, never a scan from the start of a (possibly huge) line.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/mapped_file.hpp"
#include "base/span.hpp"

namespace iamc {

struct LineCol {
  std::uint32_t line = 1;    ///< 1-based
  std::uint32_t column = 1;  ///< 1-based, in Unicode code points
};

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text)
      : id_(id), path_(std::move(path)), owned_(std::move(text)), text_(owned_) {}
  /// A file whose text is a mapping (base/mapped_file.hpp), kept for the file's lifetime.
  SourceFile(FileId id, std::string path, std::unique_ptr<MappedFile> mapped)
      : id_(id), path_(std::move(path)), mapped_(std::move(mapped)), text_(mapped_->text()) {}
  SourceFile(const SourceFile&) = delete;  // text_ views owned_
  SourceFile& operator=(const SourceFile&) = delete;

  [[nodiscard]] FileId id() const { return id_; }
  /// The name used in messages: as given on the command line or relative to the includer.
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string_view text() const { return text_; }

  /// 1-based line and code-point column of a byte offset (clamped to the file).
  [[nodiscard]] LineCol line_col(std::uint32_t offset) const;
  /// The 1-based line of a byte offset alone: no column, so no scan of a long line.
  [[nodiscard]] std::uint32_t line_of(std::uint32_t offset) const;
  /// 0-based line and UTF-16 column, as the Language Server Protocol counts.
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> lsp_position(std::uint32_t offset) const;
  /// Byte offset of a 0-based LSP position (clamped to the line's end).
  [[nodiscard]] std::uint32_t offset_of_lsp(std::uint32_t line, std::uint32_t utf16_col) const;
  /// The text of the 1-based line, without its line terminator.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
  [[nodiscard]] std::uint32_t line_count() const;
  /// Byte offset where the 1-based line starts.
  [[nodiscard]] std::uint32_t line_start(std::uint32_t line) const;

 private:
  // Code points and UTF-16 units from a line's start to a byte offset.
  struct Checkpoint {
    std::uint32_t code_points = 0;
    std::uint32_t utf16_units = 0;
  };
  static constexpr std::size_t kCheckpointBytes = 256;

  void build_line_table() const;
  [[nodiscard]] Checkpoint columns_before(std::uint32_t line_begin, std::uint32_t offset) const;

  FileId id_;
  std::string path_;
  std::string owned_;                    // the text, when it was read
  std::unique_ptr<MappedFile> mapped_;  // the text, when it is mapped
  std::string_view text_;
  mutable std::vector<std::uint32_t> line_starts_;  // built on first use
  mutable std::vector<Checkpoint> checkpoints_;     // one per kCheckpointBytes; empty for ASCII text
};

/// Owns every file of one run. Files never move once added, so string_views into their text stay
/// valid for the manager's lifetime.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  FileId add(std::string path, std::unique_ptr<MappedFile> mapped);
  /// Takes a file made before its turn (the project loader parses ahead on other threads). Its
  /// id must be size(), the id add() would give.
  FileId adopt(std::unique_ptr<SourceFile> file);
  [[nodiscard]] const SourceFile& file(FileId id) const { return *files_[id]; }
  [[nodiscard]] std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace iamc
