// Running access test cases (see run.hpp).
#include "testing/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "access/query.hpp"
#include "base/text.hpp"
#include "catalog/catalog.hpp"
#include "lint/privilege.hpp"

namespace iamc::testing {
namespace {

using access::Access;
using access::Match;

// `*` any run of characters, everything else literally (`?` is a character of some ids).
bool glob(std::string_view pattern, std::string_view text) { return wildcard_match(pattern, text, /*question_mark=*/false); }

std::string list_text(const ItemList& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    if (i != 0) out += ", ";
    out += list.items[i];
  }
  return out + "]";
}

std::string join(const std::vector<std::string>& items) {
  if (items.empty()) return "nothing";
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// One entry per grant and principal (the first access of each: a grant on two scopes is one
// cause), in source order.
std::vector<Access> per_grant(std::vector<const Access*> access) {
  auto key = [](const Access* a) { return std::tuple(a->source.file, a->source.begin, a->principal); };
  std::stable_sort(access.begin(), access.end(), [&](const Access* a, const Access* b) { return key(a) < key(b); });
  access.erase(std::unique(access.begin(), access.end(), [&](const Access* a, const Access* b) { return key(a) == key(b); }),
               access.end());
  std::vector<Access> copies;
  copies.reserve(access.size());
  for (const Access* a : access) copies.push_back(*a);
  return copies;
}

bool lacks(const Access& a, std::string_view attribute) {
  if (a.binding == nullptr) return a.policy == nullptr;  // a policy always has its id and name
  if (attribute == "description") return a.binding->description().empty();
  if (attribute == "title") return a.binding->title().empty();
  return a.binding->id.empty();
}

}  // namespace

std::string scope_query_text(const Access& a) {
  if (!a.scope.key.present) return "(no scope)";
  model::ScopeKind kind = a.scope.key.kind;
  if (kind == model::ScopeKind::NamespaceLabel) return fmt::format("label:{}", a.scope.key.id);
  if (a.scope.key.id.empty()) return std::string(model::scope_kind_name(kind));
  return fmt::format("{}:{}", model::scope_kind_name(kind), a.scope.key.id);
}

Runner::Runner(const access::AccessModel& model) : model_(model) {
  std::unordered_map<std::string_view, const ast::Expr*> values;
  for (const model::Definition& d : model.model().definitions) {
    if (d.value != nullptr) values.emplace(d.name, d.value);
  }
  // The principals a let's value holds: calls, lists of them, and other lets (at most 32 deep;
  // the resolver has already refused cycles and reported deeper ones).
  std::function<void(const ast::Expr&, std::unordered_set<std::string>&, int)> collect =
      [&](const ast::Expr& e, std::unordered_set<std::string>& out, int depth) {
        if (depth > 32) return;
        if (e.kind == ast::Expr::Kind::Call) {
          if (std::string key = access::principal_key_of_call(e); !key.empty()) out.insert(std::move(key));
        } else if (e.kind == ast::Expr::Kind::List) {
          for (const ast::Arg& item : e.items) collect(item.value, out, depth + 1);
        } else if (e.kind == ast::Expr::Kind::Name) {
          if (auto it = values.find(e.text); it != values.end()) collect(*it->second, out, depth + 1);
        }
      };
  for (const auto& [name, value] : values) {
    std::unordered_set<std::string> members;
    collect(*value, members, 0);
    if (!members.empty()) let_members_.emplace(name, std::move(members));
  }
}

bool Runner::subject_matches(std::string_view item, const model::Principal& p) const {
  if (item == "*") return true;
  if (item.find('*') != std::string_view::npos) {
    std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return false;
    return item.substr(0, colon) == model::principal_kind_name(p.kind) && glob(item.substr(colon + 1), p.id);
  }
  if (std::size_t colon = item.find(':'); colon != std::string_view::npos) {
    // KIND:ID: no identity or let name has a colon, so no alias lookup is needed.
    return item.substr(0, colon) == model::principal_kind_name(p.kind) && item.substr(colon + 1) == p.id;
  }
  if (model_.names_subject(item, p)) return true;
  auto it = let_members_.find(item);
  return it != let_members_.end() && it->second.contains(access::principal_key_text(p));
}

bool Runner::subject_is(std::string_view item, const Access& a) {
  std::vector<std::int8_t>& known = named_[item];
  if (known.size() <= a.subject) known.resize(std::max<std::size_t>(a.subject + 1, model_.subject_count()), -1);
  if (known[a.subject] < 0) known[a.subject] = subject_matches(item, *a.principal) ? 1 : 0;
  return known[a.subject] != 0;
}

const std::string& Runner::name_of(const Access& a) {
  if (names_.size() <= a.subject) {
    std::size_t n = std::max<std::size_t>(a.subject + 1, model_.subject_count());
    names_.resize(n);
    has_name_.resize(n, 0);
  }
  if (has_name_[a.subject] == 0) {
    names_[a.subject] = model_.subject_name(*a.principal);
    has_name_[a.subject] = 1;
  }
  return names_[a.subject];
}

std::uint32_t Runner::subject_number(const model::Principal& p) {
  if (auto known = model_.subject_of(p)) return *known;
  auto [it, inserted] = added_subjects_.try_emplace(
      lint::principal_key(p), model_.subject_count() + static_cast<std::uint32_t>(added_subjects_.size()));
  return it->second;
}

bool Runner::known_subject(std::string_view item) const {
  return item.find('*') != std::string_view::npos || model_.knows_subject(item) || let_members_.contains(item);
}

bool Runner::matches_scope_item(std::string_view item, const Access& a) const {
  if (item == "*") return true;
  if (item.find('*') != std::string_view::npos) return glob(item, scope_query_text(a));
  access::ScopeQuery q;
  if (access::parse_scope_query(item, q)) return false;
  lint::ScopeKey key = lint::scope_key(model_.target_kind(a.target), &q.scope);
  return a.scope.key.present && a.scope.key.kind == key.kind && a.scope.key.id == key.id;
}

std::span<const Access> Runner::entries_for(const Case& test, std::vector<Access>& changed, CaseResult& result) {
  if (test.added.empty() && test.removed.empty()) return model_.entries();
  const model::Model& m = model_.model();
  auto target_named = [&](std::string_view name) -> std::optional<std::uint32_t> {
    for (std::uint32_t t = 0; t < m.targets.size(); ++t) {
      if (model_.target_name(t) == name) return t;
    }
    return std::nullopt;
  };
  auto fail = [&](Span at, std::string message) {
    if (result.problem.empty()) result.problem = std::move(message), result.problem_span = at;
  };
  changed.clear();
  changed.reserve(model_.entries().size() + test.added.size());
  for (const Access& a : model_.entries()) {
    bool removed = std::any_of(test.removed.begin(), test.removed.end(), [&](const RemovedGrants& r) {
      if (!r.target.empty() && !access::target_selected(model_, a.target, {std::string(r.target)})) return false;
      if (!r.to.empty() && !subject_is(r.to, a)) return false;
      if (!r.role.empty() && r.role != a.role) return false;
      if (!r.on.empty() && !matches_scope_item(r.on, a)) return false;
      return r.id.empty() || (a.binding != nullptr ? a.binding->id == r.id : a.policy->id == r.id);
    });
    if (!removed) changed.push_back(a);
  }
  for (const AddedGrant& g : test.added) {
    auto target = target_named(g.target);
    if (!target) {
      fail(g.target_span, fmt::format("no target instance is named {}; write KIND.NAME such as astra.prod",
                                      iamc::quoted(g.target)));
      continue;
    }
    const model::TargetInstance& t = m.targets[*target];
    catalog::RoleMatch role = catalog::find_role(t, g.role);
    if (!role.known()) {
      fail(g.role_span, fmt::format("{} has no role {}", model_.target_name(*target), iamc::quoted(g.role)));
      continue;
    }
    // The principals: KIND:ID or everyone as written, else those the name stands for on this target.
    std::vector<std::pair<const model::Principal*, std::uint32_t>> to;  // and its number
    std::size_t colon = g.to.find(':');
    if (g.to == "everyone") {
      const model::Principal& p = principals_.emplace_back(model::Principal{model::PrincipalKind::Everyone, {}, {}, g.to_span, {}});
      to.emplace_back(&p, subject_number(p));
    } else if (colon != std::string_view::npos) {
      std::string_view kind = g.to.substr(0, colon);
      bool found = false;
      for (const model::PrincipalSpelling& s : model::principal_spellings()) {
        if (s.name == kind && s.kind != model::PrincipalKind::Everyone) {
          const model::Principal& p = principals_.emplace_back(model::Principal{s.kind, g.to.substr(colon + 1), {}, g.to_span, {}});
          to.emplace_back(&p, subject_number(p));
          found = true;
          break;
        }
      }
      if (!found) {
        fail(g.to_span, fmt::format("unknown principal kind {}: expected user, group, service_account, team or token",
                                    iamc::quoted(kind)));
        continue;
      }
    } else {
      std::set<std::string> seen;
      for (const Access& a : model_.entries()) {
        if (a.target == *target && subject_is(g.to, a) && seen.insert(access::principal_key_text(*a.principal)).second) {
          to.emplace_back(a.principal, a.subject);
        }
      }
      if (to.empty()) {
        fail(g.to_span, fmt::format("no principal named {} has access on {}; write KIND:ID such as user:ID",
                                    iamc::quoted(g.to), model_.target_name(*target)));
        continue;
      }
    }
    const model::Scope* scope = nullptr;
    if (!g.on.empty()) {
      access::ScopeQuery q;
      (void)access::parse_scope_query(g.on, q);  // checked when the file was read
      model::Scope& s = scopes_.emplace_back(q.scope);
      s.id = texts_.emplace_back(q.id);
      s.recursive = true;
      s.span = g.on_span;
      scope = &s;
    }
    const catalog::TargetCatalog& cat = catalog::catalog(t.kind);
    for (const auto& [p, number] : to) {
      Access a;
      a.target = *target;
      a.principal = p;
      a.subject = number;
      a.scope = lint::reach_of(t.kind, scope, t.setting("org"));
      a.role = g.role;
      a.rank = cat.role_rank(g.role);
      if (cat.is_privileged(g.role)) a.privilege |= access::kAdminRole;
      if (lint::is_wildcard(*p)) a.privilege |= access::kWildcardSubject;
      if (lint::is_widest_scope(t.kind, a.scope.key)) a.privilege |= access::kWidestScope;
      a.source = g.span;
      changed.push_back(a);
    }
  }
  return changed;
}

CaseResult Runner::run(const TestFile& file, const Case& test) {
  CaseResult result;
  result.file = &file;
  result.test = &test;
  std::vector<Access> changed;
  std::span<const Access> entries = entries_for(test, changed, result);
  const model::Model& m = model_.model();

  // Names the project does not have make the case fail: a renamed let must not pass silently.
  auto check_subject = [&](std::string_view item, Span at) {
    if (result.problem.empty() && !known_subject(item)) {
      result.problem = fmt::format("no identity or let is named {}; name one, or give KIND:ID such as user:ID",
                                   iamc::quoted(item));
      result.problem_span = at;
    }
  };
  bool who = test.query == QueryKind::Who;
  if (!who) check_subject(test.query_text, test.query_span);
  for (const ItemList* list : {&test.exactly, &test.includes, &test.excludes, &test.only}) {
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      if (who) {
        check_subject(list->items[i], list->spans[i]);
      } else if (access::ScopeQuery q; list->items[i].find('*') == std::string_view::npos &&
                                       access::parse_scope_query(list->items[i], q) && result.problem.empty()) {
        result.problem = *access::parse_scope_query(list->items[i], q);
        result.problem_span = list->spans[i];
      }
    }
  }
  for (std::string_view t : test.targets) {
    bool known = false;
    for (std::uint32_t i = 0; i < m.targets.size() && !known; ++i) known = access::target_selected(model_, i, {std::string(t)});
    if (!known && result.problem.empty()) {
      result.problem = fmt::format("no target is named {}; give a kind (astra) or an instance (astra.prod)", iamc::quoted(t));
      result.problem_span = test.span;
    }
  }
  if (!result.problem.empty()) {
    result.failures.push_back({"a valid test", result.problem, {}});
    return result;
  }

