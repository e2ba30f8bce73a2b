// The YAML front end builds the same AST as the DSL for equivalent sources, with exact spans, and
// rejects hostile documents (alias bombs, deep nesting) quickly with one diagnostic.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "base/source.hpp"
#include "diagnostics/sink.hpp"
#include "frontend/ast_dump.hpp"
#include "frontend/dsl_parser.hpp"
#include "frontend/yaml_reader.hpp"

namespace {

using iamc::DiagCode;
using iamc::DiagnosticSink;
using iamc::SourceFile;
namespace fe = iamc::frontend;

std::string structure(const iamc::ast::File& file) {
  return fe::dump_ast(file, {.spans = false, .form = false, .comments = false});
}

std::string codes(const DiagnosticSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics()) {
    if (!out.empty()) out += ' ';
    out += iamc::diag_info(d.code).code;
  }
  return out;
}

// "line:col" of a span's begin and end.
std::string where(const SourceFile& src, iamc::Span s) {
  auto b = src.line_col(s.begin), e = src.line_col(s.end);
  return std::to_string(b.line) + ":" + std::to_string(b.column) + "-" + std::to_string(e.line) + ":" +
         std::to_string(e.column);
}

struct Parsed {
  explicit Parsed(std::string text, std::string path = "t.iam.yaml") : source(0, std::move(path), std::move(text)) {
    file = fe::parse_yaml(source, sink);
    sink.sort_and_dedupe();
  }
  SourceFile source;
  DiagnosticSink sink;
  iamc::ast::File file;
};

const char* const kDsl = R"(include "teams.iam"
target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
target frontier dev { transport = "rest"  role deployer  role guardian_viewer = "8e73f4a2" }
let sre = group("8b5b54da")
let oncall = [user("a"), user("b")]
let ro = everything
in astra.prod {
  grant viewer to user("4c27") on everything
  grant member to sre, oncall on namespace(id: "89a3", recursive: false), namespace(label: "app=dev")
  grant admin to sre { id = "x"  title = "T"  labels = { team = "dev" }  org = "org-1" }
}
in connhex.main {
  policy custom-viewer-policy {
    name = "My Viewer Policy"
    members = [team("*")]
    tenants = []
    allow viewer on tenant("tenant1"), tenant("tenant2")
    allow myRole actions ["core:things:get"] resources ["*"] on all_tenants
    deny actions ["core:things:delete"] on all_tenants
  }
}
)";

const char* const kYaml = R"(# the same project as kDsl
include: [teams.iam]
targets:
  - target: astra
    name: prod
    account: "9fd87309-067f-48c9-a331-527796c14cf3"
  - target: frontier
    name: dev
    transport: rest
    roles: [deployer, {name: guardian_viewer, id: "8e73f4a2"}]
let:
  sre: {group: "8b5b54da"}
  oncall: [{user: a}, {user: b}]
  ro: everything
grants:
  - in: astra.prod
    grant: viewer
    to: {user: "4c27"}
    on: everything
  - in: astra.prod
    grant: member
    to: [sre, oncall]
    on: [{namespace: {id: "89a3", recursive: false}}, {namespace: {label: "app=dev"}}]
  - in: astra.prod
    grant: admin
    to: sre   # one principal, no list
    id: x
    title: T
    labels: {team: dev}
    org: org-1
policies:
  - in: connhex.main
    policy: custom-viewer-policy
    name: My Viewer Policy
    members: [{team: "*"}]
    tenants: []
    statements:
      - effect: allow
        role: viewer
        on: [{tenant: tenant1}, {tenant: tenant2}]
      - role: myRole
        actions: ["core:things:get"]
        resources: ["*"]
        on: all_tenants
      - effect: deny
        actions: ["core:things:delete"]
        on: all_tenants
)";

}  // namespace

TEST_CASE("yaml and dsl build the same AST") {
  SourceFile dsl_source(1, "t.iam", kDsl);
  DiagnosticSink dsl_sink;
  auto dsl = fe::parse_dsl(dsl_source, dsl_sink);
  REQUIRE(codes(dsl_sink).empty());

  Parsed yaml(kYaml);
  REQUIRE(codes(yaml.sink).empty());
  CHECK(structure(yaml.file) == structure(dsl));
  CHECK(yaml.file.form == iamc::ast::SourceForm::Yaml);
  CHECK(yaml.file.grant_count() == 4);
  REQUIRE(yaml.file.comments.size() == 2);
  CHECK(yaml.source.text().substr(yaml.file.comments[1].span.begin, yaml.file.comments[1].span.size()) ==
        "# one principal, no list");
}

