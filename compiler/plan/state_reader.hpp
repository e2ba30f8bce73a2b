// Reads a state folder: STATE/<target>.<instance>.json per declared instance (the list
// endpoint's response, or a JSON array of successive pages) and, for Frontier,
// STATE/frontier.<instance>.roles.json. Every problem is a diagnostic (S001-S006) at the file
// and JSON path; the files join the SourceManager so the renderers can show them.
#pragma once

#include <filesystem>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "model/model.hpp"
#include "plan/state.hpp"

namespace iamc::plan {

/// Largest state file read (offsets are 32-bit; a million bindings take about 200 MB).
inline constexpr std::uintmax_t kMaxStateFileBytes = std::uintmax_t{1} << 30;
/// Problems reported per state file before the rest of it is skipped.
inline constexpr std::size_t kMaxProblemsPerFile = 20;

/// Reads the state of every target instance the model declares; a file for an instance it does
/// not declare, and a declared instance without a file, are errors.
State read_state(const std::filesystem::path& dir, const model::Model& model, SourceManager& sources,
                 DiagnosticSink& sink);

/// Reads every state file in the folder, declaring a target instance (without settings) for
/// each into `targets` (import: there are no sources yet).
State read_state_for_import(const std::filesystem::path& dir, std::vector<model::TargetInstance>& targets,
                            SourceManager& sources, DiagnosticSink& sink);

}  // namespace iamc::plan
