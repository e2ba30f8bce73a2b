// `iamc diff BASE HEAD`: plain options and the command, free of CLI11.
#pragma once

#include <string>
#include <vector>

namespace iamc::driver {

struct DiffOptions {
  std::string base, head;          ///< each a directory or a git revision
  std::vector<std::string> paths;  ///< within each side; default "."
  std::string format = "text";     ///< text | markdown | json | github
  bool detailed_exitcode = false;  ///< exit 3 when access changes
  std::string color = "auto";
  int jobs = 1;
};

/// 0 (or 3 with --detailed-exitcode when access changes), 1 when either side has errors, 2 when
/// a side cannot be read or the output cannot be written.
int run_diff(const DiffOptions& options);

}  // namespace iamc::driver
