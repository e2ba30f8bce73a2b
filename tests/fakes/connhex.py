"""A fake of Connhex IAM policies (its upstream: Chef Automate IAM v2,
tests/specs/connhex/chef-automate-upstream/, served under /iam/policies as Connhex does): list
(no pagination), create (409 for an existing id), update (PUT, the whole policy), delete, and
the vendor's system policies (type CHEF_MANAGED) beside the custom ones. Errors are the
grpc-gateway shape `{error, code, message, details}`."""
from base import FakeAPI, Reply

GRPC = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13, 503: 14}
SYSTEM = {"id": "administrator-access", "name": "Administrator", "type": "CHEF_MANAGED",
          "members": ["team:local:admins"], "statements": [{"effect": "ALLOW", "actions": ["*"], "resources": ["*"]}],
          "tenants": []}


class Connhex(FakeAPI):
    name = "connhex"

    def __init__(self, token):
        super().__init__(token)
        self.policies = [dict(SYSTEM)]

    def error(self, status, message):
        return Reply(status, {"error": message, "code": GRPC.get(status, 2), "message": message, "details": []})

    def find(self, pid):
        return next((i for i, p in enumerate(self.policies) if p["id"] == pid), None)

    def route(self, method, path, query, body):
        # The upstream's own prefix (tests/cli/test_prism.py validates against the upstream spec).
        if path.startswith("/apis/iam/v2/"):
            path = "/iam/" + path[len("/apis/iam/v2/"):]
        if path == "/iam/policies" and method == "GET":
            return Reply(200, {"policies": list(self.policies)})
        if path == "/iam/policies" and method == "POST":
            if not isinstance(body, dict) or not body.get("id") or "statements" not in body:
                return self.error(400, "id, name and statements are required")
            if self.find(body["id"]) is not None:
                return self.error(409, f"policy with id \"{body['id']}\" already exists")
            item = dict(body, type="CUSTOM")
            self.policies.append(item)
            return Reply(200, {"policy": item})
        if path.startswith("/iam/policies/"):
            pid = path[len("/iam/policies/"):]
            i = self.find(pid)
            if i is None:
                return self.error(404, f"no policy with id \"{pid}\"")
            if self.policies[i].get("type") != "CUSTOM":
                return self.error(403, f"policy \"{pid}\" is managed by the system")
            if method == "PUT":
                self.policies[i] = dict(body, id=pid, type="CUSTOM")
                return Reply(200, {"policy": self.policies[i]})
            if method == "DELETE":
                del self.policies[i]
                return Reply(200, {})
        return self.error(404, f"no route {method} {path}")
