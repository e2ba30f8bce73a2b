// Collects diagnostics from every stage; sorts and counts them for the renderers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.hpp"

namespace iamc {

class DiagnosticSink {
 public:
  /// Reports a diagnostic with the code's default severity; returns it so notes can be added.
  Diagnostic& report(DiagCode code, Span span, std::string message);
  Diagnostic& report(DiagCode code, Severity severity, Span span, std::string message);

  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] std::size_t warning_count() const { return warnings_; }
  [[nodiscard]] std::size_t count(Severity s) const;
  [[nodiscard]] bool has_errors() const { return errors_ != 0; }
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  /// Orders by file, offset, then code, and drops exact duplicates (the same code, span and
  /// message reported twice, e.g. by a file reached through two includes).
  void sort_and_dedupe();
  /// Marks the errors reported since the sink held `first` diagnostics as making their input
  /// unusable (Diagnostic::unusable_input).
  void mark_unusable_input(std::size_t first) {
    for (std::size_t i = first; i < diagnostics_.size(); ++i) {
      if (diagnostics_[i].severity == Severity::Error) diagnostics_[i].unusable_input = true;
    }
  }
  /// Moves another sink's diagnostics into this one (used when files are checked in parallel).
  void absorb(DiagnosticSink&& other);

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

}  // namespace iamc
