// A plan's requests as `plan --emit ndjson` writes them and `apply` runs them: in a safe order
// (every create and update before any delete), each with where it comes from.
#pragma once

#include <string>
#include <vector>

#include "base/source.hpp"
#include "model/model.hpp"
#include "pipeline/pipeline.hpp"
#include "plan/planner.hpp"

namespace iamc::driver {

struct PlannedRequest {
  std::string target;    ///< the target kind's name
  std::string instance;
  std::string action;    ///< create | update | delete
  std::string method;
  std::string path;
  std::string content_type;
  std::string accept;    ///< the Accept header compile sends (Astra); empty: none
  std::string body;      ///< empty for a DELETE
  std::string source;    ///< "file:line": the grant, or the live binding in its state file
  std::string origin;    ///< for people: "create main.iam:3", "a delete of live id X (state/x.json:9)"
  std::string base_url;  ///< the instance's `base_url` setting, if any
};

std::vector<PlannedRequest> planned_requests(const plan::Plan& p, const model::Model& model, const SourceManager& sources);

/// The plan that converges `state` to the checked sources of `c`, as `plan` and `apply` make it
/// (the configuration's `unmanaged:` bindings are left alone); findings go to c.sink.
plan::Plan plan_changes(pipeline::Compilation& c, const plan::State& state, bool prune, bool allow_lockout);

}  // namespace iamc::driver