TEST_CASE("yaml spans are byte offsets of the nodes") {
  Parsed yaml(kYaml);
  const auto& src = yaml.source;
  const auto& t = yaml.file.targets.at(0);
  CHECK(where(src, t.kind_span) == "4:13-4:18");                  // astra
  CHECK(where(src, t.settings.at(0).key_span) == "6:5-6:12");     // account
  CHECK(where(src, t.settings.at(0).value.span) == "6:14-6:52");  // the quoted id, quotes included
  CHECK(where(src, t.span) == "4:5-6:52");
  const auto& roles = yaml.file.targets.at(1).roles;
  CHECK(where(src, roles.at(1).span) == "10:23-10:62");  // {name: ..., id: ...}
  CHECK(where(src, roles.at(1).id_span) == "10:51-10:61");
  const auto& block = yaml.file.blocks.at(0);
  CHECK(where(src, block.target_kind_span) == "16:9-16:14");
  CHECK(where(src, block.target_name_span) == "16:15-16:19");
  const auto& g = block.grants.at(1);
  CHECK(where(src, g.role.span) == "21:12-21:18");
  CHECK(where(src, g.scopes.at(0).span) == "23:10-23:53");       // {namespace: {...}}
  CHECK(where(src, g.scopes.at(0).name_span) == "23:11-23:20");  // namespace
  CHECK(where(src, g.scopes.at(0).items.at(1).value.span) == "23:46-23:51");  // false
  CHECK(where(src, g.span) == "20:5-23:87");
  const auto& labels = block.grants.at(2).attributes.at(2);
  CHECK(labels.key == "labels");
  CHECK(where(src, labels.value.span) == "29:13-29:24");
  const auto& p = yaml.file.blocks.at(1).policies.at(0);
  CHECK(where(src, p.statements.at(1).effect_span) == "41:9-41:9");  // no effect key: empty span
  CHECK(where(src, p.statements.at(2).effect_span) == "45:17-45:21");
}

TEST_CASE("yaml spans count bytes: non-ASCII, byte order mark, CRLF, multi-line scalars") {
  Parsed yaml("\xEF\xBB\xBF" "targets:\r\n  - target: astra\r\n    name: prod\r\n    title: \"caf\xC3\xA9 \\u00e9\"\r\n"
              "    note: a plain\r\n      scalar on two lines\r\n    doc: |\r\n      line one\r\n      line two\r\n"
              "    last: \xC3\xA9t\xC3\xA9\r\n");
  REQUIRE(codes(yaml.sink).empty());
  const auto& src = yaml.source;
  const auto& t = yaml.file.targets.at(0);
  CHECK(where(src, t.kind_span) == "2:13-2:18");
  REQUIRE(t.settings.size() == 4);
  CHECK(t.settings[0].value.text == "caf\xC3\xA9 \xC3\xA9");
  CHECK(where(src, t.settings[0].value.span) == "4:12-4:25");
  CHECK(t.settings[1].value.text == "a plain scalar on two lines");
  CHECK(where(src, t.settings[1].value.span) == "5:11-6:26");
  CHECK(t.settings[2].value.text == "line one\nline two\n");
  CHECK(where(src, t.settings[2].value.span) == "7:10-9:15");
  CHECK(where(src, t.settings[3].value.span) == "10:11-10:14");
  CHECK(src.text().substr(t.settings[3].value.span.begin, t.settings[3].value.span.size()) == "\xC3\xA9t\xC3\xA9");
}

TEST_CASE("empty yaml files are valid") {
  for (const char* text : {"", "\n", "# only a comment\n", "---\n", "---\n...\n", "grants:\n"}) {
    Parsed yaml(text);
    CHECK(codes(yaml.sink).empty());
    CHECK(yaml.file.grant_count() == 0);
  }
}

TEST_CASE("several yaml documents are merged in order") {
  Parsed yaml("grants:\n  - {in: astra.prod, grant: a, to: x}\n---\n# second\n---\n"
              "grants:\n  - {in: astra.prod, grant: b, to: x}\n");
  CHECK(codes(yaml.sink).empty());
  REQUIRE(yaml.file.blocks.size() == 2);
  CHECK(yaml.file.blocks[0].grants.at(0).role.name == "a");
  CHECK(yaml.file.blocks[1].grants.at(0).role.name == "b");
}

