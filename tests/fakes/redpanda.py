"""A fake of Redpanda Cloud's role bindings (tests/specs/redpanda/cloud-controlplane.yaml):
`GET /v1/role-bindings` with `page_size`/`page_token` and `next_page_token`, create
(`{"role_binding": ...}` in and out, 201), delete by id (204), errors as `rpc.Status`
(`{code, message, details}`, gRPC codes)."""
import uuid

from base import FakeAPI, Reply

GRPC = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13, 503: 14}


class Redpanda(FakeAPI):
    name = "redpanda"

    def __init__(self, token, tls=None):
        super().__init__(token, tls)
        self.bindings = []

    def error(self, status, message):
        return Reply(status, {"code": GRPC.get(status, 2), "message": message, "details": []})

    @staticmethod
    def key(b):
        s = b.get("scope") or {}
        return (b.get("account_id"), b.get("role_name"), s.get("resource_type"), s.get("resource_id", ""),
                s.get("dataplane_id", ""))

    def route(self, method, path, query, body):
        if path == "/v1/role-bindings" and method == "GET":
            offset = int(query.get("page_token") or 0)
            size = min(int(query.get("page_size") or self.page_size), self.page_size)
            items, nxt = self.page(self.bindings, offset, size)
            return Reply(200, {"role_bindings": items, "next_page_token": "" if nxt is None else str(nxt)})
        if path == "/v1/role-bindings" and method == "POST":
            rb = body.get("role_binding") if isinstance(body, dict) else None
            if not isinstance(rb, dict) or not rb.get("account_id") or not rb.get("role_name"):
                return self.error(400, "invalid CreateRoleBindingRequest.RoleBinding: account_id and role_name are required")
            if any(self.key(b) == self.key(rb) for b in self.bindings):
                return self.error(409, "role binding already exists")
            item = dict(rb, id=str(uuid.uuid4()))
            self.bindings.append(item)
            return Reply(201, {"role_binding": item})
        if path.startswith("/v1/role-bindings/") and method == "DELETE":
            rid = path[len("/v1/role-bindings/"):]
            for i, b in enumerate(self.bindings):
                if b["id"] == rid:
                    del self.bindings[i]
                    # The spec's 204 declares application/json content (grpc-gateway's empty message).
                    return Reply(204, headers={"Content-Type": "application/json"})
            return self.error(404, f"role binding {rid} not found")
        return self.error(404, f"no route {method} {path}")
