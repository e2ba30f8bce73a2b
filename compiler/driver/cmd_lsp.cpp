// `iamc lsp`: the language server over standard input and output (compiler/lsp).
#include <cstdio>
#include <string_view>

#include "driver/checked_io.hpp"
#include "driver/commands.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

namespace iamc::driver {

// Messages go through the checked standard output like every command's output: a failed write
// stops the server and finish_output turns it into a message on standard error and exit 2.
int run_lsp(const LspOptions& options) {
  int code = lsp::run_server(stdin, [](std::string_view bytes) { return standard_output().write(bytes); },
                             options.max_message_bytes != 0 ? options.max_message_bytes : lsp::kMaxMessageBytes);
  return finish_output("lsp", code);
}

}  // namespace iamc::driver
