// .iamc.yaml: which lint rules run and how severe they are, paths to exclude, the fail level,
// and rules that inline comments may not silence.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"

namespace iamc::lint {

struct RuleOverride {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
};

/// An `unmanaged:` entry: live bindings it matches are never touched by a plan. Every field given
/// must match (globs: `*` and `?`); at least one is given.
struct UnmanagedPattern {
  std::string target;     ///< "kind" or "kind.instance"
  std::string principal;  ///< the principal's id (Connhex: a member string)
  std::string role;
  std::string id;         ///< the live binding's id
  Span span;              ///< the entry in .iamc.yaml
};

/// A `sources:` entry: a file or folder, relative to the configuration's directory.
struct SourceEntry {
  std::string path;
  Span span;  ///< the entry in .iamc.yaml
};

struct Config {
  std::filesystem::path file;  ///< empty when no configuration was found
  std::filesystem::path root;  ///< the directory the configuration applies to
  std::map<DiagCode, RuleOverride> rules;
  std::optional<Severity> fail_level;
  std::vector<std::string> exclude;  ///< globs relative to `root` (`*`, `?`, `**`)
  std::vector<DiagCode> unsuppressible;
  std::vector<UnmanagedPattern> unmanaged;  ///< for `iamc plan`
  /// The project's entry files and folders (`sources:`); empty: every source below `root`.
  std::vector<SourceEntry> sources;
  /// `invariants:` how `check`, `plan` and the editor report a failing required access test
  /// (T001): a severity, or off (`invariants_enabled` false). Empty: T001's default, error.
  std::optional<Severity> invariant_severity;
  bool invariants_enabled = true;

  [[nodiscard]] bool enabled(DiagCode rule, bool by_default) const;
  [[nodiscard]] Severity severity(DiagCode rule) const;
  [[nodiscard]] bool is_unsuppressible(DiagCode rule) const;
  /// Whether an absolute path matches an `exclude` glob.
  [[nodiscard]] bool excluded(const std::filesystem::path& path) const;
};

/// The nearest `.iamc.yaml` at or above the first checked path, if any.
std::optional<std::filesystem::path> find_config(const std::vector<std::string>& paths);

/// Reads a configuration; problems are reported as L910 with positions in the file, which is
/// added to `sources`.
Config load_config(const std::filesystem::path& file, SourceManager& sources, DiagnosticSink& sink);
/// The same for text already read (`shown_name` names it in messages); the fuzzer's entry.
Config read_config(const std::filesystem::path& file, std::string shown_name, std::string text,
                   SourceManager& sources, DiagnosticSink& sink);

/// Glob matching on '/'-separated paths: `*` and `?` stay within a segment, `**` spans segments.
bool glob_match(std::string_view pattern, std::string_view path);

/// "error", "warning", "info" -> Severity.
std::optional<Severity> parse_severity(std::string_view name);

}  // namespace iamc::lint
