"""A fake of Frontier's policies (tests/specs/frontier/apidocs.swagger.yaml, REST gateway, and
the Connect calls of frontier.proto): list (no pagination in the API), create (`role_id` or
the documented example's `roleId`, a role name or id; the live policy always carries the
role's id), delete, the roles list, and errors as `googlerpcStatus` (Connect: `{code, message}`
with the code's name)."""
import uuid

from base import FakeAPI, Reply

GRPC = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13, 503: 14}
CONNECT = {400: "invalid_argument", 401: "unauthenticated", 404: "not_found", 409: "already_exists",
           429: "resource_exhausted", 500: "internal", 503: "unavailable"}
SERVICE = "/raystack.frontier.v1beta1.FrontierService/"


class Frontier(FakeAPI):
    name = "frontier"

    def __init__(self, token):
        super().__init__(token)
        self.policies = []
        self.roles = {}  # name -> id: predefined roles get an id the first time they are named

    def error(self, status, message):
        return Reply(status, {"code": GRPC.get(status, 2), "message": message, "details": []})

    def role_id(self, ref):
        try:
            uuid.UUID(ref)
            return ref
        except ValueError:
            return self.roles.setdefault(ref, str(uuid.uuid5(uuid.NAMESPACE_URL, "role/" + ref)))

    def create(self, p):
        ref = p.get("role_id") or p.get("roleId")
        if not ref or not p.get("resource") or not p.get("principal"):
            return self.error(400, "invalid PolicyRequestBody: role_id, resource and principal are required")
        item = {"id": str(uuid.uuid4()), "title": p.get("title", ""), "role_id": self.role_id(ref),
                "resource": p["resource"], "principal": p["principal"], "metadata": p.get("metadata", {}),
                "created_at": "2026-01-01T00:00:00Z"}
        key = lambda x: (x["role_id"], x["resource"], x["principal"])
        if any(key(x) == key(item) for x in self.policies):
            return self.error(409, "policy already exists")
        self.policies.append(item)
        return Reply(200, {"policy": item})

    def delete(self, pid):
        for i, p in enumerate(self.policies):
            if p["id"] == pid:
                del self.policies[i]
                return Reply(200, {})
        return self.error(404, f"policy {pid} not found")

    def roles_list(self):
        return {"roles": [{"id": rid, "name": name, "title": name} for name, rid in sorted(self.roles.items())]}

    def route(self, method, path, query, body):
        if path.startswith(SERVICE) and method == "POST":
            reply = self.connect(path[len(SERVICE):], body or {})
            if reply.status >= 400:  # Connect's error shape: the code's name
                reply.body = {"code": CONNECT.get(reply.status, "unknown"), "message": reply.body["message"]}
            return reply
        if path == "/v1beta1/policies" and method == "GET":
            return Reply(200, {"policies": list(self.policies)})
        if path == "/v1beta1/roles" and method == "GET":
            return Reply(200, self.roles_list())
        if path == "/v1beta1/policies" and method == "POST":
            return self.create(body if isinstance(body, dict) else {})
        if path.startswith("/v1beta1/policies/") and method == "DELETE":
            return self.delete(path[len("/v1beta1/policies/"):])
        return self.error(404, f"no route {method} {path}")

    def connect(self, call, body):
        if call == "ListPolicies":
            return Reply(200, {"policies": list(self.policies)})
        if call == "ListRoles":
            return Reply(200, self.roles_list())
        if call == "CreatePolicy":
            return self.create(body.get("body") or {})
        if call == "DeletePolicy":
            return self.delete(body.get("id", ""))
        return self.error(404, f"no procedure {call}")
