// Reading .iamc.yaml (see config.hpp).
#include "lint/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>
#include <array>
#include <fstream>
#include <sstream>

#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "frontend/project.hpp"
#include "frontend/yaml_tree.hpp"
#include "lint/registry.hpp"

namespace iamc::lint {
namespace fs = std::filesystem;

std::optional<Severity> parse_severity(std::string_view name) {
  if (name == "error") return Severity::Error;
  if (name == "warning") return Severity::Warning;
  if (name == "info") return Severity::Info;
  return std::nullopt;
}

bool Config::enabled(DiagCode rule, bool by_default) const {
  auto it = rules.find(rule);
  return it != rules.end() && it->second.enabled ? *it->second.enabled : by_default;
}

Severity Config::severity(DiagCode rule) const {
  auto it = rules.find(rule);
  return it != rules.end() && it->second.severity ? *it->second.severity : diag_info(rule).default_severity;
}

bool Config::is_unsuppressible(DiagCode rule) const {
  return std::find(unsuppressible.begin(), unsuppressible.end(), rule) != unsuppressible.end();
}

namespace {

// One path segment against one pattern segment: '*' any run of characters, '?' one character.
bool segment_match(std::string_view pattern, std::string_view name) {
  return wildcard_match(pattern, name, /*question_mark=*/true);
}

std::vector<std::string_view> segments(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = text.find('/', start);
    out.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  // Segment by segment: a `**` segment matches any number of whole segments (zero included),
  // any other segment one path segment. The same last-star retry as within a segment, one level
  // up: when a later segment fails, the latest `**` takes one more path segment and the pattern
  // after it is tried again, so `**/gen*/skip.iam` finds gen2 in gen1/x/gen2/skip.iam.
  return last_star_match(
      segments(pattern), segments(path), [](std::string_view segment) { return segment == "**"; },
      [](std::string_view pattern_segment, std::string_view name) { return segment_match(pattern_segment, name); });
}

bool Config::excluded(const fs::path& path) const {
  if (exclude.empty()) return false;
  // Both sides canonical: the root is (find_config_file), and a path given through a symbolic
  // link must match the same patterns.
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  std::string rel = (ec ? path : canonical).lexically_relative(root).generic_string();
  if (rel.empty() || rel.rfind("..", 0) == 0) return false;
  return std::any_of(exclude.begin(), exclude.end(), [&](const std::string& g) { return glob_match(g, rel); });
}

std::optional<fs::path> find_config(const std::vector<std::string>& paths) {
  std::error_code ec;
  fs::path start = paths.empty() || paths.front() == "-" ? fs::current_path(ec) : fs::path(paths.front());
  return frontend::find_config_file(start);
}

namespace {

// .iamc.yaml through the same YAML layer as *.iam.yaml (frontend/yaml_tree.hpp): the same
// positions, limits, syntax errors, duplicate keys (Y003), wrong types (Y002), unknown keys with
// did-you-mean (Y004) and strict booleans. What only a configuration can get wrong (an unknown
// rule, a severity that is not one) is L910.
class ConfigReader : public frontend::YamlView {
 public:
  ConfigReader(const frontend::YamlTree& tree, Config& config, const SourceFile& file, DiagnosticSink& sink)
      : YamlView(tree, file.id(), sink), config_(config) {}

