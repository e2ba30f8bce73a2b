// `iamc check`: parse, check and lint sources, report every diagnostic, exit 0/1/2.
#include "driver/checks.hpp"
#include "driver/commands.hpp"

namespace iamc::driver {

int run_check(const CheckOptions& options) { return run_checks(options).exit_code; }

}  // namespace iamc::driver
