// `iamc report`: plain options and the command, free of CLI11.
#pragma once

#include <string>
#include <vector>

namespace iamc::driver {

struct ReportOptions {
  std::vector<std::string> paths;
  std::string output;           ///< -o FILE, or "-" for standard output
  std::string format = "html";  ///< html | csv
  std::string color = "auto";
  int jobs = 1;
};

/// 0 written, 1 the sources have errors (nothing is written), 2 the file cannot be written.
int run_report(const ReportOptions& options);

}  // namespace iamc::driver
