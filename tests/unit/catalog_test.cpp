// The id-format matchers and the embedded target catalogues (stdlib/*.yaml).
#include <catch2/catch.hpp>

#include "catalog/catalog.hpp"

using iamc::catalog::IdFormat;
using iamc::catalog::matches;
using iamc::model::PrincipalKind;
using iamc::model::ScopeKind;
using iamc::model::TargetKind;

TEST_CASE("uuid-v4v5-lower accepts Astra identifiers only", "[catalog]") {
  CHECK(matches(IdFormat::UuidV4V5Lower, "4c27d25a-9edb-4e85-9438-48dc8e917231"));  // v4, variant 9
  CHECK(matches(IdFormat::UuidV4V5Lower, "89a3965f-b52c-5397-9236-e214dca5a241"));  // v5
  CHECK(matches(IdFormat::UuidV4V5Lower, "89a3965f-b52c-5397-c236-e214dca5a241"));  // v5: no variant check
  CHECK(matches(IdFormat::UuidV4V5Lower, "00000000-0000-0000-0000-000000000000"));  // nil
  CHECK_FALSE(matches(IdFormat::UuidV4V5Lower, "4C27D25A-9EDB-4E85-9438-48DC8E917231"));  // uppercase
  CHECK_FALSE(matches(IdFormat::UuidV4V5Lower, "4c27d25a-9edb-4e85-c438-48dc8e917231"));  // v4, bad variant
  CHECK_FALSE(matches(IdFormat::UuidV4V5Lower, "4c27d25a-9edb-1e85-9438-48dc8e917231"));  // v1
  CHECK_FALSE(matches(IdFormat::UuidV4V5Lower, "4c27d25a9edb-4e85-9438-48dc8e917231-"));  // dashes misplaced
  CHECK_FALSE(matches(IdFormat::UuidV4V5Lower, "4c27d25a-9edb-4e85-9438-48dc8e91723"));   // short
  CHECK_FALSE(matches(IdFormat::UuidV4V5Lower, ""));
}

TEST_CASE("uuid and uuid-lower", "[catalog]") {
  CHECK(matches(IdFormat::UuidLower, "a0b40af9-0250-48ca-9417-783ed127ce42"));
  CHECK(matches(IdFormat::UuidLower, "a0b40af9-0250-18ca-0417-783ed127ce42"));
  CHECK_FALSE(matches(IdFormat::UuidLower, "A0B40AF9-0250-48CA-9417-783ED127CE42"));
  CHECK(matches(IdFormat::Uuid, "A0B40AF9-0250-48CA-9417-783ED127CE42"));
  CHECK_FALSE(matches(IdFormat::Uuid, "g0b40af9-0250-48ca-9417-783ed127ce42"));
}

TEST_CASE("xid is 20 characters of base32hex lowercase, ending in 0 or g", "[catalog]") {
  CHECK(matches(IdFormat::Xid, "cjcuq79c4vs94fcufc2g"));
  CHECK(matches(IdFormat::Xid, "d1qgqs6rb0h0c8u1j0a0"));
  CHECK_FALSE(matches(IdFormat::Xid, "cqg168balf4e4pm8ptu"));    // 19 characters
  CHECK_FALSE(matches(IdFormat::Xid, "cjcuq79c4vs94fcufc2w"));   // w is past v
  CHECK_FALSE(matches(IdFormat::Xid, "CJCUQ79C4VS94FCUFC2G"));
  // 96 bits in 100: the last character's low 4 bits are zero, so only 0 and g decode (rs/xid).
  CHECK(matches(IdFormat::Xid, "cjcuq79c4vs94fcufc20"));
  CHECK_FALSE(matches(IdFormat::Xid, "cjcuq79c4vs94fcufc2h"));
  CHECK_FALSE(matches(IdFormat::Xid, "cjcuq79c4vs94fcufc21"));
  CHECK_FALSE(matches(IdFormat::Xid, "cjcuq79c4vs94fcufc2v"));
}

