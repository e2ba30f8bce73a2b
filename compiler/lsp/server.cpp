// The language server's message loop: lifecycle (initialize, shutdown, exit), the method table,
// document synchronisation, and publishing diagnostics for every open document after each change.
#include "lsp/server.hpp"

#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "base/source.hpp"
#include "base/version.hpp"
#include "lsp/analysis.hpp"
#include "lsp/transport.hpp"


namespace iamc::lsp {
namespace {

class Server {
 public:
  explicit Server(Transport& transport) : transport_(transport) {
    requests_["initialize"] = [this](const json& p) { return initialize(p); };
    requests_["shutdown"] = [this](const json&) {
      shutdown_ = true;
      return json(nullptr);
    };
    requests_["textDocument/formatting"] = [this](const json& p) { return formatting(doc(p)); };
    requests_["textDocument/hover"] = [this](const json& p) {
      auto [d, offset] = position(p);
      return hover(analysis(*d), offset);
    };
    requests_["textDocument/completion"] = [this](const json& p) {
      auto [d, offset] = position(p);
      return completion(analysis(*d), *d, offset);
    };
    requests_["textDocument/definition"] = [this](const json& p) {
      auto [d, offset] = position(p);
      return definition(analysis(*d), *d, store_, offset);
    };
    requests_["textDocument/references"] = [this](const json& p) {
      auto [d, offset] = position(p);
      bool declaration = p.contains("context") && p["context"].value("includeDeclaration", false);
      return references(analysis(*d), *d, store_, offset, declaration);
    };
    requests_["textDocument/prepareRename"] = [this](const json& p) {
      auto [d, offset] = position(p);
      return prepare_rename(analysis(*d), offset);
    };
    requests_["textDocument/rename"] = [this](const json& p) {
      auto [d, offset] = position(p);
      return rename(analysis(*d), *d, store_, offset, p.at("newName").get<std::string>());
    };
    requests_["textDocument/documentSymbol"] = [this](const json& p) { return document_symbols(analysis(doc(p))); };
    requests_["textDocument/codeAction"] = [this](const json& p) { return code_actions(doc(p), p, client_); };
    requests_["workspace/executeCommand"] = [this](const json& p) { return execute_command(p); };

    notifications_["initialized"] = [](const json&) {};
    notifications_["textDocument/didOpen"] = [this](const json& p) {
      const json& td = p.at("textDocument");
      store_.open(td.at("uri").get<std::string>(), td.value("languageId", ""), td.value("version", std::int64_t{0}),
                  td.at("text").get<std::string>());
      recheck();
    };
    notifications_["textDocument/didChange"] = [this](const json& p) {
      const json& td = p.at("textDocument");
      std::string uri = td.at("uri").get<std::string>();
      if (!store_.change(uri, td.value("version", std::int64_t{0}), p.at("contentChanges"))) {
        log(2, "didChange for a document that is not open: " + uri);
        return;
      }
      recheck();
    };
    notifications_["textDocument/didClose"] = [this](const json& p) {
      std::string uri = p.at("textDocument").at("uri").get<std::string>();
      if (!store_.close(uri)) {
        log(2, "didClose for a document that is not open: " + uri);
        return;
      }
      analyses_.erase(uri);
      recheck();
    };
    notifications_["textDocument/didSave"] = [this](const json&) { recheck(); };
  }

  int run() {
    for (;;) {
      // A reply that could not be written is a client that will never hear from us: stop with
      // the I/O exit code rather than read and answer on into the void.
      if (transport_.output_failed()) return kExitOutputFailed;
      Incoming in = transport_.read();
      switch (in.kind) {
        case Incoming::Kind::Eof: return shutdown_ ? 0 : 1;
        case Incoming::Kind::Malformed: reply_error(nullptr, kParseError, in.error); continue;
        case Incoming::Kind::TooLarge: reply_error(nullptr, kInvalidRequest, in.error); continue;
        case Incoming::Kind::Message: break;
      }
      json message = json::parse(in.body, nullptr, false);
      if (message.is_discarded()) {
        reply_error(nullptr, kParseError, "the message is not valid JSON");
        continue;
      }
      handle(message);
      if (transport_.output_failed()) return kExitOutputFailed;
      if (exit_) return shutdown_ ? 0 : 1;
    }
  }

