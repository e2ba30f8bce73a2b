// `iamc apply`: from sources, a fresh pull, the plan, a confirmation, then the requests; from a
// saved PLAN.ndjson, a confirmation and its requests as they are (see docs/apply.md).
#include "driver/cmd_apply.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <algorithm>
#include <iostream>

#include "base/text.hpp"
#include "driver/checked_io.hpp"
#include "driver/cmd_pull.hpp"
#include "pipeline/pipeline.hpp"
#include "plan/plan_text.hpp"
#include "plan/planner.hpp"
#include "plan/state_reader.hpp"

namespace iamc::driver {
namespace {

constexpr std::string_view kCommand = "iamc apply";
/// The largest saved plan read (a million requests of a few hundred bytes each).
constexpr std::uintmax_t kMaxPlanBytes = std::uintmax_t{1} << 30;

void error_line(const std::string& message) { standard_error().write(fmt::format("{}: {}\n", kCommand, message)); }

// Whether `text` has no control characters (and no spaces unless `spaces`).
bool printable(std::string_view text, bool spaces = false) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || (u == ' ' && !spaces)) return false;
  }
  return true;
}

// Reads a saved plan (`plan --emit ndjson`); false after a message.
bool read_plan_file(const std::string& path, std::vector<PlannedRequest>& out) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxPlanBytes) {
    error_line(fmt::format("cannot read the plan {}: {}", display_text(path), ec ? ec.message() : "larger than 1 GiB"));
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto where = fmt::format("{}:{}", display_text(path), n);
    nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
    auto text = [&](const char* key, std::string& field, bool required) {
      auto it = doc.is_object() ? doc.find(key) : doc.end();
      if (doc.is_object() && it != doc.end() && it->is_string()) {
        field = it->get<std::string>();
        return true;
      }
      if (!required && doc.is_object() && it == doc.end()) return true;
      error_line(fmt::format("{}: not a request of `iamc plan --emit ndjson`: expected a string \"{}\"", where, key));
      return false;
    };
    PlannedRequest r;
    if (!text("target", r.target, true) || !text("instance", r.instance, true) || !text("action", r.action, true) ||
        !text("method", r.method, true) || !text("path", r.path, true) || !text("source", r.source, false)) {
      return false;
    }
    if (r.action != "create" && r.action != "update" && r.action != "delete") {
      error_line(fmt::format("{}: unknown action {}: expected create, update or delete", where, iamc::quoted(r.action)));
      return false;
    }
    if (r.method != "GET" && r.method != "POST" && r.method != "PUT" && r.method != "DELETE" && r.method != "PATCH") {
      error_line(fmt::format("{}: unknown method {}: expected GET, POST, PUT, PATCH or DELETE", where, iamc::quoted(r.method)));
      return false;
    }
    if (r.path.empty() || r.path.front() != '/' || !printable(r.path)) {
      error_line(fmt::format("{}: the path must start with '/' and hold no spaces or control characters", where));
      return false;
    }
    if (auto h = doc.find("headers"); h != doc.end() && h->is_object()) {
      if (auto ct = h->find("Content-Type"); ct != h->end() && ct->is_string()) r.content_type = ct->get<std::string>();
      if (auto ac = h->find("Accept"); ac != h->end() && ac->is_string()) r.accept = ac->get<std::string>();
    }
    // A header value with a line break would smuggle a header of its own into the request.
    for (auto [name, value] : {std::pair<std::string_view, const std::string&>{"Content-Type", r.content_type},
                               std::pair<std::string_view, const std::string&>{"Accept", r.accept}}) {
      if (!printable(value, /*spaces=*/true)) {
        error_line(fmt::format("{}: the {} header holds control characters", where, name));
        return false;
      }
    }
    if (auto b = doc.find("body"); b != doc.end()) r.body = b->dump();
    r.origin = r.action + " " + r.source;
    out.push_back(std::move(r));
  }
  if (in.bad()) {
    error_line(fmt::format("cannot read the plan {}", display_text(path)));
    return false;
  }
  // Creates and updates before deletes, whatever order the file has.
  std::stable_partition(out.begin(), out.end(), [](const PlannedRequest& r) { return r.action != "delete"; });
  return true;
}

