// libFuzzer target for the language server's message handling: the bytes are the client's side of
// the stream (Content-Length framing, JSON-RPC, LSP requests and notifications), served to the end
// by the same loop `iamc lsp` runs. Replies go to /dev/null. Any crash, sanitizer report, hang or
// escaped exception is a bug; documents are in memory, so nothing outside /tmp is touched unless
// a message names a file:// path, which the server only reads.
#include <stdio.h>

#include <cstddef>
#include <cstdint>

#include "lsp/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  FILE* in = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  FILE* out = fopen("/dev/null", "wb");
  if (in == nullptr || out == nullptr) __builtin_trap();
  // A small message limit makes the too-large path reachable from small inputs.
  (void)iamc::lsp::run_server(in, out, 1u << 16);
  fclose(in);
  fclose(out);
  return 0;
}
