// The change in effective access between two compiled projects (`iamc diff BASE HEAD`). Each side
// is first reduced to what it grants in effect: access already covered on the same side by a
// wider scope or a stronger role (lint/coverage.hpp, as redundant-grant decides) adds nothing, so
// adding or removing it is no change. The rest is compared per (target instance, principal):
// principals are compared by kind, identity provider and id, never by the `let` or identity that
// names them, so renaming, reordering and reformatting change nothing.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "access/access.hpp"
#include "base/arena.hpp"

namespace iamc::access {

enum class ChangeKind : std::uint8_t {
  Gained,       ///< access on a scope the principal did not reach before
  Lost,         ///< access it no longer has
  Widened,      ///< the same access on a wider scope (possibly with a stronger role)
  Narrowed,     ///< the same access on a narrower scope (possibly with a weaker role)
  Raised,       ///< a stronger role on the same scope, in the catalogue's order
  Lowered,      ///< a weaker role on the same scope
  RoleChanged,  ///< another role on the same scope, where the catalogue gives no order
};
std::string_view change_kind_name(ChangeKind kind);  ///< "gained", "lost", "widened", ...

/// One change. The text and sources are views into the two access models (and their models and
/// sources) and into the DiffResult: valid while those live. A worst-case diff of 100,000 grants
/// has 200,000 changes; owning a dozen strings and two vectors each, they were most of its memory.
struct Change {
  ChangeKind kind = ChangeKind::Gained;
  std::string_view target;     ///< "astra.prod"
  std::string_view subject;    ///< the identity or let name (HEAD's, else BASE's), else the principal
  std::string_view principal;  ///< user("id"), as written
  std::string_view principal_key;  ///< kind:idp:id, what the sides are compared by
  std::string_view base_role, base_scope;  ///< empty for Gained
  std::string_view head_role, head_scope;  ///< empty for Lost
  bool base_admin = false, head_admin = false;  ///< the role is admin-class on that side
  unsigned privilege = 0;  ///< Privilege bits of either side's access
  std::span<const Location> base_sources;  ///< the grants (and principal definitions) on BASE
  std::span<const Location> head_sources;  ///< ... and on HEAD
};

struct DiffResult {
  std::string base_name, head_name;  ///< the sides as given (a revision or a directory)
  std::vector<Change> changes;       ///< privileged first, then by target, subject and kind
  StringArena text;                  ///< text the changes point into that the models do not hold
  std::vector<Location> locations;   ///< what the changes' sources point into
  [[nodiscard]] std::size_t privileged() const;
  [[nodiscard]] std::size_t count(ChangeKind kind) const;
};

/// The result points into `base` and `head`: they must outlive it.
DiffResult diff_access(const AccessModel& base, const AccessModel& head);

/// "3 access changes (1 privileged): 1 gained, 1 lost, 1 widened".
std::string summary_line(const DiffResult& diff);

}  // namespace iamc::access
