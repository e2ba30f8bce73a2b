// The command line, parsed with CLI11: every subcommand's options bound to its plain options
// struct (commands.hpp), then its run function. This is the only file that includes CLI11, which
// is heavy to compile; the commands themselves are ordinary functions.
#include "driver/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backends/registry.hpp"
#include "base/docs_url.hpp"
#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "base/version.hpp"
#include "driver/cli_reference.hpp"
#include "driver/cmd_apply.hpp"
#include "driver/cmd_import.hpp"
#include "driver/cmd_plan.hpp"
#include "driver/cmd_pull.hpp"
#include "driver/commands.hpp"
#include "lsp/transport.hpp"


namespace iamc::driver {
namespace {

/// Runs a subcommand from its CLI11 callback: CLI11 has no return value there, so the exit code
/// travels in a RuntimeError that run_cli unwraps.
template <class Options>
void on_run(CLI::App* cmd, std::shared_ptr<Options> options, int (*run)(const Options&)) {
  cmd->callback([options, run] { throw CLI::RuntimeError(run(*options)); });
}

std::string target_names() {
  std::string names;
  for (std::string_view n : backend::backend_names()) names += fmt::format("{}{}", names.empty() ? "" : ", ", n);
  return names;
}

void add_color_option(CLI::App& cmd, std::string& color) {
  cmd.add_option("--color", color, "colour diagnostics: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

// --config, for the commands that read the project's .iamc.yaml (check, compile, plan, pull, apply).
void add_config_option(CLI::App& cmd, std::string& config) {
  cmd.add_option("--config", config, "configuration file (default: the nearest .iamc.yaml at or above the first path)")
      ->type_name("FILE");
}

void add_diagnostic_options(CLI::App& cmd, DiagnosticOptions& options) {
  cmd.add_option("paths", options.paths,
                 "files (*.iam, *.iam.yaml) and directories to read; '-' reads standard input")
      ->required();
  cmd.add_option("--stdin-filename", options.stdin_filename,
                 "name to use for standard input in messages; its extension picks DSL or YAML")
      ->capture_default_str();
  cmd.add_option("--format", options.format, "diagnostics format: text, json, sarif (SARIF 2.1.0) or github (workflow annotations)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->capture_default_str();
  add_color_option(cmd, options.color);
  cmd.add_option("-j,--jobs", options.jobs,
                 "parse, check, lint and emit on N threads; 0 = one per core (the output is the same for any N)")
      ->type_name("N")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            int n = -1;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec == std::errc() && end == value.data() + value.size() && n >= 0 && n <= kMaxJobs) return {};
            return fmt::format("expected a number of threads from 0 (one per core) to {}, not {}", kMaxJobs,
                               iamc::quoted(value));
          },
          "0.." + std::to_string(kMaxJobs)))
      ->capture_default_str();
  cmd.add_option("--max-diagnostics", options.max_diagnostics,
                 "show at most N diagnostics, then say how many more there were; 0 = all (default: " +
                     std::to_string(kDefaultMaxDiagnostics) + " for text and github, all for json and sarif)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--report-file", options.report_file,
                 "write the report (in --format) to FILE, not to standard output or error; it appears whole "
                 "or not at all")
      ->type_name("FILE");
}

// The options of the checks `check` and `compile` share (checks.hpp); `--no-lint` only where
// `offer_no_lint` (`check` exists to lint, so it has no such switch).
void add_check_options(CLI::App& cmd, CheckOptions& options, bool offer_no_lint) {
  add_diagnostic_options(cmd, options.diagnostics);
  cmd.add_option("--fail-level", options.fail_level,
                 "exit 1 when a diagnostic is at least this severe: error (default, or the "
                 "configuration's fail-level), warning or info")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  add_config_option(cmd, options.config);
  if (offer_no_lint) {
    cmd.add_flag("--no-lint", options.no_lint,
                 "skip the lint rules (errors still stop the run; the configuration's exclude and "
                 "fail-level still apply)");
  }
}

void add_check(CLI::App* cmd) {
  auto options = std::make_shared<CheckOptions>();
  add_check_options(*cmd, *options, /*offer_no_lint=*/false);
  cmd->add_flag("--project", options->whole_projects,
                "check the whole project each path belongs to (the pre-commit hook passes the changed "
                "files); each project is checked on its own");
  on_run(cmd, options, run_check);
}

void add_compile(CLI::App* cmd) {
  auto options = std::make_shared<CompileOptions>();
  add_check_options(*cmd, options->check, /*offer_no_lint=*/true);
  cmd->add_option("-o,--output", options->output_dir,
                  "output directory, replaced as a whole only when empty or holding nothing but iamc's own "
                  "output (listed in its .iamc-manifest): <target>/<instance>/<NNNN>-<slug>.json and requests.ndjson")->type_name("DIR");
  cmd->add_option("--emit", options->emit,
                  "files: write -o DIR; ndjson: one request per line on standard output; curl: a sh script")
      ->check(CLI::IsMember({"files", "ndjson", "curl"}))
      ->capture_default_str();
  cmd->add_option("--target", options->targets,
                  "only this target kind (" + target_names() + ") or instance (kind.name); repeatable")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            std::string_view kind(value);
            kind = kind.substr(0, kind.find('.'));
            if (backend::find_backend(kind) != nullptr) return {};
            return fmt::format("unknown target {}: expected one of {}, optionally followed by .NAME",
                               iamc::quoted(kind), target_names());
          },
          "TARGET"));
  on_run(cmd, options, run_compile);
}