TEST_CASE("k0rdent ids", "[catalog]") {
  CHECK(matches(IdFormat::K0rdentId, "org-s1t2u3"));
  CHECK(matches(IdFormat::K0rdentId, "a"));
  CHECK(matches(IdFormat::K0rdentId, std::string(63, 'a')));
  CHECK_FALSE(matches(IdFormat::K0rdentId, std::string(64, 'a')));
  CHECK_FALSE(matches(IdFormat::K0rdentId, ""));
  CHECK_FALSE(matches(IdFormat::K0rdentId, "1abc"));
  CHECK_FALSE(matches(IdFormat::K0rdentId, "abc-"));
  CHECK_FALSE(matches(IdFormat::K0rdentId, "Abc"));
  CHECK_FALSE(matches(IdFormat::K0rdentId, "compute.viewer"));
}

TEST_CASE("connhex members follow the upstream rule", "[catalog]") {
  for (const char* ok : {"team:local:*", "team:local:viewers", "user:ldap:jane", "user:saml:*", "*", "user:*",
                         "team:*", "token:*", "tls:*", "token:abc", "tls:service:svc:cert", "tls:service:svc:*",
                         "tls:service:svc"}) {
    INFO(ok);
    CHECK(matches(IdFormat::ConnhexMember, ok));
  }
  for (const char* bad : {"team:okta:x", "team:local:", "team:local:a:b", "team:local:a*", "token:", "token:a:b",
                          "group:local:x", "user", "", "tls:service:a:b:c", "team:local"}) {
    INFO(bad);
    CHECK_FALSE(matches(IdFormat::ConnhexMember, bad));
  }
}

TEST_CASE("connhex actions follow the upstream rule", "[catalog]") {
  for (const char* ok : {"*", "*:get", "*:get-all", "core:things:get", "iam:policyMembers:create", "applications:*",
                         "resource:*:get", "core:things:*"}) {
    INFO(ok);
    CHECK(matches(IdFormat::ConnhexAction, ok));
  }
  for (const char* bad : {"", "core", "core:things", "core:*:*", "*:*", "Core:things:get", "core:things:get:x",
                          "core:th-ings:get", "core::get", "*:Get"}) {
    INFO(bad);
    CHECK_FALSE(matches(IdFormat::ConnhexAction, bad));
  }
}

TEST_CASE("connhex resources follow the upstream rule", "[catalog]") {
  // ^[a-z][^:*]*(?::[^:*]+)*(?::[*])?$|^[*]$
  for (const char* ok : {"*", "things", "things:a", "things:a:b", "things:*", "things:a:*", "a b:c-d", "t.x:y"}) {
    INFO(ok);
    CHECK(matches(IdFormat::ConnhexResource, ok));
  }
  for (const char* bad : {"", "Things", "1things", "things:", "things::a", "things:*:a", "*:a", "things*", "things:a*",
                          ":a", "**", "things:*:*"}) {
    INFO(bad);
    CHECK_FALSE(matches(IdFormat::ConnhexResource, bad));
  }
}

TEST_CASE("connhex role ids: the upstream rule with upper case", "[catalog]") {
  CHECK(matches(IdFormat::ConnhexRole, "viewer"));
  CHECK(matches(IdFormat::ConnhexRole, "myRole"));
  CHECK(matches(IdFormat::ConnhexRole, "project-owner_2"));
  CHECK_FALSE(matches(IdFormat::ConnhexRole, ""));
  CHECK_FALSE(matches(IdFormat::ConnhexRole, "plant.admin"));
  CHECK_FALSE(matches(IdFormat::ConnhexRole, "a b"));
  CHECK_FALSE(matches(IdFormat::ConnhexRole, std::string(65, 'a')));
}

