// The *.iamtest.yaml schema (see test_file.hpp and docs/tests.md).
#include "testing/test_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "access/query.hpp"
#include "base/text.hpp"
#include "frontend/project.hpp"
#include "frontend/yaml_tree.hpp"

namespace iamc::testing {
namespace fs = std::filesystem;
namespace {

using frontend::YNode;

constexpr std::array<std::string_view, 2> kTopKeys = {"tests", "require"};
constexpr std::array<std::string_view, 16> kCaseKeys = {"name",     "who",      "what",     "on",    "role",  "target",
                                                        "missing",  "exactly",  "includes", "excludes", "only", "never",
                                                        "count",    "given",    "always",   "fails"};
constexpr std::array<std::string_view, 2> kGivenKeys = {"add", "remove"};
constexpr std::array<std::string_view, 4> kAddKeys = {"target", "to", "role", "on"};
constexpr std::array<std::string_view, 5> kRemoveKeys = {"target", "to", "role", "on", "id"};
constexpr std::array<std::string_view, 2> kCountKeys = {"min", "max"};
constexpr std::array<std::string_view, 3> kMissing = {"description", "title", "id"};

class Reader : public frontend::YamlView {
 public:
  Reader(const frontend::YamlTree& tree, TestFile& file, DiagnosticSink& sink)
      : YamlView(tree, file.file, sink), file_(file) {}

  void read() {
    if (tree_.root == frontend::kNoNode) return;
    const YNode& root = node(tree_.root);
    if (root.kind == YNode::Kind::Null) return;  // an empty document
    if (root.kind != YNode::Kind::Map) {
      sink_.report(DiagCode::YamlWrongType, span(root),
                   fmt::format("an access test file must be a map with 'tests' or 'require', found {}", found(root)));
      return;
    }
    for (const Entry& e : entries(root)) {
      if (e.key == "tests" || e.key == "require") {
        bool required = e.key == "require";
        for_each_map(e, "test case", [&](const YNode& m) { read_case(m, required); });
      } else {
        unknown_key(e, kTopKeys, "an access test file");
      }
    }
  }

 private:
  Diagnostic& invalid(Span at, std::string message) {
    return sink_.report(DiagCode::InvalidAccessTest, at, std::move(message));
  }

  // A non-empty string value, else Y002 and nothing.
  std::optional<std::string_view> text(const Entry& e, std::string_view expected) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar || v.text.empty()) {
      wrong_type(e, expected);
      return std::nullopt;
    }
    return v.text;
  }

  std::optional<bool> flag(const Entry& e) {
    bool value = false;
    if (!is_bool(node(e.value), value)) {
      wrong_type(e, "true or false");
      return std::nullopt;
    }
    return value;
  }

