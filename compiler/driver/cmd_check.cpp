// `iamc check`: parse, check and lint sources, report every diagnostic, exit 0/1/2.
#include "driver/checked_io.hpp"
#include "driver/checks.hpp"
#include "driver/commands.hpp"

namespace iamc::driver {

int run_check(const CheckOptions& options) {
  if (int code = check_output_streams("iamc check", options.diagnostics, {}); code != kExitClean) return code;
  return finish_output("iamc check", check_projects(options));
}

}  // namespace iamc::driver
