// The incremental resolver (model::IncrementalResolver, used by every command-line pipeline)
// against the batch one (model::resolve, used by the LSP): on random multi-file projects whose
// files name targets and lets defined in earlier files, later files, nowhere, or in cycles, both
// must give the same model and the same diagnostics; and a file whose names are all bound must
// be resolved, and its syntax trees freed, while later files are still loading.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "model/resolve.hpp"
#include "pipeline/pipeline.hpp"

namespace fs = std::filesystem;

namespace {

class TempProject {
 public:
  TempProject() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / ("iamc-resolve-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~TempProject() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }
  [[nodiscard]] std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

// A random project of 2 to 7 files (f0.iam, f1.iam, ...: loaded in that order), whose pieces
// land in random files: targets, lets of principals and scopes (some listing other lets, some
// missing, some in cycles), an identity, and target blocks using all of them.
void write_random_project(const TempProject& project, unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::size_t files = 2 + pick(6);
  std::vector<std::ostringstream> text(files);
  const std::string uuid = "4c27d25a-9edb-4e85-9438-48dc8e91723";  // + one digit
  text[pick(files)] << "target astra prod { account = \"9fd87309-067f-48c9-a331-527796c14cf3\" }\n";
  if (pick(2) == 0) text[pick(files)] << "target astra staging { account = \"9fd87309-067f-48c9-a331-527796c14cf4\" }\n";
  const std::vector<std::string> teams = {"t0", "t1", "t2", "t3", "t4", "t5"};
  const std::vector<std::string> areas = {"s0", "s1", "s2", "s3"};
  // A list names earlier lets, or (rarely) any let: a cycle then.
  auto other = [&](const std::vector<std::string>& names, std::size_t i) {
    return names[pick(20) == 0 || i == 0 ? pick(names.size()) : pick(i)];
  };
  for (std::size_t i = 0; i < teams.size(); ++i) {
    if (pick(40) == 0) continue;  // never defined
    std::size_t kind = pick(10);
    std::string value = kind < 6 || i == 0 ? "group(\"" + uuid + std::to_string(pick(10)) + "\")"
                        : kind < 9         ? "[" + other(teams, i) + ", " + other(teams, i) + "]"
                                           : "user(\"" + uuid + std::to_string(pick(10)) + "\")";
    text[pick(files)] << "let " << teams[i] << " = " << value << "\n";
  }
  for (std::size_t i = 0; i < areas.size(); ++i) {
    std::size_t kind = i == 0 ? pick(2) : pick(4);
    std::string value = kind == 0   ? "everything"
                        : kind == 1 ? "namespace(id: \"" + uuid + std::to_string(pick(10)) + "\")"
                        : kind == 2 ? "[" + other(areas, i) + ", " + other(areas, i) + "]"
                                    : "[" + other(areas, i) + ", everything]";
    text[pick(files)] << "let " << areas[i] << " = " << value << "\n";
  }
  if (pick(2) == 0) text[pick(files)] << "identity alice { principals = [" << teams[pick(teams.size())] << "] }\n";
  const std::vector<std::string> roles = {"viewer", "member", "admin", "owner"};
  for (std::size_t f = 0; f < files; ++f) {
    if (pick(5) == 0) continue;
    text[f] << "in astra." << (pick(10) == 0 ? "staging" : "prod") << " {\n";
    for (std::size_t g = 0, n = 1 + pick(8); g < n; ++g) {
      std::string role = roles[pick(roles.size())];
      text[f] << "  grant " << role << " to " << teams[pick(teams.size())] << " on " << areas[pick(areas.size())];
      if (role == "admin" || role == "owner") text[f] << " { description = \"on call\" }";
      text[f] << "\n";
    }
    text[f] << "}\n";
  }
  for (std::size_t f = 0; f < files; ++f) project.write("f" + std::to_string(f) + ".iam", text[f].str());
}

// Everything the resolver decides, as text: bindings with their principals and scopes, lets
// with their use counts, identities, and the diagnostics in order.
std::string describe(iamc::pipeline::Compilation& c) {
  std::ostringstream out;
  auto span = [](iamc::Span s) { return std::to_string(s.file) + ":" + std::to_string(s.begin) + "-" + std::to_string(s.end); };
  for (const iamc::model::Binding& b : c.model.bindings) {
    out << "binding " << b.target << " " << b.role.name << " " << span(b.span) << " incomplete=" << b.scopes_incomplete;
    for (const auto& p : b.principals) out << " p" << static_cast<int>(p.kind) << ":" << p.id << "@" << span(p.span);
    for (const auto& s : b.scopes) out << " s" << static_cast<int>(s.kind) << ":" << s.id << "@" << span(s.span);
    out << "\n";
  }
  for (const auto& d : c.model.definitions) out << "let " << d.name << " uses " << d.uses << "\n";
  for (const auto& i : c.model.identities) out << "identity " << i.name << " " << i.principals.size() << "\n";
  c.sink.sort_and_dedupe();
  for (const auto& d : c.sink.diagnostics()) out << iamc::diag_info(d.code).code << " " << span(d.span) << " " << d.message << "\n";
  out << "grants " << c.grants << "\n";
  return out.str();
}

}  // namespace

TEST_CASE("resolve: file by file while loading gives exactly the batch resolver's model", "[resolve]") {
  std::size_t with_errors = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    TempProject project;
    write_random_project(project, seed);
    iamc::frontend::LoadOptions options;
    options.paths = {project.path()};
    auto batch = iamc::pipeline::compile_sources(options, iamc::pipeline::SyntaxTrees::Keep);
    auto incremental = iamc::pipeline::compile_sources(options, iamc::pipeline::SyntaxTrees::Release);
    INFO("seed " << seed);
    REQUIRE(describe(incremental) == describe(batch));
    if (batch.sink.has_errors()) ++with_errors;
  }
  // The projects exercise the error paths too (undefined names, cycles), not only clean ones.
  CHECK(with_errors > 20);
  CHECK(with_errors < 150);
}

TEST_CASE("resolve: a file is resolved and its trees freed as soon as its names are bound", "[resolve]") {
  TempProject project;
  const std::string grants = "in astra.prod { grant viewer to team on everything }\n";
  project.write("a0.iam", "target astra prod { account = \"9fd87309-067f-48c9-a331-527796c14cf3\" }\n"
                          "let team = group(\"4c27d25a-9edb-4e85-9438-48dc8e917231\")\n");
  for (int i = 1; i <= 5; ++i) project.write("a" + std::to_string(i) + ".iam", grants);

  // Files loaded but not resolved yet, each time a file arrives; the loader frees the trees of
  // those resolved.
  auto waiting_per_arrival = [&](bool late_let) {
    if (late_let) project.write("a3.iam", "let late = group(\"4c27d25a-9edb-4e85-9438-48dc8e917232\")\n" + grants +
                                          "in astra.prod { grant viewer to late }\n");
    iamc::frontend::Project loaded;
    iamc::DiagnosticSink sink;
    iamc::model::IncrementalResolver resolver(loaded, sink);
    std::vector<std::size_t> waiting;
    iamc::frontend::LoadOptions options;
    options.paths = {project.path()};
    options.file_added = [&](std::size_t files) {
      const std::size_t resolved = resolver.files_added(files);
      waiting.push_back(files - resolved);
      return resolved;
    };
    iamc::frontend::load_project(options, loaded, sink);
    iamc::model::Model model = resolver.finish();
    CHECK(loaded.grant_count() == 0);  // every file resolved before the end: every tree freed
    CHECK(model.bindings.size() == (late_let ? 6u : 5u));
    CHECK(resolver.grants() == model.bindings.size());
    CHECK_FALSE(sink.has_errors());
    return waiting;
  };
  // Every name is bound on arrival: nothing waits.
  CHECK(waiting_per_arrival(false) == std::vector<std::size_t>{0, 0, 0, 0, 0, 0});
  // a3.iam defines `late` before its grant that names it: still nothing waits.
  CHECK(waiting_per_arrival(true) == std::vector<std::size_t>{0, 0, 0, 0, 0, 0});
  // A name defined only in the last file holds every file from the first that uses it.
  project.write("a1.iam", "in astra.prod { grant viewer to later on everything }\n");
  project.write("a5.iam", "let later = group(\"4c27d25a-9edb-4e85-9438-48dc8e917233\")\n");
  CHECK(waiting_per_arrival(false) == std::vector<std::size_t>{0, 1, 2, 3, 4, 0});
}