  // A string, or a list of strings (a single item may be written without brackets).
  bool strings(const Entry& e, ItemList& out) {
    out.given = true;
    out.span = e.key_span;
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Scalar && !v.text.empty()) {
      out.items.push_back(v.text);
      out.spans.push_back(span(v));
      return true;
    }
    if (v.kind != YNode::Kind::Seq) {
      wrong_type(e, "a list of names");
      return false;
    }
    for (std::uint32_t i = 0; i < v.count; ++i) {
      const YNode& item = node(kid(v, i));
      if (item.kind != YNode::Kind::Scalar || item.text.empty()) {
        sink_.report(DiagCode::YamlWrongType, is_empty(item) ? span(v) : span(item),
                     fmt::format("each item of {} must be a name, found {}", iamc::quoted(e.key), found(item)));
        return false;
      }
      out.items.push_back(item.text);
      out.spans.push_back(span(item));
    }
    return true;
  }

  // A scope as `iamc who --on` takes it, or `*` where any scope is meant.
  bool scope(std::string_view text, Span at, bool any_allowed) {
    if (any_allowed && text == "*") return true;
    access::ScopeQuery q;
    if (auto error = access::parse_scope_query(text, q)) {
      invalid(at, *error + (any_allowed ? ", or * for any scope" : ""));
      return false;
    }
    return true;
  }

  std::optional<std::uint64_t> number(const YNode& v, Span at) {
    std::uint64_t n = 0;
    if (v.kind == YNode::Kind::Scalar && v.plain && !v.text.empty()) {
      auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
      if (ec == std::errc() && end == v.text.data() + v.text.size()) return n;
    }
    invalid(at, "count must be a whole number, or {min: N, max: M}");
    return std::nullopt;
  }

  void read_count(const Entry& e, Case& c) {
    const YNode& v = node(e.value);
    CountBound bound;
    bound.span = value_span(e);
    if (v.kind == YNode::Kind::Map) {
      for (const Entry& f : entries(v)) {
        if (f.key == "min" || f.key == "max") {
          auto n = number(node(f.value), value_span(f));
          if (!n) return;
          (f.key == "min" ? bound.min : bound.max) = n;
        } else {
          unknown_key(f, kCountKeys, "a count");
        }
      }
      if (!bound.min && !bound.max) {
        invalid(bound.span, "a count range needs min, max or both");
        return;
      }
    } else {
      auto n = number(v, bound.span);
      if (!n) return;
      bound.min = bound.max = n;
    }
    c.count = bound;
  }

  void read_given(const Entry& e, Case& c) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Map) {
      wrong_type(e, "a map with add and remove");
      return;
    }
    for (const Entry& g : entries(v)) {
      if (g.key == "add") {
        for_each_map(g, "grant", [&](const YNode& m) { read_added(m, c); });
      } else if (g.key == "remove") {
        for_each_map(g, "grant pattern", [&](const YNode& m) { read_removed(m, c); });
      } else {
        unknown_key(g, kGivenKeys, "given");
      }
    }
  }

  void read_added(const YNode& m, Case& c) {
    AddedGrant g;
    g.span = span(m);
    std::vector<Entry> es = entries(m);
    for (const Entry& f : es) {
      auto value = std::find(kAddKeys.begin(), kAddKeys.end(), f.key) != kAddKeys.end() ? text(f, "a string")
                                                                                        : std::nullopt;
      if (f.key == "target" && value) {
        g.target = *value, g.target_span = value_span(f);
      } else if (f.key == "to" && value) {
        g.to = *value, g.to_span = value_span(f);
      } else if (f.key == "role" && value) {
        g.role = *value, g.role_span = value_span(f);
      } else if (f.key == "on" && value) {
        g.on = *value, g.on_span = value_span(f);
        if (!scope(g.on, g.on_span, false)) return;
      } else if (std::find(kAddKeys.begin(), kAddKeys.end(), f.key) == kAddKeys.end()) {
        unknown_key(f, kAddKeys, "an added grant");
      } else {
        return;  // reported by text()
      }
    }
    bool complete = true;
    for (std::string_view key : {"target", "to", "role"}) {
      bool has = std::any_of(es.begin(), es.end(), [&](const Entry& f) { return f.key == key; });
      if (!has) {
        missing_key(m, es, key, "an added grant");
        complete = false;
      }
    }
    if (complete) c.added.push_back(g);
  }

  void read_removed(const YNode& m, Case& c) {
    RemovedGrants r;
    r.span = span(m);
    for (const Entry& f : entries(m)) {
      if (std::find(kRemoveKeys.begin(), kRemoveKeys.end(), f.key) == kRemoveKeys.end()) {
        unknown_key(f, kRemoveKeys, "a removed grant pattern");
        return;
      }
      auto value = text(f, "a string");
      if (!value) return;
      if (f.key == "target") r.target = *value;
      if (f.key == "to") r.to = *value;
      if (f.key == "role") r.role = *value;
      if (f.key == "id") r.id = *value;
      if (f.key == "on") {
        r.on = *value;
        if (!scope(r.on, value_span(f), false)) return;
      }
    }
    if (r.target.empty() && r.to.empty() && r.role.empty() && r.on.empty() && r.id.empty()) {
      invalid(r.span, "a removed grant pattern needs at least one of target, to, role, on or id");
      return;
    }
    c.removed.push_back(r);
  }

  void read_case(const YNode& m, bool required) {
    Case c;
    c.span = span(m);
    c.always = required;
    bool ok = true;
    std::vector<Entry> es = entries(m);
    Span who_span, what_span;
    for (const Entry& e : es) {
      if (e.key == "name") {
        auto v = text(e, "the case's name");
        ok = ok && v.has_value();
        if (v) c.name = *v, c.name_span = value_span(e);
      } else if (e.key == "who" || e.key == "what") {
        auto v = text(e, e.key == "who" ? "a scope such as namespace:ID, everything or *" : "a subject such as a let name or user:ID");
        if (!v) {
          ok = false;
          continue;
        }
        (e.key == "who" ? who_span : what_span) = e.key_span;
        c.query = e.key == "who" ? QueryKind::Who : QueryKind::What;
        c.query_text = *v;
        c.query_span = value_span(e);
        if (e.key == "who") ok = scope(*v, c.query_span, true) && ok;
      } else if (e.key == "on") {
        auto v = text(e, "a scope such as namespace:ID");
        if (v) c.on = *v, c.on_span = value_span(e);
        ok = v && scope(*v, c.on_span, false) && ok;
      } else if (e.key == "role") {
        auto v = text(e, "a role name");
        if (v) c.role = *v, c.role_span = value_span(e);
        ok = ok && v.has_value();
      } else if (e.key == "target") {
        ItemList targets;
        ok = strings(e, targets) && ok;
        c.targets = targets.items;
      } else if (e.key == "missing") {
        auto v = text(e, "description, title or id");
        if (v && std::find(kMissing.begin(), kMissing.end(), *v) == kMissing.end()) {
          invalid(value_span(e), fmt::format("missing must be description, title or id, not {}", iamc::quoted(*v)));
          v.reset();
        }
        if (v) c.missing = *v, c.missing_span = value_span(e);
        ok = ok && v.has_value();
      } else if (e.key == "exactly" || e.key == "includes" || e.key == "excludes" || e.key == "only") {
        ItemList& list = e.key == "exactly" ? c.exactly : e.key == "includes" ? c.includes
                       : e.key == "excludes" ? c.excludes : c.only;
        ok = strings(e, list) && ok;
      } else if (e.key == "never") {
        auto v = flag(e);
        if (v) c.never = *v, c.never_span = e.key_span;
        ok = ok && v.has_value();
      } else if (e.key == "count") {
        read_count(e, c);
        ok = ok && c.count.has_value();
      } else if (e.key == "given") {
        std::size_t before = sink_.error_count();
        read_given(e, c);
        ok = ok && sink_.error_count() == before;
      } else if (e.key == "always" || e.key == "fails") {
        auto v = flag(e);
        if (v) (e.key == "always" ? c.always : c.fails) = *v || (e.key == "always" && required);
        ok = ok && v.has_value();
      } else {
        unknown_key(e, kCaseKeys, "a test case");
        ok = false;
      }
    }
    if (c.name.empty()) {
      if (!std::any_of(es.begin(), es.end(), [](const Entry& e) { return e.key == "name"; })) {
        missing_key(m, es, "name", "a test case");
      }
      return;
    }
    if (who_span.valid() && what_span.valid()) {
      invalid(what_span, fmt::format("test {} asks both who and what: give one query per case", iamc::quoted(c.name)));
      return;
    }
    if (!who_span.valid() && !what_span.valid()) {
      invalid(c.name_span, fmt::format("test {} has no query: add who: SCOPE or what: SUBJECT", iamc::quoted(c.name)));
      return;
    }
    if (c.on_span.valid() && c.query == QueryKind::Who) {
      invalid(c.on_span, "on narrows a what query; a who query names its scope itself");
      return;
    }
    bool expects = c.exactly.given || c.includes.given || c.excludes.given || c.only.given || c.never_span.valid() ||
                   c.count.has_value();
    if (!expects && ok) {
      invalid(c.name_span, fmt::format("test {} expects nothing: add exactly, includes, excludes, only, never or count",
                                       iamc::quoted(c.name)));
      return;
    }
    if (c.always && (!c.added.empty() || !c.removed.empty() || c.fails)) {
      invalid(c.name_span, fmt::format("test {} is required of every change, so it cannot have given or fails: "
                                       "write a separate case for what-if",
                                       iamc::quoted(c.name)));
      return;
    }
    for (const Case& other : file_.cases) {
      if (other.name == c.name) {
        auto& d = invalid(c.name_span, fmt::format("two tests in this file are named {}; give each its own name",
                                                   iamc::quoted(c.name)));
        d.notes.push_back({other.name_span, "the other one is here"});
        return;
      }
    }
    if (ok) file_.cases.push_back(std::move(c));
  }

  TestFile& file_;
};

}  // namespace