void add_fmt(CLI::App* cmd) {
  auto options = std::make_shared<FmtOptions>();
  cmd->add_option("paths", options->paths,
                  "files and directories to format (every *.iam below a directory); '-' formats "
                  "standard input to standard output")
      ->required();
  cmd->add_flag("--check", options->check, "write nothing; list the files that would change and exit 1 if any");
  cmd->add_flag("--diff", options->diff, "write nothing; print a unified diff of the changes");
  cmd->add_option("--stdin-filename", options->stdin_filename, "name to use for standard input in messages")
      ->capture_default_str();
  add_color_option(*cmd, options->color);
  on_run(cmd, options, run_fmt);
}

void add_lsp(CLI::App* cmd) {
  auto options = std::make_shared<LspOptions>();
  options->max_message_bytes = lsp::kMaxMessageBytes;
  cmd->add_option("--max-message-bytes", options->max_message_bytes, "reject (and skip) messages larger than this")
      ->capture_default_str();
  on_run(cmd, options, run_lsp);
}

// The review commands (docs/review.md): paths are required, -j as for check.
void add_paths_option(CLI::App& cmd, std::vector<std::string>& paths) {
  cmd.add_option("paths", paths, "files (*.iam, *.iam.yaml) and directories to read")->required();
}

void add_jobs_option(CLI::App& cmd, int& jobs) {
  cmd.add_option("-j,--jobs", jobs, "read, parse and check on N threads; 0 = one per core")
      ->type_name("N")
      ->check(CLI::Range(0, kMaxJobs))
      ->capture_default_str();
}

void add_who(CLI::App* cmd) {
  auto options = std::make_shared<WhoOptions>();
  add_paths_option(*cmd, options->paths);
  cmd->add_option("--on", options->on,
                  "the scope: everything, all_tenants, all_namespaces, organization, or KIND:ID "
                  "(namespace:ID, label:KEY=VALUE, tenant:ID, project:ID, topic:ID, ...)")
      ->required();
  cmd->add_option("--target", options->targets, "only this target kind (astra) or instance (astra.prod); repeatable");
  cmd->add_option("--role", options->role, "only this role, or one ranked at least as high in the target's order");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_color_option(*cmd, options->color);
  add_jobs_option(*cmd, options->jobs);
  on_run(cmd, options, run_who);
}

