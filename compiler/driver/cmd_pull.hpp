// `iamc pull PATHS... --state DIR`: the live state of every declared target instance, fetched
// from the APIs and written as the state folder `plan` reads (see docs/apply.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "driver/options.hpp"
#include "driver/remote.hpp"
#include "model/model.hpp"

namespace iamc::driver {

struct PullOptions {
  DiagnosticOptions diag;
  std::string state_dir;             ///< --state
  std::vector<std::string> targets;  ///< --target KIND or KIND.NAME; empty: every instance
  std::string config;                ///< --config
  NetOptions net;
};

/// 0 written, 1 the sources have errors or a request failed (nothing written), 2 usage, missing
/// credentials or a state folder that cannot be written.
int run_pull(const PullOptions& options);

/// Fetches every list page of each instance in `instances` (indexes into model.targets), then
/// writes STATE/<target>.<instance>.json (and Frontier's roles file) for all of them, or for
/// none if anything failed. Messages go to standard error, prefixed with `command`. Returns the
/// exit code as run_pull does.
int pull_state(std::string_view command, const model::Model& model, const std::vector<std::uint32_t>& instances,
               const std::filesystem::path& state_dir, const NetOptions& net);

}  // namespace iamc::driver
