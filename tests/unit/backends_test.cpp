// The backends on small models: expansion, field mapping and slugs.
#include <catch2/catch.hpp>

#include "backends/registry.hpp"
#include "pipeline/pipeline.hpp"

namespace {

using iamc::backend::Request;

struct Compiled {
  iamc::pipeline::Compilation c;
  std::vector<Request> requests;
};

// Compiles one DSL source from memory and returns every request (or none when it has errors).
std::unique_ptr<Compiled> compile(const std::string& text, std::vector<std::string> targets = {},
                                  bool allow_errors = false) {
  iamc::frontend::LoadOptions options;
  options.paths = {"-"};
  options.stdin_name = "test.iam";
  options.stdin_text = text;
  auto out = std::make_unique<Compiled>();
  out->c = iamc::pipeline::compile_sources(options);
  if (!allow_errors) REQUIRE_FALSE(out->c.sink.has_errors());
  out->requests = iamc::backend::emit_all(out->c.model, iamc::backend::TargetFilter{std::move(targets)});
  return out;
}

const std::string& body(const Request& r) { return r.body; }

}  // namespace

TEST_CASE("registry lists the five targets in a fixed order") {
  auto names = iamc::backend::backend_names();
  CHECK(names == std::vector<std::string_view>{"k0rdent", "connhex", "redpanda", "astra", "frontier"});
  CHECK(iamc::backend::find_backend("astra") != nullptr);
  CHECK(iamc::backend::find_backend("aws") == nullptr);
}

TEST_CASE("slugs are safe file name parts") {
  using iamc::backend::make_slug;
  CHECK(make_slug("../../etc/passwd") == "etc-passwd");
  CHECK(make_slug("Viewer-User_V5") == "viewer-user-v5");
  CHECK(make_slug("") == "request");
  CHECK(make_slug("\xc3\xa9\xc3\xa9") == "request");
  CHECK(make_slug(std::string(200, 'a')).size() == iamc::backend::kMaxSlug);
}

TEST_CASE("k0rdent expands principals times scopes") {
  auto r = compile(R"(target k0rdent main { org = "org-a" }
in k0rdent.main {
  grant viewer to user("u-1"), group("g-1") on project("p-1"), resource("r-1")
})");
  REQUIRE(r->requests.size() == 4);
  CHECK(body(r->requests[0]) ==
        R"({"role":"viewer","principal":{"type":"user","id":"u-1"},"scope":{"type":"project","resource":"p-1"},"orgId":"org-a"})");
  CHECK(body(r->requests[3]) ==
        R"({"role":"viewer","principal":{"type":"group","id":"g-1"},"scope":{"type":"resource","resource":"r-1"},"orgId":"org-a"})");
  CHECK(r->requests[0].path == "/v1/regions/global/iam/policies");
  CHECK(iamc::backend::make_slug(r->requests[0]) == "viewer-u-1");
}

TEST_CASE("astra puts every scope of a principal in one request") {
  auto r = compile(R"(target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
in astra.prod {
  grant member to group("8b5b54da-ae53-497a-963d-1fc89990525b")
      on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241", recursive: false), namespace(label: "app=dev"), all_namespaces
  grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231") on []
})");
  REQUIRE(r->requests.size() == 2);
  CHECK(r->requests[0].path ==
        "/accounts/9fd87309-067f-48c9-a331-527796c14cf3/core/v1/groups/8b5b54da-ae53-497a-963d-1fc89990525b/roleBindings");
  CHECK(body(r->requests[0]) ==
        R"({"type":"application/astra-roleBinding","version":"1.1","groupID":"8b5b54da-ae53-497a-963d-1fc89990525b","accountID":"9fd87309-067f-48c9-a331-527796c14cf3","role":"member","roleConstraints":["namespaces:id='89a3965f-b52c-5397-9236-e214dca5a241'","namespaces:kubernetesLabels='app=dev'.*","namespaces:*.*"]})");
  CHECK(body(r->requests[1]).find(R"("roleConstraints":[])") != std::string::npos);
  CHECK(r->requests[0].content_type == "application/astra-roleBinding+json");
}

