// A diagnostic is data: a code from codes.def, a severity, a span, a message, notes and fix-its.
// Stages append diagnostics to a DiagnosticSink; only the renderers turn them into text.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.hpp"

namespace iamc {

enum class Severity : std::uint8_t { Info, Warning, Error };

enum class DiagCode : std::uint16_t {
#define IAMC_DIAG(name, code, slug, severity, summary) name,
#include "diagnostics/codes.def"
#undef IAMC_DIAG
};

/// Static facts about a diagnostic code, from codes.def.
struct DiagInfo {
  DiagCode id;
  std::string_view code;     ///< "P002"
  std::string_view slug;     ///< "unterminated-string"
  Severity default_severity;
  std::string_view summary;
};

/// Every registered code, in codes.def order.
std::span<const DiagInfo> all_diag_infos();
const DiagInfo& diag_info(DiagCode code);
/// Looks a code up by its code ("P002") or slug ("unterminated-string").
std::optional<DiagCode> find_diag(std::string_view code_or_slug);

std::string_view severity_name(Severity s);

/// The documentation page of a code: docs/rules/<slug>.md for lint rules, else
/// docs/diagnostics/<code>.md; as a URL under the build's docs base (base/docs_url.hpp): the one
/// link SARIF (helpUri), JSON ("url"), the LSP (codeDescription) and `iamc --list-codes` give.
std::string doc_path(DiagCode code);  ///< "rules/duplicate-grant.md", relative to docs/
std::string doc_url(DiagCode code);
/// Whether the code is a lint rule (L001-L899), which .iamc.yaml and iamc-ignore can address.
bool is_lint_rule(DiagCode code);

struct Note {
  Span span;  ///< may be invalid for a note that points nowhere
  std::string message;
};

struct FixIt {
  Span span;
  std::string replacement;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  Span span;
  std::string message;
  std::vector<Note> notes;
  std::vector<FixIt> fixes;
  /// The input it is about cannot be used at all (an invalid .iamc.yaml): the run is a usage
  /// error, exit 2, not a finding (docs/cli.md, "Exit codes").
  bool unusable_input = false;
};

}  // namespace iamc
