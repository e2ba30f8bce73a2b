// Effective-access diff (see diff.hpp).
#include "access/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <tuple>

#include "lint/privilege.hpp"

namespace iamc::access {
namespace {

// One distinct piece of access on one side: a (scope, role) for one principal on one target,
// with every grant that gives it.
struct Atom {
  const AccessModel* side = nullptr;
  const Access* first = nullptr;  ///< the first grant giving it; the others are in `all`
  std::vector<const Access*> all;
  std::string scope;  ///< scope_text: equal text, equal scope
  bool covered = false;
  bool paired = false;
};

struct Group {
  std::string target;
  model::TargetKind kind = model::TargetKind::Astra;
  std::vector<Atom> base, head;
};

// Groups by (target instance, principal) in hash maps keyed by one string each: ordered maps of
// string tuples cost more than compiling a side at 100,000 grants. The order of the groups does
// not matter: the changes are sorted at the end.
struct Groups {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<Group> list;
};

std::string role_key(const Access& a) { return a.deny ? fmt::format("deny {}", a.role) : std::string(a.role); }

// Whether x's access includes all of y's (wider or equal scope, role at least as strong).
bool includes(const Atom& x, const Atom& y, model::TargetKind target) {
  const Access& a = *x.first;
  const Access& b = *y.first;
  if (a.deny || b.deny) return false;
  if (!lint::role_at_least(a.role, a.rank, b.role, b.rank)) return false;
  if (x.scope == y.scope) return true;
  return lint::can_cover(a.scope, target) && lint::covers(a.scope, b.scope, target);
}

// Groups one side's access into distinct atoms and marks those another atom already includes.
void add_side(const AccessModel& side, Groups& groups, bool head) {
  std::vector<std::string> targets;
  for (std::uint32_t t = 0; t < side.model().targets.size(); ++t) targets.push_back(side.target_name(t));
  std::unordered_map<std::string, std::size_t> seen;
  std::string key;
  for (const Access& a : side.entries()) {
    key = targets[a.target];
    key += '\x1f';
    key += principal_key_text(*a.principal);
    auto [group_at, added] = groups.index.emplace(key, groups.list.size());
    if (added) groups.list.push_back(Group{targets[a.target], side.target_kind(a.target), {}, {}});
    std::vector<Atom>& atoms = head ? groups.list[group_at->second].head : groups.list[group_at->second].base;
    std::string scope = side.scope_text(a);
    key += '\x1f';
    key += scope;
    key += '\x1f';
    key += role_key(a);
    auto [it, inserted] = seen.emplace(key, atoms.size());
    if (inserted) {
      atoms.push_back(Atom{&side, &a, {&a}, std::move(scope)});
    } else {
      atoms[it->second].all.push_back(&a);
    }
  }
}

void reduce(std::vector<Atom>& atoms, model::TargetKind target) {
  std::map<std::string_view, int> strongest;  // per scope, the highest rank among its roles
  std::vector<const Atom*> wide;
  for (Atom& a : atoms) {
    if (a.first->deny) continue;
    int& rank = strongest[a.scope];
    rank = std::max(rank, a.first->rank);
    if (lint::can_cover(a.first->scope, target)) wide.push_back(&a);
  }
  for (Atom& a : atoms) {
    if (a.first->deny) continue;
    if (a.first->rank > 0 && strongest[a.scope] > a.first->rank) {
      a.covered = true;
      continue;
    }
    a.covered = std::any_of(wide.begin(), wide.end(), [&](const Atom* w) { return w->scope != a.scope && includes(*w, a, target); });
  }
}

std::vector<Location> sources_of(const Atom& atom) {
  std::vector<Location> out;
  for (const Access* a : atom.all) {
    for (Location& l : atom.side->causes(*a)) out.push_back(std::move(l));
  }
  if (out.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

// HEAD's name for the subject (an identity or let), else BASE's, else `principal` as written.
std::string subject_of(const Atom* base, const Atom* head, const std::string& principal) {
  for (const Atom* a : {head, base}) {
    if (a == nullptr) continue;
    if (std::string_view alias = a->side->subject_alias(*a->first->principal); !alias.empty()) return std::string(alias);
  }
  return principal;
}

Change make_change(ChangeKind kind, const std::string& target, const Atom* base, const Atom* head) {
  Change c;
  c.kind = kind;
  c.target = target;
  const Atom* any = head != nullptr ? head : base;
  c.principal = lint::describe(*any->first->principal);
  c.subject = subject_of(base, head, c.principal);
  c.principal_key = principal_key_text(*any->first->principal);
  if (base != nullptr) {
    c.base_role = role_key(*base->first);
    c.base_scope = base->scope;
    c.base_admin = (base->first->privilege & kAdminRole) != 0;
    c.privilege |= base->first->privilege;
    c.base_sources = sources_of(*base);
  }
  if (head != nullptr) {
    c.head_role = role_key(*head->first);
    c.head_scope = head->scope;
    c.head_admin = (head->first->privilege & kAdminRole) != 0;
    c.privilege |= head->first->privilege;
    c.head_sources = sources_of(*head);
  }
  return c;
}

ChangeKind role_change(const Access& base, const Access& head) {
  bool base_admin = (base.privilege & kAdminRole) != 0, head_admin = (head.privilege & kAdminRole) != 0;
  if (base.rank > 0 && head.rank > 0 && base.rank != head.rank) {
    return head.rank > base.rank ? ChangeKind::Raised : ChangeKind::Lowered;
  }
  if (base_admin != head_admin) return head_admin ? ChangeKind::Raised : ChangeKind::Lowered;
  return ChangeKind::RoleChanged;
}

void compare(const std::string& target, model::TargetKind kind, Group& g, std::vector<Change>& out) {
  reduce(g.base, kind);
  reduce(g.head, kind);
  std::vector<Atom*> lost, gained;
  auto effective = [](const std::vector<Atom>& atoms) {
    std::set<std::pair<std::string_view, std::string>> keys;
    for (const Atom& a : atoms) {
      if (!a.covered) keys.emplace(a.scope, role_key(*a.first));
    }
    return keys;
  };
  auto base_keys = effective(g.base), head_keys = effective(g.head);
  for (Atom& b : g.base) {
    if (!b.covered && !head_keys.count({b.scope, role_key(*b.first)})) lost.push_back(&b);
  }
  for (Atom& h : g.head) {
    if (!h.covered && !base_keys.count({h.scope, role_key(*h.first)})) gained.push_back(&h);
  }
  if (lost.empty() && gained.empty()) return;
  // The same scope with another role: raised, lowered or changed.
  for (Atom* h : gained) {
    for (Atom* b : lost) {
      if (b->paired || b->scope != h->scope) continue;
      out.push_back(make_change(role_change(*b->first, *h->first), target, b, h));
      b->paired = h->paired = true;
      break;
    }
  }
  // A wider scope that includes the old access, or a narrower one that the old access included.
  for (Atom* h : gained) {
    for (Atom* b : lost) {
      if (h->paired) break;
      if (b->paired) continue;
      if (includes(*h, *b, kind)) {
        out.push_back(make_change(ChangeKind::Widened, target, b, h));
        b->paired = h->paired = true;
      } else if (includes(*b, *h, kind)) {
        out.push_back(make_change(ChangeKind::Narrowed, target, b, h));
        b->paired = h->paired = true;
      }
    }
  }
  // What the other side still includes is not gained or lost (a grant folded into a wider one).
  auto included_by = [&](const Atom& x, std::vector<Atom>& side) {
    return std::any_of(side.begin(), side.end(), [&](const Atom& y) { return !y.covered && includes(y, x, kind); });
  };
  for (Atom* h : gained) {
    if (!h->paired && !included_by(*h, g.base)) out.push_back(make_change(ChangeKind::Gained, target, nullptr, h));
  }
  for (Atom* b : lost) {
    if (!b->paired && !included_by(*b, g.head)) out.push_back(make_change(ChangeKind::Lost, target, b, nullptr));
  }
}

}  // namespace

std::string_view change_kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::Gained: return "gained";
    case ChangeKind::Lost: return "lost";
    case ChangeKind::Widened: return "widened";
    case ChangeKind::Narrowed: return "narrowed";
    case ChangeKind::Raised: return "raised";
    case ChangeKind::Lowered: return "lowered";
    case ChangeKind::RoleChanged: return "changed";
  }
  return "changed";
}

std::size_t DiffResult::privileged() const {
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(), [](const Change& c) { return c.privilege != 0; }));
}