  auto subject_is = [this](std::string_view item, const Access& a) { return this->subject_is(item, a); };
  auto name_of = [this](const Access& a) -> const std::string& { return this->name_of(a); };

  // The query: who/what of access/query.hpp, or every access for `who: *`. What depends only on
  // the target instance is worked out once per instance.
  std::vector<std::string> targets(test.targets.begin(), test.targets.end());
  std::vector<char> selected(m.targets.size());
  std::vector<int> wanted(m.targets.size());
  for (std::uint32_t t = 0; t < m.targets.size(); ++t) {
    selected[t] = access::target_selected(model_, t, targets) ? 1 : 0;
    if (!test.role.empty()) wanted[t] = catalog::catalog(m.targets[t].kind).role_rank(test.role);
  }
  std::vector<const Access*> found;
  auto role_ok = [&](const Access& a) {
    if (test.role.empty()) return true;
    if (test.role == "admin-class") return (a.privilege & access::kAdminRole) != 0;
    return lint::role_at_least(a.role, a.rank, test.role, wanted[a.target]);
  };
  auto keep = [&](const Access& a) { return !a.deny && (test.missing.empty() || lacks(a, test.missing)); };
  auto subject_ok = [&](const Access& a) {
    return who || subject_is(test.query_text, a) || lint::is_wildcard(*a.principal);
  };
  std::string_view scope_text = who ? test.query_text : test.on;
  if (scope_text.empty() || scope_text == "*") {
    for (const Access& a : entries) {
      if (selected[a.target] != 0 && keep(a) && role_ok(a) && subject_ok(a)) found.push_back(&a);
    }
  } else {
    access::ScopeQuery on;
    (void)access::parse_scope_query(scope_text, on);  // checked when the file was read
    std::string role = test.role == "admin-class" ? std::string() : std::string(test.role);
    for (const Match& match : access::who(model_, {&on.scope, targets, role, false}, entries)) {
      const Access& a = *match.access;
      if (keep(a) && role_ok(a) && subject_ok(a)) found.push_back(&a);
    }
  }

