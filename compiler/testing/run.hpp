// Running access test cases against the effective-access model (access/): each case's query is
// `iamc who`/`what` (access/query.hpp, one implementation) over the model's access, changed by
// the case's `given:`; its expectations are checked against the answer, and a failing one keeps
// the access responsible, so a report can point at the grants that break the rule.
#pragma once

#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "access/access.hpp"
#include "testing/test_file.hpp"

namespace iamc::testing {

/// One expectation that does not hold (or, for a `fails: true` case, that all of them held).
struct Failure {
  std::string expected;  ///< "only [astra_sre]", "count 2", "never"
  std::string found;     ///< what the answer has that breaks it, or "nothing"
  /// The access responsible, one per grant (empty when something expected is missing). Copies:
  /// a case's `given:` access lives only while the case runs, and reports are written after.
  std::vector<access::Access> culprits;
};

struct CaseResult {
  const TestFile* file = nullptr;
  const Case* test = nullptr;
  bool passed = false;
  std::vector<Failure> failures;
  /// The answer: subjects (who) or `target: role on scope` (what), sorted, each once.
  std::vector<std::string> answer;
  /// A name or scope the case gives that the project does not have (the case fails with it).
  std::string problem;
  Span problem_span;
};

class Runner {
 public:
  explicit Runner(const access::AccessModel& model);

  [[nodiscard]] CaseResult run(const TestFile& file, const Case& test);
  /// Whether `item` (a name, KIND:ID, KIND:glob, `everyone` or `*`) names the principal.
  [[nodiscard]] bool subject_matches(std::string_view item, const model::Principal& p) const;

 private:
  bool known_subject(std::string_view item) const;
  /// subject_matches and the subject's name, remembered per principal (Access::subject) across
  /// cases: a principal is in many grants, and every case asks again.
  bool subject_is(std::string_view item, const access::Access& a);
  const std::string& name_of(const access::Access& a);
  /// The number of a principal a `given:` adds: the model's, else a new one.
  std::uint32_t subject_number(const model::Principal& p);
  /// The access the case is asked about: the model's, or a copy changed by `given:`.
  std::span<const access::Access> entries_for(const Case& test, std::vector<access::Access>& changed,
                                              CaseResult& result);
  bool matches_scope_item(std::string_view item, const access::Access& a) const;

  const access::AccessModel& model_;
  /// `let` name -> the principal keys its value holds, through lists and other lets.
  std::unordered_map<std::string_view, std::unordered_set<std::string>> let_members_;
  struct KeyHash {
    std::size_t operator()(const lint::PrincipalKey& k) const { return lint::hash_of(k); }
  };
  std::unordered_map<std::string_view, std::vector<std::int8_t>> named_;  ///< item -> per principal: -1 not yet asked
  std::vector<std::string> names_;
  std::vector<char> has_name_;
  std::unordered_map<lint::PrincipalKey, std::uint32_t, KeyHash> added_subjects_;
  std::deque<model::Principal> principals_;  ///< principals of grants added by `given:`
  std::deque<model::Scope> scopes_;
  std::deque<std::string> texts_;
};

/// The scope as `iamc who --on` spells it: `namespace:ID`, `label:k=v`, `everything`, ...
std::string scope_query_text(const access::Access& a);

}  // namespace iamc::testing