void add_what(CLI::App* cmd) {
  auto options = std::make_shared<WhatOptions>();
  add_paths_option(*cmd, options->paths);
  cmd->add_option("--subject", options->subject, "an identity or let name, KIND:ID (user:ID), or everyone")->required();
  cmd->add_option("--target", options->targets, "only this target kind (astra) or instance (astra.prod); repeatable");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_color_option(*cmd, options->color);
  add_jobs_option(*cmd, options->jobs);
  on_run(cmd, options, run_what);
}

void add_diff(CLI::App* cmd) {
  auto options = std::make_shared<DiffOptions>();
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
  add_color_option(*cmd, options->color);
  add_jobs_option(*cmd, options->jobs);
  on_run(cmd, options, run_diff);
}

void add_test(CLI::App* cmd) {
  auto options = std::make_shared<TestOptions>();
  cmd->add_option("paths", options->paths,
                  "directories holding sources and *.iamtest.yaml files, or the files themselves")
      ->required();
  cmd->add_option("-k", options->filters, "only the cases whose name contains TEXT; repeatable")->type_name("TEXT");
  cmd->add_option("--format", options->format, "text (one line per case), json, or junit (JUnit XML for CI dashboards)")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  cmd->add_option("--config", options->config, "use this .iamc.yaml instead of the nearest one (its exclude applies)")->type_name("FILE");
  add_color_option(*cmd, options->color);
  add_jobs_option(*cmd, options->jobs);
  on_run(cmd, options, run_test);
}

void add_report(CLI::App* cmd) {
  auto options = std::make_shared<ReportOptions>();
  add_paths_option(*cmd, options->paths);
  cmd->add_option("-o,--output", options->output, "the file to write ('-': standard output)")->required();
  cmd->add_option("--format", options->format, "html (default) or csv")
      ->check(CLI::IsMember({"html", "csv"}))
      ->capture_default_str();
  add_color_option(*cmd, options->color);
  add_jobs_option(*cmd, options->jobs);
  on_run(cmd, options, run_report);
}

void add_plan(CLI::App* cmd) {
  auto options = std::make_shared<PlanOptions>();
  add_diagnostic_options(*cmd, options->diag);
  cmd->add_option("--state", options->state_dir,
                  "state folder: <target>.<instance>.json per instance, each a list endpoint's response")->type_name("DIR")
      ->required();
  cmd->add_option("--emit", options->emit,
                  "text: the plan for people; ndjson: the requests to run, in a safe order; curl: a sh script")
      ->check(CLI::IsMember({"text", "ndjson", "curl"}))
      ->capture_default_str();
  cmd->add_flag("--prune", options->prune, "delete live bindings the sources do not declare");
  cmd->add_flag("--allow-lockout", options->allow_lockout,
                "let --prune delete the last owner/admin-class binding on an account, organisation or all tenants");
  cmd->add_flag("--detailed-exitcode", options->detailed_exitcode, "exit 3 when the plan has changes (0 when none)");
  add_config_option(*cmd, options->config);
  on_run(cmd, options, run_plan);
}

