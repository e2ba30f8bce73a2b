// The checker on small sources: which codes it reports, with which severity, and that clean
// sources stay clean. The golden suite tests/golden/check holds the full message texts.
#include <catch2/catch.hpp>

#include <algorithm>

#include "pipeline/pipeline.hpp"

namespace {

iamc::pipeline::Compilation run(const std::string& text) {
  iamc::frontend::LoadOptions options;
  options.paths = {"-"};
  options.stdin_name = "test.iam";
  options.stdin_text = text;
  return iamc::pipeline::compile_sources(options);
}

// The codes of the C-diagnostics, in report order, with 'w' appended for warnings.
std::vector<std::string> checks(const std::string& text) {
  auto c = run(text);
  std::vector<std::string> out;
  for (const auto& d : c.sink.diagnostics()) {
    std::string_view code = iamc::diag_info(d.code).code;
    if (code.front() != 'C') continue;
    out.push_back(std::string(code) + (d.severity == iamc::Severity::Warning ? "w" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

constexpr const char* kAstra = "target astra prod { account = \"9fd87309-067f-48c9-a331-527796c14cf3\" }\n";

}  // namespace

TEST_CASE("checker: a clean astra grant reports nothing", "[check]") {
  CHECK(checks(std::string(kAstra) +
               "in astra.prod { grant viewer to user(\"4c27d25a-9edb-4e85-9438-48dc8e917231\") on everything }")
            .empty());
}

TEST_CASE("checker: every problem of one grant is reported", "[check]") {
  auto got = checks(std::string(kAstra) + "in astra.prod { grant viewr to team(\"t\"), user(\"X\") on tenant(\"t\") }");
  CHECK(got == std::vector<std::string>{"C001", "C002", "C003", "C004"});
}

TEST_CASE("checker: the upstream connhex rules are errors (the server inherits them)", "[check]") {
  auto got = checks(
      "target connhex c {}\n"
      "in connhex.c { policy \"Bad Id\" { name = \"N\" members = [user(\"a\", idp: okta)] "
      "allow actions [\"core:things\"] on all_tenants } }");
  CHECK(got == std::vector<std::string>{"C015", "C016", "C017"});
  CHECK(run("target connhex c {}\n"
            "in connhex.c { policy \"Bad Id\" { name = \"N\" members = [team(\"*\")] allow viewer on all_tenants } }")
            .sink.has_errors());
}

TEST_CASE("checker: redpanda dataplane rules", "[check]") {
  CHECK(checks("target redpanda r {}\nin redpanda.r { grant Reader to user(\"u\") on topic(\"orders\") }") ==
        std::vector<std::string>{"C008"});
  CHECK(checks("target redpanda r {}\nin redpanda.r { grant Reader to user(\"u\") on "
               "topic(\"orders\", dataplane: \"cjcuq79c4vs94fcufc2g\") }")
            .empty());
  CHECK(checks("target redpanda r {}\nin redpanda.r { grant Reader to user(\"u\") on "
               "cluster(\"cjcuq79c4vs94fcufc2g\", dataplane: \"cjcuq79c4vs94fcufc2g\") }") ==
        std::vector<std::string>{"C009"});
}

TEST_CASE("checker: frontier custom roles, raw role ids and namespaces", "[check]") {
  std::string head = "target frontier f { role g = \"8e73f4a2-3763-4dc6-a00e-7a9aebeaa971\" }\n";
  const std::string u = "user(\"92f69c3a-334b-4f25-90b8-4d4f3be6b825\")";
  const std::string o = "org(\"70f69c3a-334b-4f25-90b8-4d4f3be6b8e2\")";
  CHECK(checks(head + "in frontier.f { grant g to " + u + " on resource(\"app/guardian:x\") }").empty());
  CHECK(checks(head + "in frontier.f { grant \"8E73F4A2-3763-4DC6-A00E-7A9AEBEAA971\" to " + u + " on " + o + " }")
            .empty());
  CHECK(checks(head + "in frontier.f { grant app_group_member to " + u + " on " + o + " }") ==
        std::vector<std::string>{"C018w"});
  CHECK(checks(head + "in frontier.f { grant g to " + u + " }") == std::vector<std::string>{"C005"});
}

TEST_CASE("checker: frontier principal, org, project and group ids are UUIDs", "[check]") {
  // The server casts them to uuid in Postgres: anything else fails there.
  std::string head = "target frontier f {}\n";
  CHECK(checks(head + "in frontier.f { grant app_project_viewer to user(\"u1\") on project(\"p1\") }") ==
        std::vector<std::string>{"C004", "C004"});
  CHECK(checks(head + "in frontier.f { grant app_group_member to group(\"g1\") on group(\"g1\") }") ==
        std::vector<std::string>{"C004", "C004"});
  CHECK(checks(head + "in frontier.f { grant app_organization_viewer to service_account(\"s\") on org(\"o\") }") ==
        std::vector<std::string>{"C004", "C004"});
}

TEST_CASE("checker: settings", "[check]") {
  CHECK(checks("target astra a {}") == std::vector<std::string>{"C020"});
  CHECK(checks("target frontier f { transport = \"connect\" }").empty());
  CHECK(checks("target frontier f { transport = \"grpc\" }") == std::vector<std::string>{"C022"});
  CHECK(checks("target k0rdent k { orgg = \"org-1\" }") == std::vector<std::string>{"C021"});
}
