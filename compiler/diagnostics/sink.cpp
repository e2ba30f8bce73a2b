// The diagnostic registry and the sink (see diagnostic.hpp, sink.hpp).
#include "diagnostics/sink.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "base/docs_url.hpp"

namespace iamc {
namespace {

constexpr std::array kDiagInfos = {
#define IAMC_DIAG(name, code, slug, severity, summary) \
  DiagInfo{DiagCode::name, code, slug, Severity::severity, summary},
#include "diagnostics/codes.def"
#undef IAMC_DIAG
};

}  // namespace

std::span<const DiagInfo> all_diag_infos() { return kDiagInfos; }

const DiagInfo& diag_info(DiagCode code) { return kDiagInfos[static_cast<std::size_t>(code)]; }

std::optional<DiagCode> find_diag(std::string_view code_or_slug) {
  for (const auto& info : kDiagInfos) {
    if (info.code == code_or_slug || info.slug == code_or_slug) return info.id;
  }
  return std::nullopt;
}

bool is_lint_rule(DiagCode code) {
  std::string_view c = diag_info(code).code;
  return c.size() == 4 && c[0] == 'L' && c[1] != '9';
}

std::string doc_path(DiagCode code) {
  const DiagInfo& info = diag_info(code);
  return is_lint_rule(code) ? "rules/" + std::string(info.slug) + ".md"
                            : "diagnostics/" + std::string(info.code) + ".md";
}

std::string doc_url(DiagCode code) { return docs_url(doc_path(code)); }

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

Diagnostic& DiagnosticSink::report(DiagCode code, Span span, std::string message) {
  return report(code, diag_info(code).default_severity, span, std::move(message));
}

Diagnostic& DiagnosticSink::report(DiagCode code, Severity severity, Span span,
                                   std::string message) {
  if (severity == Severity::Error) ++errors_;
  if (severity == Severity::Warning) ++warnings_;
  return diagnostics_.emplace_back(Diagnostic{code, severity, span, std::move(message), {}, {}});
}

std::size_t DiagnosticSink::count(Severity s) const {
  return static_cast<std::size_t>(std::count_if(diagnostics_.begin(), diagnostics_.end(),
                                                [s](const Diagnostic& d) { return d.severity == s; }));
}

void DiagnosticSink::sort_and_dedupe() {
  auto key = [](const Diagnostic& d) {
    return std::tie(d.span.file, d.span.begin, d.span.end, d.code, d.message);
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto last = std::unique(diagnostics_.begin(), diagnostics_.end(),
                          [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); });
  diagnostics_.erase(last, diagnostics_.end());
  errors_ = count(Severity::Error);
  warnings_ = count(Severity::Warning);
}

void DiagnosticSink::absorb(DiagnosticSink&& other) {
  for (auto& d : other.diagnostics_) diagnostics_.push_back(std::move(d));
  errors_ += other.errors_;
  warnings_ += other.warnings_;
  other.diagnostics_.clear();
  other.errors_ = other.warnings_ = 0;
}

}  // namespace iamc
