// `iamc pull`: list each instance's live bindings, page by page, and write the state folder
// all or nothing (see cmd_pull.hpp and docs/apply.md).
#include "driver/cmd_pull.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <set>
#include <system_error>

#include "base/text.hpp"
#include "driver/checked_io.hpp"
#include "pipeline/pipeline.hpp"
#include "plan/json_reader.hpp"
#include "plan/state.hpp"

namespace iamc::driver {
namespace {

/// A list that never ends is a broken API, not a big organisation.
constexpr std::size_t kMaxPages = 100'000;

struct Fetched {
  std::string file;      ///< the state file's name
  std::string contents;  ///< what is written into it
  std::size_t items = 0;
  std::size_t pages = 0;
};

void error_line(std::string_view command, const std::string& message) {
  standard_error().write(fmt::format("{}: {}\n", command, message));
}

std::size_t count_items(const plan::StateDecoder& decoder, std::string_view text, const plan::json::Value& page) {
  const plan::json::Value* list = page.is(plan::json::Kind::Array) ? &page : nullptr;
  for (std::string_view key : decoder.list_keys()) {
    if (list == nullptr) list = page.find(key);
  }
  if (list == nullptr || !list->is(plan::json::Kind::Array)) return 0;
  std::size_t n = 0;
  plan::json::for_each_element(text, 0, *list, [&](const plan::json::Value&, std::size_t) {
    ++n;
    return true;
  });
  return n;
}

// One GET (or Connect POST) with retries; on failure, a message saying what and why.
std::optional<std::string> fetch(const net::Client& client, std::string_view command, const std::string& label,
                                 const Endpoint& endpoint, const plan::PlanRequest& request, std::string& error) {
  net::Request r = make_request(endpoint, request.method, request.path, request.content_type, request.body);
  net::Response response = client.send(r, [&](int attempt, const std::string& reason, std::chrono::milliseconds wait) {
    error_line(command, fmt::format("{}: {} {}: {}; retry {} in {:.1f} s", label, request.method,
                                    display_text(request.path), display_text(reason), attempt,
                                    static_cast<double>(wait.count()) / 1000.0));
  });
  std::string what = fmt::format("{}: {} {}", label, request.method, display_text(request.path));
  if (response.transport != net::Transport::Ok) {
    error = fmt::format("{} failed after {} attempt(s): {}", what, response.attempts, display_text(response.error));
    return std::nullopt;
  }
  if (response.status < 200 || response.status > 299) {
    error = fmt::format("{} answered HTTP {}: {}", what, response.status, server_message(response.body));
    return std::nullopt;
  }
  return std::move(response.body);
}

// Every page of one instance's list, or a message.
std::optional<Fetched> fetch_list(const net::Client& client, std::string_view command, const model::TargetInstance& t,
                                  const Endpoint& endpoint, std::string& error) {
  const plan::StateDecoder& decoder = plan::state_decoder(t.kind);
  std::string label = fmt::format("{}.{}", model::target_kind_name(t.kind), display_text(t.name));
  Fetched out;
  out.file = fmt::format("{}.{}.json", model::target_kind_name(t.kind), t.name);
  std::vector<std::string> pages;
  std::set<std::string> tokens;
  std::string token;
  for (;;) {
    plan::PlanRequest request;
    decoder.list_request(t, token, request);
    auto body = fetch(client, command, label, endpoint, request, error);
    if (!body) return std::nullopt;
    plan::json::ParseError parse_error;
    auto page = plan::json::parse(*body, parse_error);
    if (!page) {
      error = fmt::format("{}: the list response (page {}) is not valid JSON: {} at byte {}", label, pages.size() + 1,
                          parse_error.message, parse_error.offset);
      return std::nullopt;
    }
    out.items += count_items(decoder, *body, page->root);
    token = decoder.next_page_token(page->root);
    pages.push_back(std::move(*body));
    if (token.empty()) break;
    if (!tokens.insert(token).second || pages.size() >= kMaxPages) {
      error = fmt::format("{}: the API's pages do not end (a page token came back twice, or over {} pages)", label,
                          kMaxPages);
      return std::nullopt;
    }
  }
  out.pages = pages.size();
  // One page is written as the API sent it; several as a JSON array of the pages (docs/plan.md).
  if (pages.size() == 1) {
    out.contents = std::move(pages.front());
  } else {
    out.contents = "[\n";
    for (std::size_t i = 0; i < pages.size(); ++i) {
      out.contents += pages[i];
      out.contents += i + 1 < pages.size() ? ",\n" : "\n";
    }
    out.contents += "]";
  }
  if (out.contents.empty() || out.contents.back() != '\n') out.contents += '\n';
  return out;
}

bool selected(const model::TargetInstance& t, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  std::string kind(model::target_kind_name(t.kind));
  for (const std::string& f : filters) {
    if (f == kind || f == kind + "." + std::string(t.name)) return true;
  }
  return false;
}

}  // namespace

int pull_state(std::string_view command, const model::Model& model, const std::vector<std::uint32_t>& instances,
               const std::filesystem::path& state_dir, const NetOptions& net) {
  // Every instance's endpoint and credentials first: one message per problem, nothing fetched.
  std::vector<Endpoint> endpoints;
  bool missing = false;
  for (std::uint32_t i : instances) {
    const model::TargetInstance& t = model.targets[i];
    std::string error;
    auto e = resolve_endpoint(model::target_kind_name(t.kind), t.name, t.setting("base_url"), error);
    if (!e) {
      error_line(command, error);
      missing = true;
      continue;
    }
    endpoints.push_back(std::move(*e));
  }
  if (missing) return kExitUsage;
  net::Client client(client_options(net));
  std::vector<Fetched> files;
  for (std::size_t n = 0; n < instances.size(); ++n) {
    const model::TargetInstance& t = model.targets[instances[n]];
    std::string error;
    auto list = fetch_list(client, command, t, endpoints[n], error);
    if (!list) {
      error_line(command, error);
      error_line(command, fmt::format("nothing was written: the state in {} is as it was", display_text(state_dir.string())));
      return kExitFindings;
    }
    files.push_back(std::move(*list));
    plan::PlanRequest roles;
    if (plan::state_decoder(t.kind).roles_request(t, roles)) {
      std::string label = fmt::format("{}.{}", model::target_kind_name(t.kind), display_text(t.name));
      auto body = fetch(client, command, label, endpoints[n], roles, error);
      plan::json::ParseError parse_error;
      if (body && !plan::json::parse(*body, parse_error)) {
        error = fmt::format("{}: the roles list is not valid JSON: {}", label, parse_error.message);
        body.reset();
      }
      if (!body) {
        error_line(command, error);
        error_line(command, fmt::format("nothing was written: the state in {} is as it was", display_text(state_dir.string())));
        return kExitFindings;
      }
      if (body->empty() || body->back() != '\n') *body += '\n';
      files.push_back({fmt::format("{}.{}.roles.json", model::target_kind_name(t.kind), t.name), std::move(*body), 0, 1});
    }
  }
  // All fetched: write each file beside its final name, then rename them all into place. A
  // failure before the renames removes the new files and leaves the folder as it was.
  std::vector<std::filesystem::path> written;
  try {
    std::filesystem::create_directories(state_dir);
    for (const Fetched& f : files) {
      std::filesystem::path tmp = state_dir / fmt::format(".{}.iamc-pull-{}", f.file, ::getpid());
      write_file_durably(tmp, f.contents);
      written.push_back(tmp);
    }
    for (std::size_t i = 0; i < files.size(); ++i) std::filesystem::rename(written[i], state_dir / files[i].file);
    written.clear();
    sync_directory(state_dir);
  } catch (const std::filesystem::filesystem_error& e) {
    for (const auto& p : written) {
      std::error_code ignored;
      std::filesystem::remove(p, ignored);
    }
    error_line(command, fmt::format("cannot write the state folder {}: {}", display_text(state_dir.string()),
                                    display_text(e.code().message())));
    return kExitUsage;
  }
  for (const Fetched& f : files) {
    if (f.file.ends_with(".roles.json")) continue;
    standard_output().write(fmt::format("Pulled {}: {} live binding{} in {} page{}.\n",
                                        display_text((state_dir / f.file).string()), f.items, f.items == 1 ? "" : "s",
                                        f.pages, f.pages == 1 ? "" : "s"));
  }
  return kExitClean;
}

int run_pull(const PullOptions& options) {
  if (int code = check_output_streams("iamc pull", options.diag, "the lines saying what was pulled");
      code != kExitClean) {
    return code;
  }
  pipeline::LintOptions lint_options;
  if (!options.config.empty()) lint_options.config_file = options.config;
  pipeline::Compilation& c = pipeline::keep_until_exit(
      pipeline::check_sources(load_options(options.diag), lint_options, pipeline::SyntaxTrees::Release));
  print_diagnostics(options.diag, c.sink, c.project.sources, c.summary(), c.lint.suppressed);
  int code = exit_code_for(c.sink);
  if (code != kExitClean) return finish_output("iamc pull", code);
  std::vector<std::uint32_t> instances;
  for (std::uint32_t i = 0; i < c.model.targets.size(); ++i) {
    if (selected(c.model.targets[i], options.targets)) instances.push_back(i);
  }
  if (instances.empty()) {
    error_line("iamc pull", options.targets.empty() ? "the sources declare no target instance"
                                                    : "no declared target instance matches --target");
    return finish_output("iamc pull", kExitUsage);
  }
  return finish_output("iamc pull", pull_state("iamc pull", c.model, instances, options.state_dir, options.net));
}

}  // namespace iamc::driver
