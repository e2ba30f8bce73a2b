// Access test files (*.iamtest.yaml, docs/tests.md): named cases, each one query over effective
// access (the subject and scope syntax of `iamc who`/`what`) and what its answer must be. Read
// through the project's one YAML layer (frontend/yaml_tree.hpp), so positions, limits and the
// wording of shape errors (Y002-Y005) are those of every other YAML file iamc reads; what only a
// test can get wrong (a scope or subject iamc cannot parse, no expectation) is T002.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/arena.hpp"
#include "base/source.hpp"
#include "diagnostics/sink.hpp"

namespace iamc::testing {

/// What a case asks.
enum class QueryKind : std::uint8_t {
  Who,   ///< `who: SCOPE` (or `*`, any scope): the subjects with access; items are subjects
  What,  ///< `what: SUBJECT`: the scopes it reaches; items are scopes
};

/// `count: N` or `count: {min: A, max: B}`.
struct CountBound {
  std::optional<std::uint64_t> min, max;
  Span span;
};

/// A list of subjects (who) or scopes (what) in an expectation, each with where it is written.
struct ItemList {
  std::vector<std::string_view> items;
  std::vector<Span> spans;
  Span span;  ///< the key
  bool given = false;
};

/// A grant a `given:` adds for the case: `{target: astra.prod, to: user:ID, role: admin, on: SCOPE}`.
struct AddedGrant {
  std::string_view target, to, role, on;  ///< `on` empty: no `on` clause
  Span span, to_span, role_span, on_span, target_span;
};

/// What a `given:` removes: every access matching all the fields written (at least one).
struct RemovedGrants {
  std::string_view target, to, role, on, id;
  Span span;
};

struct Case {
  std::string_view name;
  Span span;       ///< the case's map
  Span name_span;  ///< its name, where diagnostics about it point
  QueryKind query = QueryKind::Who;
  std::string_view query_text;  ///< the scope (who) or subject (what)
  Span query_span;
  std::string_view on;  ///< what: only access reaching this scope (empty: any)
  Span on_span;
  std::string_view role;  ///< this role or stronger in each target's order (empty: any)
  Span role_span;
  std::vector<std::string_view> targets;  ///< kinds or instances (empty: every instance)
  std::string_view missing;  ///< `missing: description|title|id`: only grants without it
  Span missing_span;
  ItemList exactly, includes, excludes, only;
  bool never = false;
  Span never_span;
  std::optional<CountBound> count;
  std::vector<AddedGrant> added;
  std::vector<RemovedGrants> removed;
  bool always = false;  ///< also an invariant of `iamc check` and `iamc plan` (T001)
  bool fails = false;   ///< the expectations must not hold (a test that a rule catches a change)
};

struct TestFile {
  FileId file = 0;
  std::string path;
  std::vector<Case> cases;
};

/// The test files of a run and the text they point into.
struct TestSuite {
  std::vector<TestFile> files;
  StringArena arena;  ///< scalars libyaml had to unescape
  [[nodiscard]] bool has_always() const;
};

/// Every test file named by `paths` (a *.iamtest.yaml file, or a directory searched as for
/// sources), read into `sources` and parsed; problems go to `sink` (I001/I002/I003/I004, Y-codes,
/// T002). `excluded` (the configuration's `exclude`) skips files found in directories.
TestSuite load_test_files(const std::vector<std::string>& paths, SourceManager& sources, DiagnosticSink& sink,
                          const std::function<bool(const std::filesystem::path&)>& excluded = {});

/// Parses one test file already in `sources`. Scalars libyaml unescaped live in `arena`.
TestFile parse_test_file(const SourceFile& source, StringArena& arena, DiagnosticSink& sink);

}  // namespace iamc::testing
