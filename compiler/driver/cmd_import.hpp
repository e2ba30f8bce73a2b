// `iamc import --state DIR --out DIR`: sources that declare exactly the live state (see
// docs/import.md). A plain options struct and run_import; register_import maps the command line.
#pragma once

#include <string>

namespace iamc::driver {

struct ImportOptions {
  std::string state_dir;     ///< --state
  std::string out_dir;       ///< --out: created; an existing non-empty directory is refused
  std::string form = "dsl";  ///< dsl (formatted by iamc fmt) or yaml (*.iam.yaml, docs/language.md §14)
  std::string format = "text";
  std::string color = "auto";
};

int run_import(const ImportOptions& options);

}  // namespace iamc::driver