TEST_CASE("target filter selects kinds and instances") {
  std::string src = R"(target astra a { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
target astra b { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
target redpanda r { }
in astra.a { grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231") }
in astra.b { grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231") }
in redpanda.r { grant Reader to user("d1qgqs6rb0h0c8u1j0a0") }
)";
  CHECK(compile(src)->requests.size() == 3);
  CHECK(compile(src, {"astra"})->requests.size() == 2);
  auto only_b = compile(src, {"astra.b"});
  REQUIRE(only_b->requests.size() == 1);
  CHECK(only_b->requests[0].instance == "b");
  auto rp = compile(src, {"redpanda"});
  REQUIRE(rp->requests.size() == 1);
  CHECK(body(rp->requests[0]) == R"({"role_binding":{"account_id":"d1qgqs6rb0h0c8u1j0a0","role_name":"Reader"}})");
}

TEST_CASE("frontier connect transport wraps the body") {
  auto r = compile(R"(target frontier f { transport = "connect" }
in frontier.f {
  grant app_project_manager to group("92f69c3a-334b-4f25-90b8-4d4f3be6b825"), service_account("5e1f3ad0-6a1d-4f7e-8f43-2b7f0d9c1a55")
      on project("70f69c3a-334b-4f25-90b8-4d4f3be6b8e2")
})");
  REQUIRE(r->requests.size() == 2);
  CHECK(r->requests[0].path == "/raystack.frontier.v1beta1.FrontierService/CreatePolicy");
  CHECK(body(r->requests[0]) ==
        R"({"body":{"roleId":"app_project_manager","resource":"app/project:70f69c3a-334b-4f25-90b8-4d4f3be6b8e2","principal":"app/group:92f69c3a-334b-4f25-90b8-4d4f3be6b825"}})");
  CHECK(body(r->requests[1]).find(R"("principal":"app/serviceuser:5e1f3ad0-6a1d-4f7e-8f43-2b7f0d9c1a55")") != std::string::npos);
}

TEST_CASE("connhex members follow the upstream subject syntax") {
  auto r = compile(R"(target connhex c { }
in connhex.c {
  policy p-1 {
    name = "P"
    members = [user("alice"), user("bob", idp: ldap), team("ops", idp: saml), token("tk"), everyone]
    deny actions ["core:things:delete"] resources ["*"] on all_tenants
  }
})");
  REQUIRE(r->requests.size() == 1);
  CHECK(body(r->requests[0]) ==
        R"({"name":"P","id":"p-1","members":["user:local:alice","user:ldap:bob","team:saml:ops","token:tk","*"],"statements":[{"actions":["core:things:delete"],"resources":["*"],"tenants":["*"],"effect":"DENY"}],"tenants":[]})");
}

TEST_CASE("backends do not crash on an unchecked model") {
  // Principal and scope kinds each target lacks are skipped, never dereferenced blindly.
  auto r = compile(R"(target k0rdent k { }
target astra a { }
target frontier f { }
target redpanda r { }
target connhex c { }
in k0rdent.k { grant x to team("t"), token("y") on tenant("z"), everything }
in astra.a { grant x to team("t"), service_account("s") on cluster("c") }
in frontier.f { grant x to everyone on everything, tenant("t") }
in redpanda.r { grant x to team("t") on namespace(id: "n"), everything }
in connhex.c { policy p { members = [group("g")] allow on namespace(id: "n") } }
)",
                   {}, /*allow_errors=*/true);
  CHECK(r->c.sink.has_errors());  // the checker rejects all of it; the backends must still cope
  // Only the Connhex policy is left (with no members and one statement without tenants).
  REQUIRE(r->requests.size() == 1);
  CHECK(r->requests[0].target == "connhex");
}
