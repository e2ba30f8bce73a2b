// Running a plan's requests (see cmd_apply.hpp and docs/apply.md): per instance, up to
// --parallel requests in flight and at most --rate a second; every create and update finishes
// before the first delete starts; the first failure stops new requests from starting. Each
// request's outcome is a line of the journal, written and synced before the next is counted,
// so an interrupted run leaves a record of exactly what the servers acknowledged.
#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <thread>

#include "base/text.hpp"
#include "base/version.hpp"
#include "driver/checked_io.hpp"
#include "driver/cmd_apply.hpp"

namespace iamc::driver {
namespace {

using Clock = std::chrono::steady_clock;

std::string utc_now(bool compact) {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, compact ? "%Y%m%dT%H%M%S" : "%Y-%m-%dT%H:%M:%S", &tm);
  return compact ? fmt::format("{}{:03}Z", buf, ms) : fmt::format("{}.{:03}Z", buf, ms);
}

// The journal: one JSON object per line, appended and fsynced line by line.
class Journal {
 public:
  bool open(const std::string& dir, std::string& error) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      error = fmt::format("cannot create the journal folder {}: {}", display_text(dir), ec.message());
      return false;
    }
    for (int n = 0; n < 100 && fd_ < 0; ++n) {
      // fmt, not `"-" + std::to_string(n)`: g++ 12 -O3 warns (-Wrestrict) about that temporary.
      const std::string suffix = n == 0 ? std::string() : fmt::format("-{}", n);
      path_ = (std::filesystem::path(dir) / fmt::format("apply-{}{}.ndjson", utc_now(true), suffix)).string();
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) {
      error = fmt::format("cannot create a journal in {}: {}", display_text(dir), std::strerror(errno));
      return false;
    }
    return true;
  }
  ~Journal() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool write(const nlohmann::json& line) {
    std::lock_guard lock(mutex_);
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::string_view rest = text;
    while (!rest.empty()) {
      ssize_t n = ::write(fd_, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return ok_ = false;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fsync(fd_) != 0) ok_ = false;
    return ok_;
  }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  int fd_ = -1;
  std::string path_;
  std::mutex mutex_;
  bool ok_ = true;
};

// The id of the object a create made: the response's `id` (k0rdent: `uid` beside a name-like
// `id`, so `id` still), at the top or inside the one object the response wraps it in.
std::string created_id(std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) return {};
  auto id_of = [](const nlohmann::json& o) -> std::string {
    auto it = o.find("id");
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (std::string id = id_of(doc); !id.empty()) return id;
  for (const char* wrapper : {"role_binding", "policy", "roleBinding"}) {
    auto it = doc.find(wrapper);
    if (it != doc.end() && it->is_object()) return id_of(*it);
  }
  return {};
}

struct Instance {
  Endpoint endpoint;
  std::mutex pace;
  Clock::time_point next_slot = Clock::now();
};

struct Run {
  const ApplyOptions& options;
  net::Client client;
  Journal& journal;
  std::atomic<bool> stop{false};
  std::mutex counts_mutex;
  ApplyCounts& counts;
  std::mutex report_mutex;
};

void say(Run& run, const std::string& line) {
  std::lock_guard lock(run.report_mutex);
  standard_error().write("iamc apply: " + line + "\n");
}

// Waits for this instance's next slot under --rate.
void pace(Run& run, Instance& instance) {
  if (run.options.rate <= 0) return;
  Clock::time_point slot;
  {
    std::lock_guard lock(instance.pace);
    slot = std::max(Clock::now(), instance.next_slot);
    instance.next_slot = slot + std::chrono::microseconds(static_cast<long long>(1e6 / run.options.rate));
  }
  std::this_thread::sleep_until(slot);
}

void run_one(Run& run, Instance& instance, const PlannedRequest& r) {
  std::string label = fmt::format("{}.{}", r.target, display_text(r.instance));
  pace(run, instance);
  net::Request request = make_request(instance.endpoint, r.method, r.path, r.content_type, r.body, r.accept);
  net::Response response = run.client.send(request, [&](int attempt, const std::string& reason, std::chrono::milliseconds wait) {
    say(run, fmt::format("{}: {} {} ({}): {}; retry {} in {:.1f} s", label, r.method, display_text(r.path),
                         display_text(r.source), display_text(reason), attempt, static_cast<double>(wait.count()) / 1000.0));
  });
  nlohmann::json line = {{"time", utc_now(false)}, {"target", r.target},  {"instance", r.instance},
                         {"action", r.action},     {"method", r.method},   {"path", r.path},
                         {"source", r.source},     {"attempts", response.attempts}};
  bool ok = false;
  std::string outcome;
  std::string problem;
  if (response.transport == net::Transport::Ok) {
    line["status"] = response.status;
    if (response.status >= 200 && response.status <= 299) {
      ok = true;
      outcome = "done";
      if (r.action == "create") {
        std::string id = created_id(response.body);
        if (!id.empty()) line["id"] = id;
      }
    } else if (response.status == 409 && r.action == "create") {
      ok = true;
      outcome = "already-exists";  // the binding is there: what the create was for
    } else if (response.status == 404 && r.action == "delete") {
      ok = true;
      outcome = "already-absent";  // the binding is gone: what the delete was for
    } else {
      outcome = "failed";
      problem = fmt::format("HTTP {}: {}", response.status, server_message(response.body));
    }
  } else {
    outcome = "failed";
    problem = display_text(response.error);
    if (response.transport == net::Transport::MaybeSent) {
      problem += "; the server may have acted on it before the connection failed, so it was not repeated: run "
                 "`iamc apply` again, which plans from a fresh pull and will not repeat what was done";
    }
  }
  line["outcome"] = outcome;
  if (!problem.empty()) line["error"] = problem;
  if (!run.journal.write(line)) run.stop = true;
  std::lock_guard lock(run.counts_mutex);
  if (!ok) {
    ++run.counts.failed;
    if (!run.stop.exchange(true)) {
      say(run, fmt::format("{}: {} {} from {} failed: {}\n  no further request was started; the journal is {}", label,
                           r.method, display_text(r.path), display_text(r.source), problem,
                           display_text(run.journal.path())));
    }
    return;
  }
  if (r.action == "create") ++run.counts.created;
  if (r.action == "update") ++run.counts.updated;
  if (r.action == "delete") ++run.counts.deleted;
  if (outcome == "already-exists") ++run.counts.already_there;
  if (outcome == "already-absent") ++run.counts.already_gone;
}

}  // namespace

