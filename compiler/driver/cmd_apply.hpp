// `iamc apply PATHS... --state DIR` (pull, plan, confirm, run) or `iamc apply PLAN.ndjson` (run
// a saved plan's requests): see docs/apply.md.
#pragma once

#include <string>
#include <vector>

#include "driver/options.hpp"
#include "driver/planned.hpp"
#include "driver/remote.hpp"

namespace iamc::driver {

struct ApplyOptions {
  DiagnosticOptions diag;        ///< paths: the sources, or one PLAN.ndjson
  std::string state_dir;         ///< --state (required with sources)
  std::string config;            ///< --config
  bool prune = false;
  bool allow_lockout = false;
  bool yes = false;              ///< --yes: no confirmation
  int parallel = 1;              ///< --parallel N: requests in flight per instance
  double rate = 0;               ///< --rate N: requests per second per instance; 0: no limit
  std::string journal_dir = ".iamc";  ///< --journal-dir
  NetOptions net;
};

/// 0 every request succeeded (or there was nothing to do), 1 a request failed or the sources or
/// state have errors, 2 usage: no terminal to confirm on without --yes, missing credentials, an
/// unreadable plan file, a journal that cannot be written.
int run_apply(const ApplyOptions& options);

/// How a run of requests went.
struct ApplyCounts {
  std::size_t created = 0, updated = 0, deleted = 0, failed = 0, not_run = 0;
  std::size_t already_there = 0;  ///< creates answered 409: the binding exists (counted as created)
  std::size_t already_gone = 0;   ///< deletes answered 404: the binding is gone (counted as deleted)
};

/// Runs `requests` in order (creates and updates, then deletes), writing the journal; stops
/// starting new requests at the first failure. Returns the exit code, and the counts in `counts`.
int run_requests(const std::vector<PlannedRequest>& requests, const ApplyOptions& options, ApplyCounts& counts);

}  // namespace iamc::driver