std::size_t DiffResult::count(ChangeKind kind) const {
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(), [&](const Change& c) { return c.kind == kind; }));
}

DiffResult diff_access(const AccessModel& base, const AccessModel& head) {
  Groups groups;
  add_side(base, groups, false);
  add_side(head, groups, true);
  DiffResult result;
  for (Group& group : groups.list) compare(group.target, group.kind, group, result.changes);
  // A tuple of references: a tuple of values would copy five strings per comparison, which was
  // most of a 100,000-grant diff's time.
  auto order = [](const Change& c) {
    return std::tuple<bool, const std::string&, const std::string&, const std::string&, ChangeKind,
                      const std::string&, const std::string&>(c.privilege == 0, c.target, c.subject, c.principal_key,
                                                             c.kind, c.head_scope, c.base_scope);
  };
  // Sorted through a permutation: a Change is a dozen strings and vectors, too big to move around
  // a merge sort's buffer a million times.
  std::vector<std::uint32_t> sorted(result.changes.size());
  for (std::uint32_t i = 0; i < sorted.size(); ++i) sorted[i] = i;
  std::stable_sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) {
    return order(result.changes[a]) < order(result.changes[b]);
  });
  std::vector<Change> changes;
  changes.reserve(sorted.size());
  for (std::uint32_t i : sorted) changes.push_back(std::move(result.changes[i]));
  result.changes = std::move(changes);
  return result;
}

std::string summary_line(const DiffResult& diff) {
  if (diff.changes.empty()) return "no access changes";
  std::string out = fmt::format("{} access {} ({} privileged):", diff.changes.size(),
                                diff.changes.size() == 1 ? "change" : "changes", diff.privileged());
  std::string_view sep = " ";
  for (ChangeKind k : {ChangeKind::Gained, ChangeKind::Lost, ChangeKind::Widened, ChangeKind::Narrowed,
                       ChangeKind::Raised, ChangeKind::Lowered, ChangeKind::RoleChanged}) {
    if (std::size_t n = diff.count(k); n != 0) {
      out += fmt::format("{}{} {}", sep, n, change_kind_name(k));
      sep = ", ";
    }
  }
  return out;
}

}  // namespace iamc::access