TEST_CASE("yaml shape errors are all reported") {
  Parsed yaml(R"(targets:
  - target: astra
grants:
  - in: astra.prod
    grant: viewer
    too: sre
    to: sre
    to: other
  - in: astra
    grant: [a]
    to: {user: a, group: b}
policies:
  - in: connhex.main
    policy: p
    statements:
      - effect: permit
extra: 1
)");
  CHECK(codes(yaml.sink) == "Y004 Y003 Y005 Y008 Y002 Y002 Y008 Y003");
  const auto& diags = yaml.sink.diagnostics();
  CHECK(diags[0].message == "missing required key 'name' in a target");
  CHECK(diags[1].message == "unknown key 'too' in a grant");
  REQUIRE(diags[1].fixes.size() == 1);
  CHECK(diags[1].fixes[0].replacement == "to");
  CHECK(where(yaml.source, diags[1].fixes[0].span) == "6:5-6:8");
  CHECK(diags[2].message == "duplicate key 'to'");
  CHECK(where(yaml.source, diags[2].notes.at(0).span) == "7:5-7:7");
  // The good grant survived; the broken ones were skipped.
  REQUIRE(yaml.file.blocks.size() == 2);
  CHECK(yaml.file.blocks[0].grants.size() == 1);
  CHECK(yaml.file.blocks[0].grants[0].principals.at(0).text == "sre");
}

TEST_CASE("yaml syntax errors point at the parser's mark") {
  Parsed yaml("grants:\n  - in: astra.prod\n    grant: [a, b\n");
  REQUIRE(codes(yaml.sink) == "Y001");
  CHECK(yaml.sink.diagnostics()[0].message.starts_with("invalid YAML: "));
}

TEST_CASE("yaml alias bombs are rejected fast") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  auto start = std::chrono::steady_clock::now();
  Parsed yaml("let:\n  " + text);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(codes(yaml.sink) == "Y006");
  CHECK(elapsed < std::chrono::seconds(1));

  Parsed cycle("let:\n  a: &a [x, *a]\n");
  CHECK(codes(cycle.sink) == "Y006");

  // Aliases in moderation are fine and expand to copies.
  Parsed ok("let:\n  a: &p {user: u}\n  b: [*p, *p]\n");
  CHECK(codes(ok.sink).empty());
  CHECK(structure(ok.file) == "let a = user(\"u\")\nlet b = [user(\"u\"), user(\"u\")]\n");
}

TEST_CASE("deep yaml nesting is rejected without recursion") {
  const std::string flow_lists(200000, '[');
  std::string flow_maps, block_lists;
  for (int i = 0; i < 200000; ++i) flow_maps += "{a: ";
  for (int i = 0; i < 200000; ++i) block_lists += "- ";
  block_lists += "x\n";
  for (const std::string& text : {flow_lists, flow_maps, block_lists}) {
    auto start = std::chrono::steady_clock::now();
    Parsed yaml(text);
    CHECK(codes(yaml.sink) == "Y007");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  }
  // Exactly at the limit is fine: the document map, the let map and kMaxYamlDepth - 2 lists.
  std::string at_limit = "let:\n  x: " + std::string(iamc::frontend::kMaxYamlDepth - 2, '[') +
                         std::string(iamc::frontend::kMaxYamlDepth - 2, ']') + "\n";
  Parsed ok(at_limit);
  INFO((ok.sink.diagnostics().empty() ? std::string() : ok.sink.diagnostics()[0].message));
  CHECK(codes(ok.sink).empty());
  Parsed deep("let:\n  x: " + std::string(iamc::frontend::kMaxYamlDepth - 1, '[') +
              std::string(iamc::frontend::kMaxYamlDepth - 1, ']') + "\n");
  CHECK(codes(deep.sink) == "Y007");
}

TEST_CASE("brackets in quoted and block scalars do not count as nesting") {
  std::string many(200, '[');
  Parsed yaml("targets:\n  - target: astra\n    name: prod\n    a: \"" + many + "\"\n    b: '" + many +
              "'\n    c: |\n      " + many + "\n    d: x" + many + "\n");
  CHECK(codes(yaml.sink).empty());
  REQUIRE(yaml.file.targets.size() == 1);
  CHECK(yaml.file.targets[0].settings.at(2).value.text == many + "\n");
}
