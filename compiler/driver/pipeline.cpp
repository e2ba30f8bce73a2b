// load -> resolve -> check (see pipeline.hpp).
#include "driver/pipeline.hpp"

#include "check/checker.hpp"
#include "model/resolve.hpp"

namespace iamc::driver {

Compilation compile_sources(const frontend::LoadOptions& options) {
  Compilation c;
  c.project = frontend::load_project(options, c.sink);
  c.model = model::resolve(c.project, c.sink);
  check::check_model(c.model, c.project.sources, c.sink);
  return c;
}

}  // namespace iamc::driver
