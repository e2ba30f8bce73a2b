// The syntax tree's lists (base/arena.hpp's NodeArena and ArenaArray): everything a declaration
// holds (targets, lets, identities, custom roles) is in the file's arena, and everything a grant
// or policy holds is in its block's arena, which the loader frees with the block while the
// declarations are still in use. A declaration's list in a block's arena would be read after it
// is freed, so every list of every parsed tree is checked for where it lives: DSL and YAML,
// nested values, and statements after a syntax error (where recovery resumes).
#include <catch2/catch.hpp>

#include <string>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/dsl_parser.hpp"
#include "frontend/yaml_reader.hpp"

namespace {

using namespace iamc;

// Every list under `e`, recursively, is owned by `arena`; counts them into `lists`.
void check_expr(const ast::Expr& e, const NodeArena& arena, int& lists) {
  if (!e.items.empty()) {
    ++lists;
    REQUIRE(arena.owns(e.items.data()));
  }
  for (const ast::Arg& a : e.items) check_expr(a.value, arena, lists);
}

template <typename T>
void check_list(const ArenaArray<T>& list, const NodeArena& arena, int& lists) {
  if (list.empty()) return;
  ++lists;
  REQUIRE(arena.owns(list.data()));
  for (const T& item : list) {
    if constexpr (std::is_same_v<T, ast::Expr>) {
      check_expr(item, arena, lists);
    } else {
      check_expr(item.value, arena, lists);
    }
  }
}

struct Counts {
  int declaration_lists = 0;
  int block_lists = 0;
};

Counts check_file(const ast::File& file) {
  Counts n;
  const NodeArena& decls = *file.nodes;
  for (const ast::TargetDecl& t : file.targets) {
    check_list(t.settings, decls, n.declaration_lists);
    for (const ast::RoleDecl& r : t.roles) check_list(r.attributes, decls, n.declaration_lists);
  }
  for (const ast::LetDecl& l : file.lets) check_expr(l.value, decls, n.declaration_lists);
  for (const ast::IdentityDecl& d : file.identities) check_list(d.settings, decls, n.declaration_lists);
  for (const ast::TargetBlock& b : file.blocks) {
    const NodeArena& mine = *b.nodes;
    for (const ast::Grant& g : b.grants) {
      check_list(g.principals, mine, n.block_lists);
      check_list(g.scopes, mine, n.block_lists);
      check_list(g.attributes, mine, n.block_lists);
    }
    for (const ast::Policy& p : b.policies) {
      for (const ast::Setting& s : p.settings) check_expr(s.value, mine, n.block_lists);
      for (const ast::PolicyStatement& s : p.statements) {
        check_list(s.scopes, mine, n.block_lists);
        check_expr(s.actions, mine, n.block_lists);
        check_expr(s.resources, mine, n.block_lists);
      }
    }
  }
  return n;
}

constexpr const char* kDsl = R"(
target k0rdent prod { org = "org-1"  labels = { team = ["a", "b"] } }
target frontier portal {
  role auditor = "f96f588e-edef-4d46-8285-4d2dff983f39" { privileged = true }
}
let admins = [user("ada"), group("ops", idp: ldap)]
identity ada { email = "ada@example.com"  principals = [user("ada")] }
in k0rdent.prod {
  grant viewer to admins, user("bo") on project("p1"), namespace(id: "n", recursive: false) {
    title = "t"
    labels = { a = "b" }
  }
  grant admin to user("cy") on everything
}
let after_block = [user("late")]
in connhex.iot {
  policy viewers {
    name = "Viewers"
    members = [team("eng"), user("x")]
    allow viewer on tenant("t1"), tenant("t2")
    deny actions ["iot:devices:delete"] resources ["*"] on all_tenants
  }
}
in k0rdent.prod {
  grant viewer to user(  # a syntax error: recovery resumes at the next statement
}
let after_error = [group("g1"), group("g2")]
in k0rdent.prod {
  grant viewer to user("dee") on project("p2")
)";

constexpr const char* kYaml = R"(
targets:
  - target: k0rdent
    name: prod
    org: org-1
    labels: {team: [a, b]}
  - target: frontier
    name: portal
    roles:
      - {name: auditor, id: f96f588e-edef-4d46-8285-4d2dff983f39, privileged: true}
let:
  admins: [{user: ada}, {group: {id: ops, idp: ldap}}]
identities:
  - identity: ada
    email: ada@example.com
    principals: [{user: ada}]
grants:
  - in: k0rdent.prod
    grant: viewer
    to: [admins, {user: bo}]
    on: [{project: p1}, {namespace: {id: n, recursive: false}}]
    title: t
    labels: {a: b}
  - grant: viewer
    to: {user: nowhere}
  - in: k0rdent.staging
    grant: admin
    to: {user: cy}
    on: everything
policies:
  - in: connhex.iot
    policy: viewers
    name: Viewers
    members: [{team: eng}, {user: x}]
    statements:
      - {effect: allow, role: viewer, on: [{tenant: t1}, {tenant: t2}]}
      - {effect: deny, actions: ["iot:devices:delete"], resources: ["*"], on: all_tenants}
)";

}  // namespace

TEST_CASE("A DSL file's declaration lists are in the file's arena, its grants' in their block's") {
  SourceManager sources;
  const FileId id = sources.add("main.iam", kDsl);
  DiagnosticSink sink;
  const ast::File file = frontend::parse_dsl(sources.file(id), sink);
  CHECK(sink.has_errors());  // the broken grant and the unclosed block
  REQUIRE(file.lets.size() == 3);
  REQUIRE(file.blocks.size() >= 3);
  const Counts n = check_file(file);
  CHECK(n.declaration_lists >= 8);
  CHECK(n.block_lists >= 14);
}

TEST_CASE("A YAML file's declaration lists are in the file's arena, its grants' in their block's") {
  SourceManager sources;
  const FileId id = sources.add("main.iam.yaml", kYaml);
  DiagnosticSink sink;
  const ast::File file = frontend::parse_yaml(sources.file(id), sink);
  CHECK(sink.has_errors());  // the grant without `in`
  REQUIRE(file.lets.size() == 1);
  REQUIRE(file.blocks.size() == 3);
  const Counts n = check_file(file);
  CHECK(n.declaration_lists >= 7);
  CHECK(n.block_lists >= 14);
}

TEST_CASE("ArenaArray keeps its items, and at() checks its bounds") {
  NodeArena arena;
  std::vector<int> big(100000);
  for (int i = 0; i < 100000; ++i) big[static_cast<std::size_t>(i)] = i;
  const ArenaArray<int> a = arena.copy(std::span<const int>(big));  // larger than a chunk
  const std::vector<int> small = {7, 8, 9};
  const ArenaArray<int> b = arena.copy(std::span<const int>(small));
  REQUIRE(a.size() == 100000);
  CHECK(a[99999] == 99999);
  CHECK(b.front() == 7);
  CHECK(b.back() == 9);
  CHECK(arena.owns(a.data()));
  CHECK(arena.owns(&b[2]));
  CHECK_FALSE(arena.owns(small.data()));
  CHECK_THROWS_AS(b.at(3), std::out_of_range);
  CHECK(arena.copy(std::span<const int>()).empty());
}
