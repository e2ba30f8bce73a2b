// `iamc plan PATHS... --state DIR`: check and lint, read the live state, match, and write the
// plan as text, NDJSON requests or a curl script (see docs/plan.md).
#include "driver/cmd_plan.hpp"

#include <cstdio>
#include <memory>

#include "backends/json_writer.hpp"
#include "base/chunked_output.hpp"
#include "pipeline/pipeline.hpp"
#include "driver/checked_io.hpp"
#include "driver/planned.hpp"
#include "driver/request_output.hpp"
#include "plan/plan_text.hpp"
#include "plan/planner.hpp"
#include "plan/state_reader.hpp"

namespace iamc::driver {
namespace {

using pipeline::Compilation;
using pipeline::SyntaxTrees;

// The plan's requests in a safe order: every create and update (of every instance) before any
// delete, so a binding being replaced never leaves a moment without access.
std::vector<std::pair<const plan::InstancePlan*, const plan::Change*>> ordered(const plan::Plan& p) {
  std::vector<std::pair<const plan::InstancePlan*, const plan::Change*>> out;
  for (int pass = 0; pass < 2; ++pass) {
    for (const plan::InstancePlan& i : p.instances) {
      for (const plan::Change& c : i.changes) {
        if ((c.action == plan::Action::Delete) == (pass == 1)) out.emplace_back(&i, &c);
      }
    }
  }
  return out;
}

// Where a planned request comes from: the grant, or for a delete the live binding in its state file.
void change_source(const plan::Change& change, const SourceManager& sources, std::string& out) {
  source_location(change.action == plan::Action::Delete ? change.binding->span : change.source, sources, out);
}

// The NDJSON lines, written straight from the plan (as planned_requests would give them, without
// copying every request once more) and handed on as they are made (base/chunked_output.hpp).
void write_ndjson(const plan::Plan& p, const model::Model& model, const SourceManager& sources, CheckedStream& out) {
  const TextSink to_out = [&out](std::string_view piece) { return out.write(piece); };
  ChunkedOutput chunks(to_out);
  std::string source;
  for (auto [instance, change] : ordered(p)) {
    const model::TargetInstance& t = model.targets[instance->target];
    const plan::PlanRequest& r = change->request;
    change_source(*change, sources, source);
    backend::append_request_line(chunks.text(), model::target_kind_name(t.kind), t.name,
                                 plan::action_name(change->action), r.method, r.path, r.content_type, r.body, source,
                                 r.accept);
    if (!chunks.piece_done()) return;
  }
  chunks.finish();
}

std::string curl(const std::vector<PlannedRequest>& requests) {
  std::vector<ScriptCall> calls;
  for (const PlannedRequest& r : requests) {
    calls.push_back({r.target, r.instance, r.method, r.path, r.content_type, r.accept, r.body, r.origin, r.base_url});
  }
  return curl_script("iamc plan", calls);
}

// A state folder that cannot be read is an input problem (exit 2), like an unreadable source.
int exit_code_with_state(const DiagnosticSink& sink) {
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.code == DiagCode::StateUnreadable && !d.span.valid()) return kExitUsage;
  }
  return exit_code_for(sink);
}

}  // namespace

std::vector<PlannedRequest> planned_requests(const plan::Plan& p, const model::Model& model, const SourceManager& sources) {
  std::vector<PlannedRequest> out;
  for (auto [instance, change] : ordered(p)) {
    const model::TargetInstance& t = model.targets[instance->target];
    const plan::PlanRequest& r = change->request;
    PlannedRequest q;
    q.target = std::string(model::target_kind_name(t.kind));
    q.instance = std::string(t.name);
    q.action = std::string(plan::action_name(change->action));
    q.method = r.method;
    q.path = r.path;
    q.content_type = r.content_type;
    q.accept = r.accept;
    q.body = r.body;
    const bool remove = change->action == plan::Action::Delete;
    change_source(*change, sources, q.source);
    q.origin = remove ? "a delete of live id " + change->binding->id + " (" + q.source + ")" : q.action + " " + q.source;
    q.base_url = std::string(t.setting("base_url"));
    out.push_back(std::move(q));
  }
  return out;
}

plan::Plan plan_changes(pipeline::Compilation& c, const plan::State& state, bool prune, bool allow_lockout) {
  plan::PlanOptions plan_options;
  plan_options.prune = prune;
  plan_options.allow_lockout = allow_lockout;
  plan_options.unmanaged = &c.config.unmanaged;
  return plan::make_plan(c.model, state, plan_options, c.sink);
}

int run_plan(const PlanOptions& options) {
  if (int code = check_output_streams("iamc plan", options.diag, "--emit " + options.emit); code != kExitClean) {
    return code;
  }
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  Compilation& c = pipeline::keep_until_exit(pipeline::check_sources(load_options(options.diag), lint_options, SyntaxTrees::Release));
  // Nothing is planned from sources with errors, nor from a state that could not be read.
  // The state and the plan, like the compilation, are kept until the process ends: freeing a
  // hundred thousand bindings one by one just before exit cost a tenth of a large plan.
  static auto* const kept_state = new plan::State();
  static auto* const kept_plan = new plan::Plan();
  plan::State& state = *kept_state;
  plan::Plan& result = *kept_plan;
  if (exit_code_for(c.sink) == kExitClean) {
    state = plan::read_state(options.state_dir, c.model, c.project.sources, c.sink);
    if (!c.sink.has_errors()) {
      result = plan_changes(c, state, options.prune, options.allow_lockout);
    }
  }
  print_diagnostics(options.diag, c.sink, c.project.sources, c.summary(), c.lint.suppressed);
  int code = exit_code_with_state(c.sink);
  if (code != kExitClean) return finish_output("iamc plan", code);
  CheckedStream& out = standard_output();
  if (options.emit == "ndjson") {
    write_ndjson(result, c.model, c.project.sources, out);
  } else if (options.emit == "curl") {
    out.write(curl(planned_requests(result, c.model, c.project.sources)));
  } else {
    out.write(plan::render_plan_text(result, c.model, c.project.sources));
  }
  return finish_output("iamc plan",
                       options.detailed_exitcode && result.totals().has_changes() ? kExitChanges : kExitClean);
}

}  // namespace iamc::driver
