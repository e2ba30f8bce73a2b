// `iamc import`: read a state folder, write one formatted source file per instance into a new
// directory, all or nothing (see docs/import.md).
#include "driver/cmd_import.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "base/text.hpp"
#include "driver/options.hpp"
#include "format/formatter.hpp"
#include "format/yaml_form.hpp"
#include "plan/import_writer.hpp"
#include "plan/state_reader.hpp"

namespace iamc::driver {
namespace {

namespace fs = std::filesystem;

// Writes every file into a fresh directory beside `out`, then renames it to `out`: a failed run
// leaves nothing behind, and an existing directory with content is never touched.
std::optional<std::string> write_files(const fs::path& out, const std::vector<plan::ImportedFile>& files) {
  std::error_code ec;
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec) || !fs::is_empty(out, ec)) {
      return fmt::format("{}: exists and is not an empty directory; import writes only into a new one",
                         out.generic_string());
    }
  }
  fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  fs::path temp = parent / fmt::format(".{}.iamc-import-{}", out.filename().string(), ::getpid());
  fs::remove_all(temp, ec);
  if (!fs::create_directories(temp, ec)) {
    return fmt::format("{}: cannot create: {}", temp.generic_string(), ec.message());
  }
  for (const plan::ImportedFile& f : files) {
    std::ofstream stream(temp / f.name, std::ios::binary);
    stream.write(f.text.data(), static_cast<std::streamsize>(f.text.size()));
    stream.close();
    if (!stream) {
      fs::remove_all(temp, ec);
      return fmt::format("{}: cannot write", (out / f.name).generic_string());
    }
  }
  if (fs::exists(out, ec)) fs::remove(out, ec);  // the empty directory
  fs::rename(temp, out, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    return fmt::format("{}: cannot create: {}", out.generic_string(), ec.message());
  }
  return std::nullopt;
}

}  // namespace

int run_import(const ImportOptions& options) {
  SourceManager sources;
  DiagnosticSink sink;
  std::vector<model::TargetInstance> targets;
  plan::State state = plan::read_state_for_import(options.state_dir, targets, sources, sink);
  DiagnosticOptions diag;
  diag.format = options.format;
  diag.color = options.color;
  std::vector<plan::ImportedFile> files;
  if (!sink.has_errors()) {
    files = plan::write_import(targets, state, sources, sink);
    for (plan::ImportedFile& f : files) {
      SourceManager scratch;
      DiagnosticSink syntax;
      std::optional<std::string> formatted = options.form == "yaml"
                                                 ? format::yaml_form_of_text(f.name, f.text, scratch, syntax)
                                                 : format::format_text(f.name, f.text, scratch, syntax);
      if (!formatted) throw std::logic_error("import wrote a file iamc cannot parse: " + f.name + "\n" + f.text);
      f.text = std::move(*formatted);
      if (options.form == "yaml") f.name += ".yaml";  // <target>.<instance>.iam.yaml
    }
  }
  RunSummary summary{state.instances.size(), 0, 0};
  for (const plan::InstanceState& i : state.instances) summary.grants += i.live.size();
  print_diagnostics(diag, sink, sources, summary);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.code == DiagCode::StateUnreadable && !d.span.valid()) return kExitUsage;
  }
  if (sink.has_errors()) return kExitFindings;
  if (auto error = write_files(options.out_dir, files)) {
    std::fprintf(stderr, "iamc import: %s\n", display_text(*error).c_str());
    return kExitUsage;
  }
  for (const plan::ImportedFile& f : files) {
    std::fprintf(stderr, "wrote %s\n", display_text((fs::path(options.out_dir) / f.name).generic_string()).c_str());
  }
  return kExitClean;
}

}  // namespace iamc::driver
