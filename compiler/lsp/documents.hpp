// The language server's open documents: text, version, and the edits of didChange (full and
// incremental, positions in UTF-16 code units); plus file URI <-> path conversion.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace iamc::lsp {

/// `file:///a%20b/c.iam` -> `/a b/c.iam`; nothing for other schemes or malformed escapes.
std::optional<std::filesystem::path> uri_to_path(std::string_view uri);
/// An absolute path -> a `file://` URI with reserved characters percent-encoded.
std::string path_to_uri(const std::filesystem::path& path);

struct Document {
  std::string uri;
  std::filesystem::path path;  ///< absolute and canonical; empty for non-file URIs
  std::string language;
  std::int64_t version = 0;
  std::string text;
};

class DocumentStore {
 public:
  Document& open(const std::string& uri, std::string language, std::int64_t version, std::string text);
  /// Applies the contentChanges of didChange in order; false if the document is not open.
  /// A change with a range replaces that range (clamped to the document); one without replaces all.
  bool change(const std::string& uri, std::int64_t version, const nlohmann::json& changes);
  bool close(const std::string& uri);
  [[nodiscard]] const Document* find(const std::string& uri) const;
  [[nodiscard]] const std::map<std::string, Document>& all() const { return docs_; }

 private:
  std::map<std::string, Document> docs_;
};

/// Applies one ranged edit to `text` (LSP positions: 0-based line, UTF-16 column).
void apply_edit(std::string& text, std::uint32_t start_line, std::uint32_t start_col,
                std::uint32_t end_line, std::uint32_t end_col, std::string_view new_text);

}  // namespace iamc::lsp
