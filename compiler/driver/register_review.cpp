// CLI11 registration of the review commands: diff, who, what, report. Each only fills its plain
// options struct and calls the command's run function (cmd_diff.cpp, cmd_who.cpp, cmd_report.cpp).

#include <memory>

#include "driver/cmd_diff.hpp"
#include "driver/cmd_report.hpp"
#include "driver/cmd_who.hpp"
#include "driver/commands.hpp"
#include "driver/options.hpp"

namespace iamc::driver {
namespace {

void add_color(CLI::App& cmd, std::string& color) {
  cmd.add_option("--color", color, "colour diagnostics: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

void add_jobs(CLI::App& cmd, int& jobs) {
  cmd.add_option("-j,--jobs", jobs, "read, parse and check on N threads; 0 = one per core")
      ->type_name("N")
      ->check(CLI::Range(0, kMaxJobs))
      ->capture_default_str();
}

void add_paths(CLI::App& cmd, std::vector<std::string>& paths) {
  cmd.add_option("paths", paths, "files (*.iam, *.iam.yaml) and directories to read")->required();
}

}  // namespace

void register_who(CLI::App& app) {
  auto options = std::make_shared<WhoOptions>();
  CLI::App* cmd = app.add_subcommand("who", "Every subject with access to a scope, directly or through a wider one");
  add_paths(*cmd, options->paths);
  cmd->add_option("--on", options->on,
                  "the scope: everything, all_tenants, all_namespaces, organization, or KIND:ID "
                  "(namespace:ID, label:KEY=VALUE, tenant:ID, project:ID, topic:ID, ...)")
      ->required();
  cmd->add_option("--target", options->targets, "only this target kind (astra) or instance (astra.prod); repeatable");
  cmd->add_option("--role", options->role, "only this role, or one ranked at least as high in the target's order");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_color(*cmd, options->color);
  add_jobs(*cmd, options->jobs);
  cmd->callback([options] { throw CLI::RuntimeError(run_who(*options)); });
}

void register_what(CLI::App& app) {
  auto options = std::make_shared<WhatOptions>();
  CLI::App* cmd = app.add_subcommand("what", "Everything a subject can do, per target");
  add_paths(*cmd, options->paths);
  cmd->add_option("--subject", options->subject, "an identity or let name, KIND:ID (user:ID), or everyone")->required();
  cmd->add_option("--target", options->targets, "only this target kind (astra) or instance (astra.prod); repeatable");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_color(*cmd, options->color);
  add_jobs(*cmd, options->jobs);
  cmd->callback([options] { throw CLI::RuntimeError(run_what(*options)); });
}

void register_diff(CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand("diff", "The change in effective access between two revisions or directories");
  cmd->add_option("base", options->base, "BASE: a directory, or a git revision of the repository holding the working directory")
      ->required();
  cmd->add_option("head", options->head, "HEAD: a directory or a git revision")->required();
  cmd->add_option("paths", options->paths, "files and directories within each side (default: .)");
  cmd->add_option("--format", options->format,
                  "text (default), markdown (a pull-request comment), json, or github (text, plus a job summary "
                  "in $GITHUB_STEP_SUMMARY)")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}))
      ->capture_default_str();
  cmd->add_flag("--detailed-exitcode", options->detailed_exitcode, "exit 3 when access changes (0 when it does not)");
  add_color(*cmd, options->color);
  add_jobs(*cmd, options->jobs);
  cmd->callback([options] { throw CLI::RuntimeError(run_diff(*options)); });
}

void register_report(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand("report", "An access report for auditors: one self-contained HTML file, or CSV");
  add_paths(*cmd, options->paths);
  cmd->add_option("-o,--output", options->output, "the file to write ('-': standard output)")->required();
  cmd->add_option("--format", options->format, "html (default) or csv")
      ->check(CLI::IsMember({"html", "csv"}))
      ->capture_default_str();
  add_color(*cmd, options->color);
  add_jobs(*cmd, options->jobs);
  cmd->callback([options] { throw CLI::RuntimeError(run_report(*options)); });
}

}  // namespace iamc::driver
