// Reading .iamc.yaml (see config.hpp).
#include "lint/config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "frontend/project.hpp"
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

bool glob_match(std::string_view pattern, std::string_view path) {
  // Iterative matcher with backtracking points for '*' (within a segment) and '**' (across).
  std::size_t p = 0, s = 0;
  std::size_t star_p = std::string_view::npos, star_s = 0;
  bool star_crosses = false;
  while (s < path.size()) {
    if (p + 1 < pattern.size() && pattern[p] == '*' && pattern[p + 1] == '*') {
      p += 2;
      if (p < pattern.size() && pattern[p] == '/') ++p;  // `**/` also matches zero segments
      star_p = p;
      star_s = s;
      star_crosses = true;
    } else if (p < pattern.size() && pattern[p] == '*') {
      ++p;
      star_p = p;
      star_s = s;
      star_crosses = false;
    } else if (p < pattern.size() && (pattern[p] == path[s] || (pattern[p] == '?' && path[s] != '/'))) {
      ++p;
      ++s;
    } else if (star_p != std::string_view::npos && (star_crosses || path[star_s] != '/')) {
      p = star_p;
      s = ++star_s;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
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

class ConfigReader {
 public:
  ConfigReader(Config& config, const SourceFile& file, DiagnosticSink& sink)
      : config_(config), file_(file), sink_(sink) {}

  void read() {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(file_.text()));
    } catch (const YAML::Exception& e) {
      error(e.mark, fmt::format("cannot parse the configuration: {}", e.msg));
      return;
    }
    if (!root || root.IsNull()) return;
    if (!root.IsMap()) {
      error(root.Mark(), "the configuration must be a map of settings");
      return;
    }
    static constexpr std::array<std::string_view, 4> kKeys = {"rules", "fail-level", "exclude", "unsuppressible"};
    for (const auto& entry : root) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "rules") {
        rules(value);
      } else if (key == "fail-level") {
        auto s = value.IsScalar() ? parse_severity(value.Scalar()) : std::nullopt;
        if (!s) {
          error(value.Mark(), "fail-level must be error, warning or info");
        } else {
          config_.fail_level = s;
        }
      } else if (key == "exclude") {
        for (const std::string& glob : string_list(value, "exclude")) config_.exclude.push_back(glob);
      } else if (key == "unsuppressible") {
        if (!value.IsSequence()) {
          error(value.Mark(), "unsuppressible must be a list of rule names");
          continue;
        }
        for (const auto& item : value) {
          if (const Rule* rule = rule_named(item)) config_.unsuppressible.push_back(rule->code());
        }
      } else {
        auto& d = error(entry.first.Mark(), fmt::format("unknown configuration key {}", iamc::quoted(key)));
        std::string_view guess = closest_match(key, kKeys);
        if (!guess.empty()) d.notes.push_back({{}, fmt::format("did you mean {}?", iamc::quoted(guess))});
      }
    }
  }

 private:
  Diagnostic& error(const YAML::Mark& mark, std::string message) {
    Span at{file_.id(), 0, 0};
    if (mark.line >= 0) {
      std::uint32_t offset = file_.line_start(static_cast<std::uint32_t>(mark.line) + 1);
      std::string_view line = file_.line_text(static_cast<std::uint32_t>(mark.line) + 1);
      // yaml-cpp columns count bytes of the line.
      offset += static_cast<std::uint32_t>(std::min<std::size_t>(static_cast<std::size_t>(std::max(0, mark.column)), line.size()));
      std::size_t len = 0;
      while (offset + len < file_.text().size() && file_.text()[offset + len] != '\n' &&
             file_.text()[offset + len] != ':' && file_.text()[offset + len] != ',' && len < 64) {
        ++len;
      }
      at = Span{file_.id(), offset, static_cast<std::uint32_t>(offset + std::max<std::size_t>(len, 1))};
    }
    return sink_.report(DiagCode::InvalidConfig, at, std::move(message));
  }

  const Rule* rule_named(const YAML::Node& node) {
    if (!node.IsScalar()) {
      error(node.Mark(), "expected a rule name");
      return nullptr;
    }
    const Rule* rule = find_rule(node.Scalar());
    if (rule == nullptr) {
      auto& d = error(node.Mark(), fmt::format("unknown lint rule {}", iamc::quoted(node.Scalar())));
      std::vector<std::string_view> names;
      for (const auto& r : all_rules()) names.push_back(diag_info(r->code()).slug);
      std::string_view guess = closest_match(node.Scalar(), names);
      if (!guess.empty()) d.notes.push_back({{}, fmt::format("did you mean {}?", iamc::quoted(guess))});
    }
    return rule;
  }

  std::vector<std::string> string_list(const YAML::Node& value, std::string_view what) {
    std::vector<std::string> out;
    if (!value.IsSequence()) {
      error(value.Mark(), fmt::format("{} must be a list of strings", what));
      return out;
    }
    for (const auto& item : value) {
      if (item.IsScalar()) {
        out.push_back(item.Scalar());
      } else {
        error(item.Mark(), fmt::format("{} must be a list of strings", what));
      }
    }
    return out;
  }

  // rules: { rule-name: off | on | error | warning | info | {enabled: bool, severity: s} }
  void rules(const YAML::Node& value) {
    if (!value.IsMap()) {
      error(value.Mark(), "rules must be a map of rule names to off, on, error, warning or info");
      return;
    }
    for (const auto& entry : value) {
      const Rule* rule = rule_named(entry.first);
      if (rule == nullptr) continue;
      RuleOverride& o = config_.rules[rule->code()];
      const YAML::Node& v = entry.second;
      if (v.IsScalar()) {
        std::string s = v.Scalar();
        if (s == "off" || s == "false") {
          o.enabled = false;
        } else if (s == "on" || s == "true") {
          o.enabled = true;
        } else if (auto sev = parse_severity(s)) {
          o.enabled = true;
          o.severity = sev;
        } else {
          error(v.Mark(), fmt::format("expected off, on, error, warning or info, not {}", iamc::quoted(s)));
        }
      } else if (v.IsMap()) {
        for (const auto& field : v) {
          std::string k = field.first.Scalar();
          if (k == "enabled" && field.second.IsScalar()) {
            o.enabled = field.second.as<bool>(true);
          } else if (k == "severity" && field.second.IsScalar() && parse_severity(field.second.Scalar())) {
            o.severity = parse_severity(field.second.Scalar());
          } else {
            error(field.first.Mark(), fmt::format("unknown or invalid rule setting {}: expected enabled: "
                                                  "true|false or severity: error|warning|info",
                                                  iamc::quoted(k)));
          }
        }
      } else {
        error(v.Mark(), "expected off, on, error, warning or info");
      }
    }
  }

  Config& config_;
  const SourceFile& file_;
  DiagnosticSink& sink_;
};

}  // namespace

Config load_config(const fs::path& file, SourceManager& sources, DiagnosticSink& sink) {
  Config config;
  config.file = file;
  config.root = frontend::project_root(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    sink.report(DiagCode::InvalidConfig, Span{},
                fmt::format("{}: cannot read the configuration", printable(file.string())));
    return config;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::error_code ec;
  fs::path shown = fs::proximate(file, ec);
  FileId id = sources.add((ec ? file : shown).generic_string(), buffer.str());
  ConfigReader(config, sources.file(id), sink).read();
  return config;
}

}  // namespace iamc::lint