  // The answer's items, and which item of a list each access matches.
  auto item_of = [&](const Access& a) {
    return who ? name_of(a)
               : fmt::format("{}: {} on {}", model_.target_name(a.target), a.role, scope_query_text(a));
  };
  auto count_key = [&](const Access& a) {
    return who ? name_of(a) : fmt::format("{} {}", a.target, scope_query_text(a));
  };
  auto matches = [&](std::string_view item, const Access& a) {
    return who ? subject_is(item, a) : matches_scope_item(item, a);
  };
  auto in_list = [&](const ItemList& list, const Access& a) {
    return std::any_of(list.items.begin(), list.items.end(), [&](std::string_view item) { return matches(item, a); });
  };
  // The distinct items of some access, sorted (by subject name: one string per principal).
  auto distinct = [&](const std::vector<const Access*>& access, auto&& item) {
    std::vector<std::string> out;
    if (who) {
      std::vector<char> seen(names_.size() + added_subjects_.size() + model_.subject_count());
      for (const Access* a : access) {
        const std::string& name = name_of(*a);
        if (seen.size() <= a->subject) seen.resize(a->subject + 1);
        if (seen[a->subject] == 0) {
          seen[a->subject] = 1;
          out.push_back(name);
        }
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());  // two principals, one identity
    } else {
      std::set<std::string> items;
      for (const Access* a : access) items.insert(item(*a));
      out.assign(items.begin(), items.end());
    }
    return out;
  };
  result.answer = distinct(found, item_of);
  auto describe = [&](const std::vector<const Access*>& culprits) { return join(distinct(culprits, item_of)); };
  auto unexpected = [&](const ItemList& list, std::string expected) {
    std::vector<const Access*> culprits;
    for (const Access* a : found) {
      if (!in_list(list, *a)) culprits.push_back(a);
    }
    if (!culprits.empty()) result.failures.push_back({std::move(expected), describe(culprits), per_grant(culprits)});
  };
  auto missing = [&](const ItemList& list, std::string expected) {
    std::vector<std::string> absent;
    for (std::string_view item : list.items) {
      if (std::none_of(found.begin(), found.end(), [&](const Access* a) { return matches(item, *a); })) {
        absent.emplace_back(item);
      }
    }
    if (!absent.empty()) result.failures.push_back({std::move(expected), "no " + join(absent) + " (found " + join(result.answer) + ")", {}});
  };

