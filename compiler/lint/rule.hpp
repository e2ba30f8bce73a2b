// What a lint rule is: a code from codes.def (its id, name and summary) and a run() over the
// checked model. Rules never print, never read configuration and never look for suppression
// comments: lint.cpp does all of that in one place (cf. clang-tidy's NoLintDirectiveHandler).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.hpp"
#include "frontend/project.hpp"
#include "model/model.hpp"

namespace iamc::lint {

struct LintContext {
  const model::Model& model;
  const frontend::Project& project;
  /// Some statement failed to parse, so the model lacks it: rules that reason about absence
  /// (unused definitions) would report false findings and stay quiet instead.
  bool sources_incomplete = false;
  /// Threads the rules may run on (-j): rules only read the model and the project, and their
  /// findings are applied in rule order afterwards, so the result is the same for any count.
  unsigned threads = 1;
};

/// A finding before configuration and suppressions are applied. `statement` is the whole grant
/// or policy the finding is about, so a suppression comment above a multi-line grant applies.
struct Finding {
  Diagnostic diagnostic;
  Span statement;
};

/// Collects one rule's findings, stamped with the rule's code and default severity.
class Findings {
 public:
  explicit Findings(DiagCode code) : code_(code) {}
  Diagnostic& report(Span span, Span statement, std::string message);
  std::vector<Finding>& items() { return items_; }

 private:
  DiagCode code_;
  std::vector<Finding> items_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  [[nodiscard]] virtual DiagCode code() const = 0;
  /// Rules that are noisy by nature (info level) start disabled; .iamc.yaml turns them on.
  [[nodiscard]] virtual bool enabled_by_default() const { return true; }
  /// Why the rule matters for access control, in two or three sentences (SARIF fullDescription;
  /// docs/rules/<name>.md says more).
  [[nodiscard]] virtual std::string_view rationale() const = 0;
  /// Whether the rule groups every grant by a key (duplicate-grant, redundant-grant): the
  /// longest rules by far, which run_lint starts first on several threads, so that no thread is
  /// left alone with one of them at the end while the others have nothing to do.
  [[nodiscard]] virtual bool groups_every_grant() const { return false; }
  virtual void run(const LintContext& context, Findings& findings) const = 0;
};

}  // namespace iamc::lint
