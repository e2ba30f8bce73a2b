// What the language server knows about one open document: the compilation that took it as its
// entry point, and the feature handlers (hover, completion, ...) that read it.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "lsp/documents.hpp"

namespace iamc::lsp {

using json = nlohmann::json;

/// JSON-RPC / LSP error codes.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

/// Thrown by a handler to answer its request with an error.
struct RequestError {
  int code;
  std::string message;
};

/// Where diagnostics link to: `<kDocsBase><CODE>` (docs/lsp.md).
inline constexpr std::string_view kDocsBase = "https://iamc.dev/docs/diagnostics/";

struct Analysis {
  std::unique_ptr<pipeline::Compilation> compilation;
  long index = -1;  ///< the document's file in compilation->project.files, or -1

  [[nodiscard]] bool ok() const { return compilation && index >= 0; }
  [[nodiscard]] const SourceFile& source() const;
  [[nodiscard]] const ast::File& file() const;
};

/// Compiles the project a document is the entry of, reading open documents from memory.
Analysis analyse(const Document& doc, const DocumentStore& store);

/// An LSP Range for a span of `source`.
json to_range(const SourceFile& source, Span span);
/// The URI of file `index` of the compilation (the document's own URI for standard input).
std::string uri_of(const Analysis& a, std::size_t index, const Document& doc, const DocumentStore& store);

/// The LSP diagnostics of one compilation, by URI.
std::map<std::string, json> diagnostics_by_uri(const Analysis& a, const Document& doc, const DocumentStore& store);

// Feature handlers; `offset` is a byte offset into the document's text.
json hover(const Analysis& a, std::uint32_t offset);
json completion(const Analysis& a, const Document& doc, std::uint32_t offset);
json definition(const Analysis& a, const Document& doc, const DocumentStore& store, std::uint32_t offset);
json document_symbols(const Analysis& a);
json code_actions(const Document& doc, const json& params);
json formatting(const Document& doc);

}  // namespace iamc::lsp
