"""A fake of Astra Control's role-binding API (tests/specs/astra/astra.json): list with
`limit`/`continue` (the continue token in `metadata.continue`), create under the account, a
user or a group, delete by id, and RFC 7807 problem bodies (`application/problem+json`)."""
import base64
import re
import uuid

from base import FakeAPI, Reply

NIL = "00000000-0000-0000-0000-000000000000"
PREFIX = re.compile(r"^/accounts/([^/]+)/core/v1(/users/([^/]+)|/groups/([^/]+))?/roleBindings(?:/([^/]+))?$")


class Astra(FakeAPI):
    name = "astra"

    def __init__(self, token, account):
        super().__init__(token)
        self.account = account
        self.bindings = []

    def error(self, status, message):
        titles = {400: "Invalid JSON", 401: "Unauthorized", 404: "Resource not found",
                  409: "JSON resource conflict", 429: "Too many requests", 500: "Internal error",
                  503: "Service unavailable"}
        return Reply(status, {"type": f"https://astra.netapp.io/problems/{status}",
                              "title": titles.get(status, "Error"), "detail": message, "status": str(status)},
                     content_type="application/problem+json")

    @staticmethod
    def key(b):
        return (b.get("userID", NIL), b.get("groupID", NIL), b["role"], tuple(sorted(set(b.get("roleConstraints", ["*"])))))

    def route(self, method, path, query, body):
        m = PREFIX.match(path)
        if not m or m.group(1) != self.account:
            return self.error(404, f"no such resource: {path}")
        one = m.group(5)
        if method == "GET" and one is None:
            offset = int(base64.b64decode(query["continue"]).decode()) if "continue" in query else 0
            size = min(int(query.get("limit", self.page_size)), self.page_size)
            items, nxt = self.page(self.bindings, offset, size)
            meta = {}
            if nxt is not None:
                meta["continue"] = base64.b64encode(str(nxt).encode()).decode()
            return Reply(200, {"type": "application/astra-roleBindings", "version": "1.1", "items": items,
                               "metadata": meta})
        if method == "POST" and one is None:
            if not isinstance(body, dict) or "role" not in body or body.get("accountID") != self.account:
                return self.error(400, "the request body is not a roleBinding of this account")
            if m.group(3) and body.get("userID") != m.group(3) or m.group(4) and body.get("groupID") != m.group(4):
                return self.error(400, "the principal in the body is not the one in the path")
            item = {"type": "application/astra-roleBinding", "version": "1.1", "id": str(uuid.uuid4()),
                    "principalType": "user" if "userID" in body else "group", "userID": body.get("userID", NIL),
                    "groupID": body.get("groupID", NIL), "accountID": self.account, "role": body["role"],
                    "roleConstraints": body.get("roleConstraints", ["*"]),
                    "metadata": {"labels": [], "creationTimestamp": "2026-01-01T00:00:00Z"}}
            if any(self.key(b) == self.key(item) for b in self.bindings):
                return self.error(409, "a role binding with these values already exists")
            self.bindings.append(item)
            return Reply(201, item, content_type="application/astra-roleBinding+json")
        if method == "DELETE" and one is not None:
            for i, b in enumerate(self.bindings):
                if b["id"] == one:
                    del self.bindings[i]
                    return Reply(204)
            return self.error(404, f"no role binding {one}")
        return self.error(404, f"no route {method} {path}")
