// `iamc --list-codes` (see commands.hpp): the diagnostic registry as the binary holds it, so that
// scripts and the tests (tests/cli/test_doc_links.py) see the codes and links users see.
#include <fmt/format.h>

#include "diagnostics/diagnostic.hpp"
#include "driver/checked_io.hpp"
#include "driver/commands.hpp"

namespace iamc::driver {

int run_list_codes() {
  std::string out;
  for (const DiagInfo& info : all_diag_infos()) {
    out += fmt::format("{}\t{}\t{}\t{}\n", info.code, info.slug, severity_name(info.default_severity), doc_url(info.id));
  }
  standard_output().write(out);
  return finish_output("iamc", kExitClean);
}

}  // namespace iamc::driver
