// `iamc lsp`: the language server over standard input and output (compiler/lsp).
#include "driver/commands.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

namespace iamc::driver {

int run_lsp(const LspOptions& options) {
  return lsp::run_stdio_server(options.max_message_bytes != 0 ? options.max_message_bytes : lsp::kMaxMessageBytes);
}

}  // namespace iamc::driver
