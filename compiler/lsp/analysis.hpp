// What the language server knows about one open document: the compilation that took it as its
// entry point, and the feature handlers (hover, completion, ...) that read it.
#pragma once

#include <memory>
#include <optional>
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

/// One document's view: the compilation of its whole project (shared by every open document of
/// that project) and the document's place in it.
struct Analysis {
  std::shared_ptr<const pipeline::Compilation> compilation;
  long index = -1;  ///< the document's file in compilation->project.files, or -1

  [[nodiscard]] bool ok() const { return compilation && index >= 0; }
  [[nodiscard]] const SourceFile& source() const;
  [[nodiscard]] const ast::File& file() const;
};

/// The project a document belongs to (pipeline::project_containing), or nothing for a document
/// with no file path (an unsaved buffer), which is its own project.
std::optional<pipeline::ProjectInput> project_of(const Document& doc);

/// Loads, checks and lints a whole project, reading open documents from memory (unsaved buffers
/// override the files on disk; an open file not saved yet is added to its project).
std::shared_ptr<const pipeline::Compilation> compile_project(const pipeline::ProjectInput& project,
                                                             const DocumentStore& store);

/// The document in a compilation of its project; when the project does not hold it (excluded,
/// not among `sources:`, or no file path), the document compiled as the entry of its own.
Analysis analyse(const Document& doc, const DocumentStore& store,
                 std::shared_ptr<const pipeline::Compilation> project = nullptr);

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
/// Every use of the `let` or target instance under the cursor, in every file of the project.
json references(const Analysis& a, const Document& doc, const DocumentStore& store, std::uint32_t offset,
                bool include_declaration);
/// Renames the `let` or target instance under the cursor everywhere in the project (a
/// WorkspaceEdit); a RequestError for a name that is not an identifier or is already taken.
json rename(const Analysis& a, const Document& doc, const DocumentStore& store, std::uint32_t offset,
            const std::string& new_name);
/// The range of the name rename would change, or null where nothing can be renamed.
json prepare_rename(const Analysis& a, std::uint32_t offset);
json document_symbols(const Analysis& a);
/// What the client said it supports (initialize's capabilities) that changes how edits are sent.
struct ClientSupport {
  bool snippet_edits = false;  ///< workspace.workspaceEdit.snippetEditSupport (LSP 3.18)
  bool show_document = false;  ///< window.showDocument.support (LSP 3.16)
};
/// The command a suppression quick fix runs after its edit when the client cannot take a
/// snippet: the server asks the client (window/showDocument) to put the cursor on the reason.
inline constexpr std::string_view kPlaceCursorCommand = "iamc.placeCursor";
json code_actions(const Document& doc, const json& params, const ClientSupport& client);
json formatting(const Document& doc);

}  // namespace iamc::lsp
