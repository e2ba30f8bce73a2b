// The iamc language server: JSON-RPC method table, document store and feature handlers.
#pragma once

#include <cstddef>
#include <cstdio>

namespace iamc::lsp {

/// Serves LSP on standard input/output until `exit`; returns the process exit code (0 after
/// `shutdown`, 1 otherwise, as the specification says).
int run_stdio_server(std::size_t max_message_bytes);
/// The same over any pair of streams (the LSP fuzzer feeds it bytes from memory).
int run_server(std::FILE* in, std::FILE* out, std::size_t max_message_bytes);

}  // namespace iamc::lsp
