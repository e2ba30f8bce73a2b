// The iamc language server: JSON-RPC method table, document store and feature handlers.
#pragma once

#include <cstddef>
#include <cstdio>

#include "lsp/transport.hpp"

namespace iamc::lsp {

/// The exit code when a message could not be written (docs/cli.md: 2 is an I/O error).
inline constexpr int kExitOutputFailed = 2;

/// Serves LSP on `in` until `exit`, writing every message through `out`; returns the process exit
/// code: 0 after `shutdown`, 1 otherwise (as the specification says), kExitOutputFailed as soon as
/// a write failed (the server stops at once). `iamc lsp` passes the driver's checked standard output.
int run_server(std::FILE* in, OutputSink out, std::size_t max_message_bytes);
/// The same over a stdio stream, its writes checked (the LSP fuzzer feeds it bytes from memory).
int run_server(std::FILE* in, std::FILE* out, std::size_t max_message_bytes);

}  // namespace iamc::lsp