void add_import(CLI::App* cmd) {
  auto options = std::make_shared<ImportOptions>();
  cmd->add_option("--state", options->state_dir, "state folder: <target>.<instance>.json per instance")->type_name("DIR")->required();
  cmd->add_option("--out", options->out_dir,
                  "directory to create with one <target>.<instance>.iam (or .iam.yaml) per instance")->type_name("DIR")
      ->required();
  cmd->add_option("--form", options->form, "source form: dsl (formatted as iamc fmt does) or yaml")
      ->check(CLI::IsMember({"dsl", "yaml"}))
      ->capture_default_str();
  cmd->add_option("--format", options->format, "diagnostics format: text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->capture_default_str();
  add_color_option(*cmd, options->color);
  on_run(cmd, options, run_import);
}

// The options of the commands that talk to the APIs (pull, apply): TLS, timeouts, retries.
void add_net_options(CLI::App& cmd, NetOptions& options) {
  cmd.add_option("--cacert", options.cacert, "a PEM file of CA certificates to verify the servers with (default: the system's)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--connect-timeout", options.connect_timeout, "seconds to wait for a connection")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  cmd.add_option("--timeout", options.timeout, "seconds one request may take in all")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd.add_option("--max-retries", options.max_retries,
                 "retries of a request answered 429, 502, 503 or 504, or whose connection failed")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd.add_option("--retry-max-time", options.retry_max_time, "seconds all the retries of one request may take")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  cmd.add_option("--retry-base-delay", options.retry_base_delay,
                 "seconds before the first retry, doubled each time (with jitter; a Retry-After asks for more)")
      ->check(CLI::Range(0.0, 60.0))
      ->capture_default_str();
}

void add_pull(CLI::App* cmd) {
  auto options = std::make_shared<PullOptions>();
  add_diagnostic_options(*cmd, options->diag);
  cmd->add_option("--state", options->state_dir, "state folder to write: <target>.<instance>.json per instance")->type_name("DIR")->required();
  cmd->add_option("--target", options->targets, "only this target kind (astra) or instance (astra.prod); repeatable");
  add_config_option(*cmd, options->config);
  add_net_options(*cmd, options->net);
  on_run(cmd, options, run_pull);
}

void add_apply(CLI::App* cmd) {
  auto options = std::make_shared<ApplyOptions>();
  add_diagnostic_options(*cmd, options->diag);
  cmd->add_option("--state", options->state_dir, "state folder, pulled afresh before planning (required with sources)")->type_name("DIR");
  cmd->add_flag("--prune", options->prune, "delete live bindings the sources do not declare");
  cmd->add_flag("--allow-lockout", options->allow_lockout,
                "let --prune delete the last owner/admin-class binding on an account, organisation or all tenants");
  cmd->add_flag("-y,--yes", options->yes, "apply without asking (required when standard input is not a terminal)");
  cmd->add_option("--parallel", options->parallel, "requests in flight per target instance")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--rate", options->rate, "at most N requests a second per target instance; 0 = no limit")
      ->check(CLI::Range(0.0, 10000.0))
      ->capture_default_str();
  cmd->add_option("--journal-dir", options->journal_dir, "folder of the journals (apply-<time>.ndjson)")->type_name("DIR")->capture_default_str();
  add_config_option(*cmd, options->config);
  add_net_options(*cmd, options->net);
  on_run(cmd, options, run_apply);
}

}  // namespace

namespace {

// Every option name a subcommand takes ("--format", "-j", ...), for did-you-mean.
std::vector<std::string> option_names(const CLI::App& cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* o : cmd.get_options()) {
    for (const std::string& n : o->get_lnames()) out.push_back("--" + n);
    for (const std::string& n : o->get_snames()) out.push_back("-" + n);
  }
  return out;
}

