"""A fake of k0rdent's IAM policies (the API reference's `Policy`; tests/specs/k0rdent/):
`GET /v1/regions/global/iam/policies` with `orgId`, `pageSize`/`pageToken` and
`nextPageToken`, create (an `id` given twice is a 409), delete by id, and errors as
`{code, message}`."""
import uuid

from base import FakeAPI, Reply

PATH = "/v1/regions/global/iam/policies"


class K0rdent(FakeAPI):
    name = "k0rdent"

    def __init__(self, token):
        super().__init__(token)
        self.policies = []

    def error(self, status, message):
        names = {400: "invalid_argument", 401: "unauthenticated", 404: "not_found", 409: "already_exists",
                 429: "resource_exhausted", 500: "internal", 503: "unavailable"}
        return Reply(status, {"code": names.get(status, "unknown"), "message": message})

    @staticmethod
    def key(p):
        pr, sc = p.get("principal") or {}, p.get("scope") or {}
        return (pr.get("type"), pr.get("id"), p.get("role"), sc.get("type"), sc.get("resource", ""), p.get("orgId", ""))

    def route(self, method, path, query, body):
        if path == PATH and method == "GET":
            offset = int(query.get("pageToken") or 0)
            size = min(int(query.get("pageSize") or self.page_size), self.page_size)
            items, nxt = self.page(self.policies, offset, size)
            out = {"items": items}
            if nxt is not None:
                out["nextPageToken"] = str(nxt)
            return Reply(200, out)
        if path == PATH and method == "POST":
            if not isinstance(body, dict) or "role" not in body or "principal" not in body or "scope" not in body:
                return self.error(400, "role, principal and scope are required")
            if any(self.key(p) == self.key(body) or ("id" in body and p["id"] == body["id"]) for p in self.policies):
                return self.error(409, "policy already exists")
            uid = str(uuid.uuid4())
            item = dict(body, uid=uid, createdAt="2026-01-01T00:00:00Z")
            item.setdefault("id", "policy-" + uid[:8])
            self.policies.append(item)
            return Reply(201, item)
        if path.startswith(PATH + "/") and method == "DELETE":
            pid = path[len(PATH) + 1:]
            for i, p in enumerate(self.policies):
                if p["id"] == pid:
                    del self.policies[i]
                    return Reply(204)
            return self.error(404, f"policy {pid} not found")
        return self.error(404, f"no route {method} {path}")