int run_requests(const std::vector<PlannedRequest>& requests, const ApplyOptions& options, ApplyCounts& counts) {
  // Every instance's endpoint and credentials before anything is sent.
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Instance>> instances;
  bool missing = false;
  for (const PlannedRequest& r : requests) {
    auto key = std::make_pair(r.target, r.instance);
    if (instances.contains(key)) continue;
    std::string error;
    auto endpoint = resolve_endpoint(r.target, r.instance, r.base_url, error);
    if (!endpoint) {
      standard_error().write("iamc apply: " + error + "\n");
      missing = true;
      instances.emplace(key, nullptr);  // one message per instance
      continue;
    }
    auto instance = std::make_unique<Instance>();
    instance->endpoint = std::move(*endpoint);
    instances.emplace(key, std::move(instance));
  }
  if (missing) return kExitUsage;
  Journal journal;
  std::string error;
  if (!journal.open(options.journal_dir, error)) {
    standard_error().write("iamc apply: " + error + "\n");
    return kExitUsage;
  }
  Run run{options, net::Client(client_options(options.net)), journal, {}, {}, counts, {}};
  journal.write({{"time", utc_now(false)}, {"event", "start"}, {"iamc", std::string(kVersion)}, {"requests", requests.size()}});
  std::size_t started = 0;
  // Two phases: every create and update, then every delete, so access is never briefly lost.
  for (int phase = 0; phase < 2 && !run.stop; ++phase) {
    std::map<std::pair<std::string, std::string>, std::vector<const PlannedRequest*>> queues;
    for (const PlannedRequest& r : requests) {
      if ((r.action == "delete") == (phase == 1)) queues[{r.target, r.instance}].push_back(&r);
    }
    std::vector<std::thread> workers;
    std::vector<std::unique_ptr<std::atomic<std::size_t>>> cursors;
    std::atomic<std::size_t> started_here{0};
    for (auto& [key, queue] : queues) {
      cursors.push_back(std::make_unique<std::atomic<std::size_t>>(0));
      std::atomic<std::size_t>* cursor = cursors.back().get();
      Instance* instance = instances.at(key).get();
      const std::vector<const PlannedRequest*>* q = &queue;
      for (int w = 0; w < std::max(1, options.parallel); ++w) {
        workers.emplace_back([&run, instance, q, cursor, &started_here] {
          for (;;) {
            if (run.stop) return;
            std::size_t i = cursor->fetch_add(1);
            if (i >= q->size()) return;
            ++started_here;
            run_one(run, *instance, *(*q)[i]);
          }
        });
      }
    }
    for (std::thread& t : workers) t.join();
    started += started_here;
  }
  counts.not_run = requests.size() - started;
  journal.write({{"time", utc_now(false)},
                 {"event", "end"},
                 {"created", counts.created},
                 {"updated", counts.updated},
                 {"deleted", counts.deleted},
                 {"failed", counts.failed},
                 {"not_run", counts.not_run}});
  if (counts.already_there != 0) {
    standard_output().write(fmt::format("{} create{} found the binding already there (HTTP 409), counted as created.\n",
                                        counts.already_there, counts.already_there == 1 ? "" : "s"));
  }
  if (counts.already_gone != 0) {
    standard_output().write(fmt::format("{} delete{} found the binding already gone (HTTP 404), counted as deleted.\n",
                                        counts.already_gone, counts.already_gone == 1 ? "" : "s"));
  }
  if (counts.not_run != 0) {
    standard_output().write(fmt::format("{} request{} not run: the run stopped at the first failure.\n", counts.not_run,
                                        counts.not_run == 1 ? " was" : "s were"));
  }
  standard_output().write(fmt::format("Apply: {} created, {} updated, {} deleted, {} failed.\n", counts.created,
                                      counts.updated, counts.deleted, counts.failed));
  standard_output().write(fmt::format("Journal: {}\n", display_text(journal.path())));
  if (!journal.ok()) {
    standard_error().write(fmt::format("iamc apply: cannot write the journal {}: the run stopped\n", display_text(journal.path())));
    return kExitUsage;
  }
  return counts.failed == 0 && counts.not_run == 0 ? kExitClean : kExitFindings;
}

}  // namespace iamc::driver