// The confirmation: --yes, or "yes" typed on a terminal. Without a terminal and without --yes,
// the answer is no (exit 2): a script must say what it means.
int confirm(const ApplyOptions& options, std::size_t count) {
  if (options.yes) return kExitClean;
  if (::isatty(STDIN_FILENO) == 0) {
    error_line("refusing to apply without confirmation: standard input is not a terminal; review the plan, then run "
               "again with --yes");
    return kExitUsage;
  }
  standard_error().write(fmt::format("Apply these {} change{}? Only 'yes' is accepted: ", count, count == 1 ? "" : "s"));
  std::string answer;
  if (!std::getline(std::cin, answer) || answer != "yes") {
    error_line("cancelled: nothing was applied");
    return kExitFindings;
  }
  return kExitClean;
}

int exit_code_with_state(const DiagnosticSink& sink) {
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.code == DiagCode::StateUnreadable && !d.span.valid()) return kExitUsage;
  }
  return exit_code_for(sink);
}

int apply_sources(const ApplyOptions& options) {
  if (options.state_dir.empty()) {
    error_line("--state DIR is required with sources (or give one PLAN.ndjson file)");
    return kExitUsage;
  }
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  pipeline::Compilation& c = pipeline::keep_until_exit(
      pipeline::check_sources(load_options(options.diag), lint_options, pipeline::SyntaxTrees::Release));
  if (exit_code_for(c.sink) != kExitClean) {
    print_diagnostics(options.diag, c.sink, c.project.sources, c.summary(), c.lint.suppressed);
    return exit_code_for(c.sink);
  }
  // A fresh pull: a plan is only as good as the state it was made from.
  std::vector<std::uint32_t> instances;
  for (std::uint32_t i = 0; i < c.model.targets.size(); ++i) instances.push_back(i);
  if (int code = pull_state(kCommand, c.model, instances, options.state_dir, options.net); code != kExitClean) return code;
  plan::State state = plan::read_state(options.state_dir, c.model, c.project.sources, c.sink);
  plan::Plan result;
  if (!c.sink.has_errors()) result = plan_changes(c, state, options.prune, options.allow_lockout);
  print_diagnostics(options.diag, c.sink, c.project.sources, c.summary(), c.lint.suppressed);
  if (int code = exit_code_with_state(c.sink); code != kExitClean) return code;
  standard_output().write(plan::render_plan_text(result, c.model, c.project.sources));
  std::vector<PlannedRequest> requests = planned_requests(result, c.model, c.project.sources);
  if (requests.empty()) {
    standard_output().write("Nothing to apply: the live state matches the sources.\n");
    return kExitClean;
  }
  if (int code = confirm(options, requests.size()); code != kExitClean) return code;
  ApplyCounts counts;
  return run_requests(requests, options, counts);
}

int apply_plan_file(const ApplyOptions& options) {
  std::vector<PlannedRequest> requests;
  if (!read_plan_file(options.diag.paths.front(), requests)) return kExitUsage;
  for (const PlannedRequest& r : requests) {
    standard_output().write(fmt::format("  {} {}.{}: {} {}  ({})\n", r.action == "delete" ? "-" : r.action == "update" ? "~" : "+",
                                        display_text(r.target), display_text(r.instance), r.method,
                                        display_text(r.path), display_text(r.source)));
  }
  if (requests.empty()) {
    standard_output().write("Nothing to apply: the plan has no requests.\n");
    return kExitClean;
  }
  if (int code = confirm(options, requests.size()); code != kExitClean) return code;
  ApplyCounts counts;
  return run_requests(requests, options, counts);
}

}  // namespace

int run_apply(const ApplyOptions& options) {
  if (int code = check_output_streams(kCommand, options.diag, "the plan and the apply's progress"); code != kExitClean) {
    return code;
  }
  const auto& paths = options.diag.paths;
  bool plan_file = paths.size() == 1 && paths.front().ends_with(".ndjson");
  int code = plan_file ? apply_plan_file(options) : apply_sources(options);
  return finish_output(kCommand, code);
}

}  // namespace iamc::driver