  void read() {
    if (tree_.root == frontend::kNoNode) return;
    const frontend::YNode& root = node(tree_.root);
    if (root.kind == frontend::YNode::Kind::Null) return;  // an empty configuration
    if (root.kind != frontend::YNode::Kind::Map) {
      error(span(root), fmt::format("the configuration must be a map of settings, found {}", found(root)));
      return;
    }
    static constexpr std::array<std::string_view, 7> kKeys = {"rules",     "fail-level", "exclude",   "unsuppressible",
                                                              "unmanaged", "sources",    "invariants"};
    for (const Entry& e : entries(root)) {
      if (e.key == "rules") {
        rules(e);
      } else if (e.key == "fail-level") {
        const frontend::YNode& v = node(e.value);
        auto s = v.kind == frontend::YNode::Kind::Scalar ? parse_severity(v.text) : std::nullopt;
        if (!s) {
          error(value_span(e), "fail-level must be error, warning or info");
        } else {
          config_.fail_level = s;
        }
      } else if (e.key == "exclude") {
        for (std::string_view glob : string_list(e)) config_.exclude.emplace_back(glob);
      } else if (e.key == "sources") {
        for (const frontend::YNode* item : list(e, "a list of files or folders")) {
          if (item->kind != frontend::YNode::Kind::Scalar || item->text.empty()) {
            sink_.report(DiagCode::YamlWrongType, span(*item),
                         fmt::format("each source must be a file or folder path, found {}", found(*item)));
            continue;
          }
          fs::path path(std::string(item->text));
          fs::path relative = path.lexically_normal();
          if (path.is_absolute() || (!relative.empty() && *relative.begin() == "..")) {
            error(span(*item), fmt::format("source {} leaves the project: name files or folders below the "
                                           "directory of .iamc.yaml", iamc::quoted(item->text)));
            continue;
          }
          config_.sources.push_back({std::string(item->text), span(*item)});
        }
      } else if (e.key == "unsuppressible") {
        for (const frontend::YNode* item : list(e, "a list of rule names")) {
          if (item->kind != frontend::YNode::Kind::Scalar) {
            sink_.report(DiagCode::YamlWrongType, span(*item), fmt::format("expected a rule name, found {}", found(*item)));
          } else if (const Rule* rule = rule_named(item->text, span(*item))) {
            config_.unsuppressible.push_back(rule->code());
          }
        }
      } else if (e.key == "unmanaged") {
        unmanaged(e);
      } else if (e.key == "invariants") {
        const frontend::YNode& v = node(e.value);
        bool flag = false;
        auto s = v.kind == frontend::YNode::Kind::Scalar ? parse_severity(v.text) : std::nullopt;
        if (s) {
          config_.invariant_severity = s;
        } else if (v.kind == frontend::YNode::Kind::Scalar && v.text == "off") {
          config_.invariants_enabled = false;
        } else if (is_bool(v, flag)) {
          config_.invariants_enabled = flag;
        } else {
          error(value_span(e), "invariants must be error, warning, info or off");
        }
      } else {
        unknown_key(e, kKeys, "the configuration");
      }
    }
  }

 private:
  Diagnostic& error(Span at, std::string message) { return sink_.report(DiagCode::InvalidConfig, at, std::move(message)); }

  // The items of a list (a null value is an empty list); anything else is Y002.
  std::vector<const frontend::YNode*> list(const Entry& e, std::string_view expected) {
    std::vector<const frontend::YNode*> out;
    const frontend::YNode& v = node(e.value);
    if (v.kind == frontend::YNode::Kind::Null) return out;
    if (v.kind != frontend::YNode::Kind::Seq) {
      wrong_type(e, expected);
      return out;
    }
    for (std::uint32_t i = 0; i < v.count; ++i) out.push_back(&node(kid(v, i)));
    return out;
  }

  std::vector<std::string_view> string_list(const Entry& e) {
    std::vector<std::string_view> out;
    for (const frontend::YNode* item : list(e, "a list of strings")) {
      if (item->kind == frontend::YNode::Kind::Scalar) {
        out.push_back(item->text);
      } else {
        sink_.report(DiagCode::YamlWrongType, span(*item),
                     fmt::format("each item of {} must be a string, found {}", iamc::quoted(e.key), found(*item)));
      }
    }
    return out;
  }

  // unmanaged: [{target: astra.prod, principal: "...", role: owner, id: "..."}, ...]
  void unmanaged(const Entry& e) {
    auto bad = [&](Span at, std::string message) {
      sink_.report(DiagCode::InvalidUnmanagedPattern, at, std::move(message));
    };
    const frontend::YNode& v = node(e.value);
    if (v.kind == frontend::YNode::Kind::Null) return;
    if (v.kind != frontend::YNode::Kind::Seq) {
      bad(value_span(e), "unmanaged must be a list of patterns such as {principal: \"…\", role: owner}");
      return;
    }
    for (std::uint32_t i = 0; i < v.count; ++i) {
      const frontend::YNode& item = node(kid(v, i));
      if (item.kind != frontend::YNode::Kind::Map || item.count == 0) {
        bad(span(item), "an unmanaged pattern must be a map with target, principal, role or id");
        continue;
      }
      UnmanagedPattern p;
      p.span = span(item);
      bool ok = true;
      for (const Entry& field : entries(item)) {
        std::string* slot = field.key == "target" ? &p.target : field.key == "principal" ? &p.principal
                          : field.key == "role" ? &p.role : field.key == "id" ? &p.id : nullptr;
        const frontend::YNode& fv = node(field.value);
        if (slot == nullptr) {
          bad(field.key_span, fmt::format("unknown unmanaged pattern key {}: expected target, principal, role or id",
                                          iamc::quoted(field.key)));
          ok = false;
        } else if (fv.kind != frontend::YNode::Kind::Scalar || fv.text.empty()) {
          bad(span(fv), fmt::format("the pattern's {} must be a non-empty string", field.key));
          ok = false;
        } else {
          *slot = std::string(fv.text);
        }
      }
      if (ok) config_.unmanaged.push_back(std::move(p));
    }
  }