 private:
  void handle(const json& m) {
    if (!m.is_object()) {
      reply_error(nullptr, kInvalidRequest, "a message must be a JSON object");
      return;
    }
    bool has_id = m.contains("id");
    json id = has_id ? m["id"] : json(nullptr);
    if (has_id && !id.is_number_integer() && !id.is_string()) {
      reply_error(nullptr, kInvalidRequest, "the request id must be an integer or a string");
      return;
    }
    if (!m.contains("method")) {
      if (has_id && (m.contains("result") || m.contains("error"))) return;  // a response to one of our requests (window/showDocument): nothing waits for it
      reply_error(id, kInvalidRequest, "the message has no method");
      return;
    }
    if (!m["method"].is_string()) {
      reply_error(id, kInvalidRequest, "the method must be a string");
      return;
    }
    const std::string& method = m["method"].get_ref<const std::string&>();
    json params = m.contains("params") ? m["params"] : json::object();

    if (method == "exit") {
      exit_ = true;
      return;
    }
    if (!has_id) {
      if (!initialized_ || shutdown_) return;  // notifications before initialize are dropped
      auto it = notifications_.find(method);
      if (it == notifications_.end()) return;  // unknown notifications ($/...) are ignored
      try {
        it->second(params);
      } catch (const std::exception& e) {
        log(1, method + ": invalid params: " + e.what());
      }
      return;
    }
    if (!initialized_ && method != "initialize") {
      reply_error(id, kServerNotInitialized, "the server has not been initialized");
      return;
    }
    if (initialized_ && method == "initialize") {
      reply_error(id, kInvalidRequest, "the server is already initialized");
      return;
    }
    if (shutdown_) {
      reply_error(id, kInvalidRequest, "the server is shutting down");
      return;
    }
    auto it = requests_.find(method);
    if (it == requests_.end()) {
      reply_error(id, kMethodNotFound, "method not found: " + method);
      return;
    }
    try {
      json result = it->second(params);
      transport_.write({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
    } catch (const RequestError& e) {
      reply_error(id, e.code, e.message);
    } catch (const json::exception& e) {
      reply_error(id, kInvalidParams, std::string("invalid params: ") + e.what());
    } catch (const std::exception& e) {
      reply_error(id, kInternalError, std::string("internal error: ") + e.what());
    }
  }

  json initialize(const json& params) {
    initialized_ = true;
    if (params.is_object() && params.contains("capabilities") && params["capabilities"].is_object()) {
      const json caps = params["capabilities"];
      const auto flag = [&](const json::json_pointer& at) {
        return caps.contains(at) && caps.at(at).is_boolean() && caps.at(at).get<bool>();
      };
      client_.snippet_edits = flag("/workspace/workspaceEdit/snippetEditSupport"_json_pointer);
      client_.show_document = flag("/window/showDocument/support"_json_pointer);
    }
    return {
        {"capabilities",
         {{"positionEncoding", "utf-16"},
          {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
          {"documentFormattingProvider", true},
          {"hoverProvider", true},
          {"completionProvider", {{"triggerCharacters", json::array({".", "(", " "})}}},
          {"definitionProvider", true},
          {"referencesProvider", true},
          {"renameProvider", {{"prepareProvider", true}}},
          {"documentSymbolProvider", true},
          {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
          {"executeCommandProvider", {{"commands", json::array({std::string(kPlaceCursorCommand)})}}}}},
        {"serverInfo", {{"name", "iamc"}, {"version", std::string(kVersion)}}},
    };
  }

  // The suppression quick fix's follow-up (features.cpp): after the client applied the edit, ask
  // it to show the document with the cursor where the reason goes. The client's answer is ignored.
  json execute_command(const json& params) {
    const std::string command = params.at("command").get<std::string>();
    if (command != kPlaceCursorCommand) throw RequestError{kInvalidParams, "unknown command: " + command};
    const json& args = params.at("arguments");
    const json at = {{"line", args.at(1).at("line").get<std::uint32_t>()},
                     {"character", args.at(1).at("character").get<std::uint32_t>()}};
    transport_.write({{"jsonrpc", "2.0"},
                      {"id", "iamc-" + std::to_string(++requests_sent_)},
                      {"method", "window/showDocument"},
                      {"params", {{"uri", args.at(0).get<std::string>()}, {"takeFocus", true},
                                  {"selection", {{"start", at}, {"end", at}}}}}});
    return nullptr;
  }

  const Document& doc(const json& params) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const Document* d = store_.find(uri);
    if (!d) throw RequestError{kInvalidParams, "the document is not open: " + uri};
    return *d;
  }

  std::pair<const Document*, std::uint32_t> position(const json& params) {
    const Document& d = doc(params);
    const json& pos = params.at("position");
    SourceFile file(0, "", d.text);
    auto line = pos.at("line").get<std::uint32_t>();
    auto col = pos.at("character").get<std::uint32_t>();
    std::uint32_t offset = line >= file.line_count() ? static_cast<std::uint32_t>(d.text.size())
                                                     : file.offset_of_lsp(line, col);
    return {&d, offset};
  }

  const Analysis& analysis(const Document& d) {
    auto it = analyses_.find(d.uri);
    if (it == analyses_.end()) it = analyses_.insert_or_assign(d.uri, analyse_open(d)).first;
    return it->second;
  }

  // The document in the compilation of its whole project, compiled once for all its open files.
  Analysis analyse_open(const Document& d) {
    std::optional<pipeline::ProjectInput> project = project_of(d);
    if (!project) return analyse(d, store_);
    // A whole project is compiled once for all its open files; a file alone, on its own.
    std::string key = project->whole ? project->root.string() : "file " + project->paths.front();
    auto it = projects_.find(key);
    if (it == projects_.end()) it = projects_.emplace(key, compile_project(*project, store_)).first;
    return analyse(d, store_, it->second);
  }

  // Re-checks the projects of every open document (an edit in one file changes what the others
  // report) and publishes diagnostics for every file of them: open or not, with findings or
  // cleared because the last report had some and this one has none.
  void recheck() {
    analyses_.clear();
    projects_.clear();
    std::map<std::string, std::vector<json>> found;
    std::map<std::string, std::set<std::string>> seen;
    std::set<const pipeline::Compilation*> reported;
    for (const auto& [uri, d] : store_.all()) {
      const Analysis& a = analysis(d);
      if (!a.compilation || !reported.insert(a.compilation.get()).second) continue;
      for (const auto& [target, list] : diagnostics_by_uri(a, d, store_)) {
        for (const auto& diag : list) {
          if (seen[target].insert(diag.dump()).second) found[target].push_back(diag);
        }
      }
    }
    std::set<std::string> now;
    for (const auto& [uri, list] : found) {
      if (!list.empty()) now.insert(uri);
    }
    std::set<std::string> targets = now;
    targets.insert(published_.begin(), published_.end());
    for (const auto& [uri, d] : store_.all()) targets.insert(uri);
    for (const std::string& uri : targets) {
      json list = json::array();
      for (auto& diag : found[uri]) list.push_back(diag);
      const Document* open = store_.find(uri);
      publish(uri, std::move(list), open ? std::optional<std::int64_t>(open->version) : std::nullopt);
    }
    published_ = std::move(now);
  }

  void publish(const std::string& uri, json diagnostics, std::optional<std::int64_t> version) {
    json params = {{"uri", uri}, {"diagnostics", std::move(diagnostics)}};
    if (version) params["version"] = *version;
    transport_.write({{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", params}});
  }

  void log(int type, const std::string& message) {
    transport_.write({{"jsonrpc", "2.0"}, {"method", "window/logMessage"}, {"params", {{"type", type}, {"message", message}}}});
  }

  void reply_error(const json& id, int code, const std::string& message) {
    transport_.write({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

  Transport& transport_;
  DocumentStore store_;
  std::map<std::string, Analysis> analyses_;  ///< by document URI
  std::map<std::string, std::shared_ptr<const pipeline::Compilation>> projects_;  ///< by project root
  std::set<std::string> published_;  ///< URIs whose last published diagnostics were not empty
  std::map<std::string, std::function<json(const json&)>> requests_;
  std::map<std::string, std::function<void(const json&)>> notifications_;
  ClientSupport client_;
  std::uint64_t requests_sent_ = 0;  ///< ids of the requests the server sends the client
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_ = false;
};

}  // namespace

int run_server(std::FILE* in, OutputSink out, std::size_t max_message_bytes) {
  Transport transport(in, std::move(out), max_message_bytes);
  Server server(transport);
  return server.run();
}

int run_server(std::FILE* in, std::FILE* out, std::size_t max_message_bytes) {
  return run_server(in, stdio_output(out), max_message_bytes);
}

}  // namespace iamc::lsp