TEST_CASE("connhex policy ids, frontier namespaces, astra labels", "[catalog]") {
  CHECK(matches(IdFormat::ConnhexPolicyId, "custom-viewer-policy"));
  CHECK(matches(IdFormat::ConnhexPolicyId, "a_b-1"));
  CHECK_FALSE(matches(IdFormat::ConnhexPolicyId, "My Policy"));
  CHECK_FALSE(matches(IdFormat::ConnhexPolicyId, std::string(65, 'a')));
  CHECK(matches(IdFormat::FrontierNsId, "app/guardian:70f69c3a-334b-4f25-90b8-4d4f3be6b8e2"));
  CHECK_FALSE(matches(IdFormat::FrontierNsId, "app/guardian"));
  CHECK_FALSE(matches(IdFormat::FrontierNsId, "a:b:c"));
  CHECK_FALSE(matches(IdFormat::FrontierNsId, ":b"));
  CHECK_FALSE(matches(IdFormat::FrontierNsId, "a:"));
  CHECK(matches(IdFormat::FrontierId, "92f69c3a"));
  CHECK_FALSE(matches(IdFormat::FrontierId, "app/user:92f69c3a"));
  CHECK(matches(IdFormat::AstraLabel, "app=dev"));
  CHECK(matches(IdFormat::AstraLabel, "kubernetes.io/metadata.name=wordpress"));
  CHECK_FALSE(matches(IdFormat::AstraLabel, "app"));
  CHECK_FALSE(matches(IdFormat::AstraLabel, "=dev"));
  CHECK_FALSE(matches(IdFormat::AstraLabel, "a='b'"));
}

TEST_CASE("format names round-trip", "[catalog]") {
  for (auto f : {IdFormat::None, IdFormat::UuidV4V5Lower, IdFormat::Xid, IdFormat::K0rdentId, IdFormat::ConnhexMember,
                 IdFormat::FrontierNsId, IdFormat::AstraLabel, IdFormat::ConnhexResource,
                 IdFormat::ConnhexRole}) {
    auto parsed = iamc::catalog::parse_format(iamc::catalog::format_name(f));
    REQUIRE(parsed);
    CHECK(*parsed == f);
  }
  CHECK_FALSE(iamc::catalog::parse_format("nope"));
}

TEST_CASE("every embedded catalogue parses", "[catalog]") {
  for (std::size_t i = 0; i < iamc::model::kTargetKindCount; ++i) {
    auto kind = static_cast<TargetKind>(i);
    const auto& c = iamc::catalog::catalog(kind);
    CHECK(c.name == iamc::model::target_kind_name(kind));
    CHECK_FALSE(c.roles.empty());
    CHECK_FALSE(c.principals.empty());
    CHECK_FALSE(c.scopes.empty());
    for (const auto& r : c.roles) CHECK_FALSE(r.from.source.empty());
  }
}

TEST_CASE("astra and redpanda role order", "[catalog]") {
  const auto& astra = iamc::catalog::catalog(TargetKind::Astra);
  CHECK(astra.role_rank("owner") > astra.role_rank("admin"));
  CHECK(astra.role_rank("admin") > astra.role_rank("member"));
  CHECK(astra.role_rank("member") > astra.role_rank("viewer"));
  CHECK(astra.role_rank("nope") == 0);
  CHECK(astra.is_privileged("owner"));
  CHECK(astra.is_privileged("admin"));
  CHECK_FALSE(astra.is_privileged("member"));
  CHECK_FALSE(astra.custom_roles);
  CHECK(astra.wildcard.find("roleConstraints [\"*\"]") == 0);  // quotes survive embedding
  CHECK(astra.find_role("owner")->from.tag == iamc::catalog::Tag::Spec);
  CHECK(astra.setting("account") != nullptr);
  CHECK(astra.setting("account")->required);
  CHECK(astra.principal(PrincipalKind::Team) == nullptr);
  CHECK(astra.principal_kind_list() == "user or group");
  CHECK(astra.scope_kind_list() == "everything, namespace or all_namespaces");
  const auto& rp = iamc::catalog::catalog(TargetKind::Redpanda);
  CHECK(rp.role_rank("Admin") > rp.role_rank("Writer"));
  CHECK(rp.role_rank("Writer") > rp.role_rank("Reader"));
  CHECK(rp.is_privileged("Admin"));
  CHECK(rp.scope(ScopeKind::Topic)->dataplane == iamc::catalog::Dataplane::Required);
  CHECK(rp.scope(ScopeKind::Cluster)->dataplane == iamc::catalog::Dataplane::Forbidden);
  CHECK(rp.scope(ScopeKind::Cluster)->wire == "SCOPE_RESOURCE_TYPE_CLUSTER");
  CHECK(rp.principal(PrincipalKind::Team) == nullptr);
}