bool TestSuite::has_always() const {
  return std::any_of(files.begin(), files.end(), [](const TestFile& f) {
    return std::any_of(f.cases.begin(), f.cases.end(), [](const Case& c) { return c.always; });
  });
}

TestFile parse_test_file(const SourceFile& source, StringArena& arena, DiagnosticSink& sink) {
  TestFile file;
  file.file = source.id();
  file.path = source.path();
  if (!frontend::check_source_text(source, sink)) return file;
  frontend::read_yaml(source, arena, sink, [&](const frontend::YamlTree& tree) { Reader(tree, file, sink).read(); });
  return file;
}

TestSuite load_test_files(const std::vector<std::string>& paths, SourceManager& sources, DiagnosticSink& sink,
                          const std::function<bool(const fs::path&)>& excluded) {
  std::vector<fs::path> found;
  for (const std::string& arg : paths) {
    std::error_code ec;
    if (arg != "-" && fs::is_directory(arg, ec)) {
      for (fs::path& p : frontend::discover_tests(arg)) {
        if (!excluded || !excluded(fs::absolute(p))) found.push_back(std::move(p));
      }
    } else if (frontend::is_test_path(arg)) {
      found.emplace_back(arg);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end(),
                          [](const fs::path& a, const fs::path& b) { return a.lexically_normal() == b.lexically_normal(); }),
              found.end());
  TestSuite suite;
  for (const fs::path& p : found) {
    std::string text;
    bool too_large = false;
    std::string shown = p.lexically_normal().generic_string();
    if (auto error = frontend::read_file(p, text, too_large)) {
      sink.report(too_large ? DiagCode::FileTooLarge : DiagCode::FileUnreadable, Span{},
                  fmt::format("{}: {}", display_text(shown), *error));
      continue;
    }
    FileId id = sources.add(shown, std::move(text));
    suite.files.push_back(parse_test_file(sources.file(id), suite.arena, sink));
  }
  return suite;
}

}  // namespace iamc::testing
