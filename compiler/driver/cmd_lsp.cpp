// `iamc lsp`: the language server over standard input and output (compiler/lsp).
#include "driver/commands.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

namespace iamc::driver {

void register_lsp(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("lsp", "Run the language server (LSP over standard input/output)");
  auto max_bytes = std::make_shared<std::size_t>(lsp::kMaxMessageBytes);
  cmd->add_option("--max-message-bytes", *max_bytes, "reject (and skip) messages larger than this")
      ->capture_default_str();
  cmd->callback([max_bytes] { throw CLI::RuntimeError(lsp::run_stdio_server(*max_bytes)); });
}

}  // namespace iamc::driver
