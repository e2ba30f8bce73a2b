// `iamc compile`: the checks of `iamc check` (lint and .iamc.yaml included, one code path:
// checks.hpp), then emit the request payloads for every target, all or nothing: as files under
// -o DIR (one body per file plus requests.ndjson), as NDJSON on standard output, or as a POSIX
// shell script of curl calls.
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "backends/registry.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "driver/checked_io.hpp"
#include "driver/checks.hpp"
#include "driver/commands.hpp"
#include "driver/options.hpp"
#include "driver/output_writer.hpp"
#include "pipeline/pipeline.hpp"
#include "driver/request_output.hpp"

namespace iamc::driver {
namespace {

using backend::Request;


// Writes NDJSON lines: one per request, with a location buffer reused from line to line.
class NdjsonWriter {
 public:
  explicit NdjsonWriter(const SourceManager& sources) : sources_(sources) {}
  void append(std::string& out, const Request& r) {
    source_location(r.source, sources_, location_);
    backend::append_request_line(out, r.target, r.instance, {}, r.method, r.path, r.content_type, r.body, location_,
                                  r.accept);
  }

 private:
  const SourceManager& sources_;
  std::string location_;
};

std::string curl_script(const std::vector<Request>& requests, const model::Model& model, const SourceManager& sources) {
  std::vector<ScriptCall> calls;
  calls.reserve(requests.size());
  for (const Request& r : requests) {
    std::string_view base_url;
    for (const model::TargetInstance& t : model.targets) {
      if (model::target_kind_name(t.kind) == r.target && t.name == r.instance) base_url = t.setting("base_url");
    }
    calls.push_back({r.target, r.instance, r.method, r.path, r.content_type, r.accept, r.body,
                     source_location(r.source, sources), base_url});
  }
  return driver::curl_script("iamc compile", calls);
}

// DIR/<target>/<instance>/<NNNN>-<slug>.json (NNNN counts per instance folder from 0001) +
// requests.ndjson, built as the requests are made: no request is kept once its bytes exist.
// Instance names are identifiers (the DSL's grammar, the YAML reader's Y008), so safe as folders.
std::vector<OutputFile> output_files(const model::Model& model, const backend::TargetFilter& filter,
                                     const SourceManager& sources) {
  std::vector<OutputFile> files;
  std::string ndjson;
  NdjsonWriter lines(sources);
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> sequence;
  backend::for_each_request(model, filter, [&](const Request& r) {
    std::size_t n = ++sequence[{r.target, r.instance}];
    OutputFile f;
    f.path = fmt::format("{}/{}/{:04}-{}.json", r.target, r.instance, n, backend::make_slug(r));
    backend::reindent(r.body, f.bytes);
    files.push_back(std::move(f));
    lines.append(ndjson, r);
  });
  files.push_back({"requests.ndjson", std::move(ndjson)});
  return files;
}

// Standard output, checked: after a failed write the rest is dropped (the run fails anyway).
bool write_stdout(std::string_view text) { return standard_output().write(text); }

// --emit ndjson: each request is written as it is made and dropped, so memory stays flat. With
// several threads the work is cut into (backend, slice of the model) tasks, run a wave at a time;
// each task writes its lines into its own buffer and the buffers are written in task order, so
// the output is the same bytes for any number of threads.
void write_ndjson(const model::Model& model, const backend::TargetFilter& filter, const SourceManager& sources,
                  unsigned threads) {
  if (threads <= 1) {
    std::string buffer;
    NdjsonWriter lines(sources);
    backend::for_each_request(model, filter, [&](const Request& r) {
      lines.append(buffer, r);
      if (buffer.size() >= (1u << 20)) {
        (void)write_stdout(buffer);  // a failure is reported by finish_output
        buffer.clear();
      }
    });
    (void)write_stdout(buffer);
    return;
  }
  // Line tables are built on first use; build them all now, before threads share the files.
  for (FileId f = 0; f < sources.size(); ++f) (void)sources.file(f).line_count();
  constexpr std::size_t kSlice = 8192;  // bindings per task: a few MB of output
  const std::size_t items = std::max(model.bindings.size(), model.policies.size());
  struct Task {
    const backend::Backend* backend;
    backend::ModelSlice slice;
  };
  std::vector<Task> tasks;
  for (const auto& b : backend::backends()) {
    for (std::size_t begin = 0; begin < std::max<std::size_t>(items, 1); begin += kSlice) {
      tasks.push_back({b.get(), {begin, begin + kSlice}});
    }
  }
  // One cache line per buffer: side by side, the strings' sizes, rewritten at every append by
  // different threads, shared a line, and emitting at -j2 took 1.7 times the CPU it takes alone.
  struct alignas(64) Buffer {
    std::string text;
  };
  std::vector<Buffer> buffers(std::size_t{threads} * 2);
  for (std::size_t wave = 0; wave < tasks.size(); wave += buffers.size()) {
    const std::size_t n = std::min(buffers.size(), tasks.size() - wave);
    parallel_for(n, threads, [&](std::size_t i) {
      std::string& out = buffers[i].text;
      out.clear();
      NdjsonWriter lines(sources);
      const Task& task = tasks[wave + i];
      task.backend->emit(model, filter, task.slice, [&](const Request& r) { lines.append(out, r); });
    });
    for (std::size_t i = 0; i < n; ++i) {
      if (!write_stdout(buffers[i].text)) return;  // no point making the rest
    }
  }
}

}  // namespace

int run_compile(const CompileOptions& options) {
  if (options.emit == "files" && options.output_dir.empty()) {
    (void)standard_error().write("iamc compile: --emit files needs an output directory: -o DIR\n");
    return kExitUsage;
  }
  if (options.emit != "files" && !options.output_dir.empty()) {
    (void)standard_error().write(fmt::format(
        "iamc compile: --emit {} writes to standard output; drop -o or use --emit files\n", options.emit));
    return kExitUsage;
  }
  std::string payload = options.emit == "files" ? std::string() : "--emit " + options.emit;
  if (int code = check_output_streams("iamc compile", options.check.diagnostics, payload); code != kExitClean) {
    return code;
  }
  std::vector<pipeline::ProjectInput> projects = projects_of(options.check);
  if (projects.size() > 1) {
    std::string roots;
    for (const auto& p : projects) roots += "\n  " + display_text(p.whole ? p.shown_root() : p.paths.front());
    (void)standard_error().write(fmt::format(
        "iamc compile: the paths name {} projects (each folder with its own .iamc.yaml is one); compile one "
        "at a time:{}\n", projects.size(), roots));
    return kExitUsage;
  }
  CheckedProject checked = run_checks(options.check, projects);
  pipeline::Compilation& c = checked.compilation;
  // All or nothing: a diagnostic at the fail level (an error, or a lint finding the
  // configuration or --fail-level makes fatal) means no output at all.
  if (checked.exit_code != kExitClean) {
    report_checks(options.check, checked);
    return finish_output("iamc compile", checked.exit_code);
  }

  // The output comes first and the diagnostics after it, so that the summary line is printed only
  // when the output is whole: never "0 errors" above a failed write.
  std::optional<std::string> failure;
  backend::TargetFilter filter{options.targets};
  if (options.emit == "ndjson") {
    write_ndjson(c.model, filter, c.project.sources, thread_count(options.check.diagnostics.jobs));
  } else if (options.emit == "curl") {
    (void)write_stdout(curl_script(backend::emit_all(c.model, filter), c.model, c.project.sources));
  } else {
    auto fs = make_disk_file_system();
    failure = write_output(*fs, options.output_dir, output_files(c.model, filter, c.project.sources),
                           std::to_string(::getpid()));
  }
  if (standard_output().failed()) failure = standard_output().error_message() + "; the output is incomplete";
  report_checks(options.check, checked, !failure);
  if (failure) {
    (void)standard_error().write("iamc compile: " + display_text(*failure) + "\n");
    return kExitUsage;
  }
  return finish_output("iamc compile", kExitClean);
}

}  // namespace iamc::driver