// One option as data: its names, value and choices read back from what CLI11 was told (the
// type name and the validators' descriptions, "TEXT:{text,json}", "FILE", "INT:INT in [0 - 100]").
OptionReference option_reference(const CLI::Option& o) {
  OptionReference r;
  for (const std::string& n : o.get_snames()) r.names.push_back("-" + n);
  for (const std::string& n : o.get_lnames()) r.names.push_back("--" + n);
  if (r.names.empty()) r.positional = o.get_name();
  r.description = o.get_description();
  r.required = o.get_required();
  r.repeatable = o.get_items_expected_max() > 1 || o.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  if (o.get_expected_max() == 0) return r;  // a flag
  std::string type = o.get_type_name();
  std::string name = type.substr(0, type.find(':'));
  std::string validators = type.find(':') == std::string::npos ? std::string() : type.substr(type.find(':') + 1);
  r.value_name = name;
  if (validators.starts_with('{')) {
    r.value = ValueKind::Choice;
    std::string list = validators.substr(1, validators.find('}') - 1);
    for (std::size_t at = 0; at <= list.size();) {
      std::size_t comma = std::min(list.find(',', at), list.size());
      r.choices.push_back(list.substr(at, comma - at));
      at = comma + 1;
    }
  } else if (name == "DIR" || validators.starts_with("DIR")) {
    r.value = ValueKind::Directory;
  } else if (name == "N" || name == "INT" || name == "UINT" || name == "FLOAT" || validators.starts_with("INT") ||
             validators.starts_with("FLOAT") || validators.starts_with("NONNEGATIVE") || validators.starts_with("0..")) {
    r.value = ValueKind::Number;
  } else if (name == "FILE" || validators.starts_with("FILE") || name == "TEXT") {
    // A free-text value is most often a path (paths, --config, a revision's folder); the words
    // that are not (--on, --subject, --role) still complete as typed.
    r.value = ValueKind::File;
  } else {
    r.value = ValueKind::Text;
  }
  return r;
}