  if (test.exactly.given) {
    unexpected(test.exactly, "exactly " + list_text(test.exactly));
    missing(test.exactly, "exactly " + list_text(test.exactly));
  }
  if (test.includes.given) missing(test.includes, "includes " + list_text(test.includes));
  if (test.excludes.given) {
    std::vector<const Access*> culprits;
    for (const Access* a : found) {
      if (in_list(test.excludes, *a)) culprits.push_back(a);
    }
    if (!culprits.empty()) {
      result.failures.push_back({"excludes " + list_text(test.excludes), describe(culprits), per_grant(culprits)});
    }
  }
  if (test.only.given) unexpected(test.only, "only " + list_text(test.only));
  if (test.never && !found.empty()) result.failures.push_back({"never", describe(found), per_grant(found)});
  if (test.count) {
    std::uint64_t n = distinct(found, count_key).size();
    const CountBound& c = *test.count;
    std::string expected = c.min == c.max ? fmt::format("count {}", *c.min)
                           : !c.max       ? fmt::format("count at least {}", *c.min)
                           : !c.min       ? fmt::format("count at most {}", *c.max)
                                          : fmt::format("count {} to {}", *c.min, *c.max);
    if (c.max && n > *c.max) {
      result.failures.push_back({expected, fmt::format("{}: {}", n, join(result.answer)), per_grant(found)});
    } else if (c.min && n < *c.min) {
      result.failures.push_back({expected, fmt::format("{}: {}", n, join(result.answer)), {}});
    }
  }
  if (test.fails) {
    // The case proves that its expectations catch the change in `given:`: they must not hold.
    bool caught = !result.failures.empty();
    result.failures.clear();
    if (!caught) result.failures.push_back({"the expectations to fail (fails: true)", "they all hold: " + join(result.answer), {}});
  }
  result.passed = result.failures.empty();
  return result;
}

}  // namespace iamc::testing