  const Rule* rule_named(std::string_view name, Span at) {
    const Rule* rule = find_rule(name);
    if (rule == nullptr) {
      auto& d = error(at, fmt::format("unknown lint rule {}", iamc::quoted(name)));
      std::vector<std::string_view> names;
      for (const auto& r : all_rules()) names.push_back(diag_info(r->code()).slug);
      std::string_view guess = closest_match(name, names);
      if (!guess.empty()) {
        d.notes.push_back({{}, fmt::format("did you mean {}?", iamc::quoted(guess))});
        d.fixes.push_back({at, std::string(guess)});
      }
    }
    return rule;
  }

  // rules: { rule-name: off | on | error | warning | info | {enabled: bool, severity: s} }
  void rules(const Entry& e) {
    const frontend::YNode& map = node(e.value);
    if (map.kind == frontend::YNode::Kind::Null) return;
    if (map.kind != frontend::YNode::Kind::Map) {
      wrong_type(e, "a map of rule names to off, on, error, warning or info");
      return;
    }
    for (const Entry& rule_entry : entries(map)) {
      const Rule* rule = rule_named(rule_entry.key, rule_entry.key_span);
      if (rule == nullptr) continue;
      RuleOverride& o = config_.rules[rule->code()];
      const frontend::YNode& v = node(rule_entry.value);
      bool flag = false;
      if (is_bool(v, flag)) {
        o.enabled = flag;
      } else if (v.kind == frontend::YNode::Kind::Scalar) {
        if (v.text == "off") {
          o.enabled = false;
        } else if (v.text == "on") {
          o.enabled = true;
        } else if (auto sev = parse_severity(v.text)) {
          o.enabled = true;
          o.severity = sev;
        } else {
          error(span(v), fmt::format("expected off, on, error, warning or info, not {}", iamc::quoted(v.text)));
        }
      } else if (v.kind == frontend::YNode::Kind::Map) {
        static constexpr std::array<std::string_view, 2> kRuleKeys = {"enabled", "severity"};
        for (const Entry& field : entries(v)) {
          const frontend::YNode& fv = node(field.value);
          if (field.key == "enabled") {
            if (!is_bool(fv, flag)) {
              wrong_type(field, "true or false");
            } else {
              o.enabled = flag;
            }
          } else if (field.key == "severity") {
            auto sev = fv.kind == frontend::YNode::Kind::Scalar ? parse_severity(fv.text) : std::nullopt;
            if (!sev) {
              error(value_span(field), "severity must be error, warning or info");
            } else {
              o.severity = sev;
            }
          } else {
            unknown_key(field, kRuleKeys, "a rule's settings");
          }
        }
      } else {
        error(value_span(rule_entry), "expected off, on, error, warning or info");
      }
    }
  }

  Config& config_;
};

}  // namespace

Config load_config(const fs::path& file, SourceManager& sources, DiagnosticSink& sink) {
  Config config;
  config.file = file;
  config.root = frontend::project_root(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    sink.report(DiagCode::InvalidConfig, Span{},
                fmt::format("{}: cannot read the configuration", display_text(file.string())));
    return config;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::error_code ec;
  fs::path shown = fs::proximate(file, ec);
  return read_config(file, (ec ? file : shown).generic_string(), buffer.str(), sources, sink);
}

Config read_config(const fs::path& file, std::string shown_name, std::string text, SourceManager& sources,
                   DiagnosticSink& sink) {
  Config config;
  config.file = file;
  config.root = frontend::project_root(file);
  FileId id = sources.add(std::move(shown_name), std::move(text));
  const SourceFile& source = sources.file(id);
  // Any error in the configuration (its YAML, its text, its settings) is a configuration error:
  // exit 2, as docs/cli.md says, whichever reader found it.
  const std::size_t first = sink.diagnostics().size();
  if (frontend::check_source_text(source, sink)) {  // NUL bytes, invalid UTF-8
    StringArena arena;  // unescaped scalars; the configuration keeps copies of what it needs
    frontend::read_yaml(source, arena, sink, [&](const frontend::YamlTree& tree) {
      ConfigReader(tree, config, source, sink).read();
    });
  }
  sink.mark_unusable_input(first);
  return config;
}

}  // namespace iamc::lint
