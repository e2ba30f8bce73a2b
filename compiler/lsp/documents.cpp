// Open documents and their edits; URI conversion.
#include "lsp/documents.hpp"

#include <algorithm>

#include "base/source.hpp"

namespace iamc::lsp {
namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<fs::path> uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  std::string_view rest = uri.substr(kScheme.size());
  std::size_t slash = rest.find('/');  // skip an authority such as "localhost"
  if (slash == std::string_view::npos) return std::nullopt;
  rest = rest.substr(slash);
  std::string out;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%') {
      if (i + 2 >= rest.size() + 0 || hex_value(rest[i + 1]) < 0 || hex_value(rest[i + 2]) < 0) return std::nullopt;
      out += static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
      i += 2;
    } else if (rest[i] == '?' || rest[i] == '#') {
      break;
    } else {
      out += rest[i];
    }
  }
  if (out.find('\0') != std::string::npos) return std::nullopt;
  return fs::path(out);
}

std::string path_to_uri(const fs::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path.generic_string()) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                 c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void apply_edit(std::string& text, std::uint32_t start_line, std::uint32_t start_col, std::uint32_t end_line,
                std::uint32_t end_col, std::string_view new_text) {
  SourceFile file(0, "", text);
  std::uint32_t lines = file.line_count();
  auto offset = [&](std::uint32_t line, std::uint32_t col) -> std::uint32_t {
    if (line >= lines) return static_cast<std::uint32_t>(text.size());  // past the end: clamp
    return file.offset_of_lsp(line, col);
  };
  std::uint32_t begin = offset(start_line, start_col);
  std::uint32_t end = offset(end_line, end_col);
  if (end < begin) std::swap(begin, end);
  text.replace(begin, end - begin, new_text);
}

Document& DocumentStore::open(const std::string& uri, std::string language, std::int64_t version, std::string text) {
  Document doc;
  doc.uri = uri;
  if (auto p = uri_to_path(uri)) {
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(fs::absolute(*p, ec), ec);
    doc.path = ec ? *p : canon;
  }
  doc.language = std::move(language);
  doc.version = version;
  doc.text = std::move(text);
  return docs_[uri] = std::move(doc);
}

bool DocumentStore::change(const std::string& uri, std::int64_t version, const nlohmann::json& changes) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return false;
  Document& doc = it->second;
  for (const auto& c : changes) {
    const std::string& text = c.at("text").get_ref<const std::string&>();
    if (c.contains("range") && !c["range"].is_null()) {
      const auto& r = c["range"];
      apply_edit(doc.text, r.at("start").at("line").get<std::uint32_t>(), r.at("start").at("character").get<std::uint32_t>(),
                 r.at("end").at("line").get<std::uint32_t>(), r.at("end").at("character").get<std::uint32_t>(), text);
    } else {
      doc.text = text;
    }
  }
  doc.version = version;
  return true;
}

bool DocumentStore::close(const std::string& uri) { return docs_.erase(uri) != 0; }

const Document* DocumentStore::find(const std::string& uri) const {
  auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : &it->second;
}

}  // namespace iamc::lsp