TEST_CASE("frontier, connhex and k0rdent facts", "[catalog]") {
  const auto& fr = iamc::catalog::catalog(TargetKind::Frontier);
  CHECK(fr.roles.size() == 10);
  REQUIRE(fr.find_role("app_project_viewer") != nullptr);
  CHECK(fr.find_role("app_project_viewer")->scope == "app/project");
  CHECK(fr.expand_namespace("ORG") == "app/organization");
  CHECK(fr.expand_namespace("app/guardian") == "app/guardian");
  CHECK(fr.scope_required);
  CHECK(fr.setting("transport")->values == std::vector<std::string>{"rest", "connect"});
  const auto& cx = iamc::catalog::catalog(TargetKind::Connhex);
  CHECK(cx.form == iamc::catalog::Form::Policy);
  CHECK(cx.has_deny);
  CHECK(iamc::catalog::severity_for(cx.action->from.tag) == iamc::Severity::Error);
  CHECK(cx.resource->format == iamc::catalog::IdFormat::ConnhexResource);
  CHECK_FALSE(iamc::catalog::catalog(TargetKind::Astra).has_deny);
  const auto& k = iamc::catalog::catalog(TargetKind::K0rdent);
  CHECK(k.attribute("title")->max_chars == 255);
  CHECK(k.attribute("description")->max_chars == 1024);
  CHECK(k.attribute("id")->format == IdFormat::K0rdentId);
  CHECK_FALSE(k.setting("org")->required);
}

TEST_CASE("role lookup per instance: declared roles and frontier role ids", "[catalog]") {
  iamc::model::TargetInstance fr;
  fr.kind = TargetKind::Frontier;
  fr.roles.push_back({"guardian_viewer", "8e73f4a2-3763-4dc6-a00e-7a9aebeaa971", {}, {}, {}, {}});
  CHECK(iamc::catalog::find_role(fr, "app_group_member").builtin != nullptr);
  CHECK(iamc::catalog::find_role(fr, "guardian_viewer").custom != nullptr);
  CHECK(iamc::catalog::find_role(fr, "8e73f4a2-3763-4dc6-a00e-7a9aebeaa971").raw_id);
  CHECK_FALSE(iamc::catalog::find_role(fr, "guardian").known());
  iamc::model::TargetInstance k;
  k.kind = TargetKind::K0rdent;
  CHECK_FALSE(iamc::catalog::find_role(k, "8e73f4a2-3763-4dc6-a00e-7a9aebeaa971").known());
  CHECK(iamc::catalog::role_names(fr).size() == 11);
}

TEST_CASE("connhex member strings", "[catalog]") {
  iamc::model::Principal p;
  p.kind = PrincipalKind::Team;
  p.id = "*";
  CHECK(iamc::catalog::connhex_member(p) == "team:local:*");
  p.idp = "ldap";
  p.kind = PrincipalKind::User;
  p.id = "jane";
  CHECK(iamc::catalog::connhex_member(p) == "user:ldap:jane");
  p.kind = PrincipalKind::Token;
  CHECK(iamc::catalog::connhex_member(p) == "token:jane");
  p.kind = PrincipalKind::Everyone;
  CHECK(iamc::catalog::connhex_member(p) == "*");
}