CliReference cli_reference(const CLI::App& app) {
  CliReference cli;
  cli.description = app.get_description();
  cli.footer = app.get_footer();
  for (const CLI::Option* o : app.get_options()) cli.options.push_back(option_reference(*o));  // --help, --version
  // Answered before CLI11 parses anything (run_cli), so not among its options.
  cli.options.push_back({{"--list-codes"}, {}, {}, ValueKind::None, {},
                         "print every diagnostic code, its severity, summary and documentation link", false, false});
  cli.options.push_back({{"--generate"}, {}, "KIND", ValueKind::Choice, {"man", "bash", "zsh"},
                         "print this man page, or the bash or zsh completion script", false, false});
  for (const CLI::App* sub : app.get_subcommands({})) {
    CommandReference c{sub->get_name(), sub->get_description(), {}};
    for (const CLI::Option* o : sub->get_options()) {
      if (o->get_lnames() == std::vector<std::string>{"help"}) continue;
      c.options.push_back(option_reference(*o));
    }
    cli.commands.push_back(std::move(c));
  }
  return cli;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& names) {
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string_view guess = closest_match(word, views);
  return guess.empty() ? std::string() : fmt::format("; did you mean '{}'?", guess);
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"iamc: a policy-as-code compiler and linter for IAM role bindings"};
  app.set_version_flag("--version", "iamc " + std::string(kVersion));
  app.require_subcommand(1);
  app.footer("Documentation: " + docs_url("cli.md") + "\nEvery diagnostic code's page: " +
             docs_url("diagnostics/README.md") + " (iamc --list-codes lists them with their links)");
  // The one list of subcommands, in the order --help shows them. Every subcommand is named (for
  // --help's list and did-you-mean), but only the one being run gets its options: building
  // CLI11's tables for all thirteen was 40 % of a small `iamc check` (docs/performance.md).
  struct Subcommand {
    const char* name;
    const char* description;
    void (*add_options)(CLI::App*);
  };
  static constexpr Subcommand kSubcommands[] = {
    {"check", "Check and lint sources and report diagnostics", add_check},
    {"compile", "Check and lint sources, then write the API request payloads", add_compile},
    {"fmt", "Rewrite DSL sources (*.iam) in canonical form", add_fmt},
    {"lsp", "Run the language server (LSP over standard input/output)", add_lsp},
    {"diff", "The change in effective access between two revisions or directories", add_diff},
    {"who", "Every subject with access to a scope, directly or through a wider one", add_who},
    {"what", "Everything a subject can do, per target", add_what},
    {"report", "An access report for auditors: one self-contained HTML file, or CSV", add_report},
    {"test", "Run the access tests (*.iamtest.yaml) against the sources' effective access", add_test},
    {"plan", "Compare the sources with the live state and show or emit the changes", add_plan},
    {"import", "Write sources that declare exactly the live state of a state folder", add_import},
    {"pull", "Fetch the live bindings of every declared target instance into a state folder", add_pull},
    {"apply", "Pull, plan and run the changes (or run a saved plan's requests)", add_apply},
  };
  std::vector<std::string> args(argv + 1, argv + argc);
  // `iamc help [COMMAND]` is `iamc [COMMAND] --help`.
  if (!args.empty() && args[0] == "help") {
    args.erase(args.begin());
    args.push_back("--help");
  }
  const bool every_option = !args.empty() && args[0] == "--generate";  // the man page lists them all
  for (const Subcommand& s : kSubcommands) {
    CLI::App* sub = app.add_subcommand(s.name, s.description);
    if (every_option || (!args.empty() && args[0] == s.name)) s.add_options(sub);
  }

  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  // --version answers anywhere on the line (`iamc check --version`), as --help does.
  for (const std::string& a : args) {
    if (a == "--") break;
    if (a == "--version") {
      std::printf("iamc %s\n", std::string(kVersion).c_str());
      return kExitClean;
    }
  }
  if (args.size() == 1 && args[0] == "--list-codes") return run_list_codes();
  // The man page and the completions, from the same tables as --help (the build installs them).
  if (!args.empty() && args[0] == "--generate" && args.size() <= 3) {
    return run_generate(cli_reference(app), args.size() > 1 ? args[1] : "", args.size() > 2 ? args[2] : "", kVersion);
  }
  // An unknown command gets a did-you-mean.
  if (!args.empty() && args[0].starts_with("-") && args[0] != "--help" && args[0] != "-h") {
    std::fprintf(stderr, "iamc: unknown option %s%s\nRun 'iamc --help' for the commands.\n",
                 iamc::quoted(args[0]).c_str(), suggestion(args[0], {"--help", "--version"}).c_str());
    return kExitUsage;
  }
  if (!args.empty() && !args[0].starts_with('-') &&
      std::find(commands.begin(), commands.end(), args[0]) == commands.end()) {
    std::fprintf(stderr, "iamc: unknown command %s%s\nRun 'iamc --help' for the commands.\n",
                 iamc::quoted(args[0]).c_str(), suggestion(args[0], commands).c_str());
    return kExitUsage;
  }
  std::vector<const char*> cargs{argv[0]};
  for (const std::string& a : args) cargs.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(cargs.size()), const_cast<char**>(cargs.data()));
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a subcommand finished and carries its exit code
  } catch (const CLI::ExtrasError& e) {
    // An option the command does not take: name it, with the closest one it does take.
    const CLI::App* cmd = &app;
    for (const CLI::App* sub : app.get_subcommands()) cmd = sub;
    std::string extra;
    for (const std::string& a : args) {
      if (a.starts_with('-') && a != "-" && std::string(e.what()).find(a) != std::string::npos) {
        extra = a.substr(0, a.find('='));
        break;
      }
    }
    if (extra.empty()) return app.exit(e) == 0 ? kExitClean : kExitUsage;
    std::string where = cmd == &app ? "iamc" : "iamc " + cmd->get_name();
    std::fprintf(stderr, "%s: unknown option %s%s\nRun '%s --help' for its options.\n", where.c_str(),
                 iamc::quoted(extra).c_str(), suggestion(extra, option_names(*cmd)).c_str(), where.c_str());
    return kExitUsage;
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // --help and --version print to standard output: checked too
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      std::fputs("iamc: cannot write to standard output\n", stderr);
      return kExitUsage;
    }
    return code == 0 ? 0 : kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iamc: internal error: %s\n", e.what());
    return 4;  // not 3: `plan --detailed-exitcode` exits 3 for a plan with changes
  }
  return 0;
}

}  // namespace iamc::driver
