#!/usr/bin/env python3
"""Turns `iamc compile --emit ndjson` output into a state folder, as the APIs would list it.

Usage: state_from_requests.py REQUESTS.ndjson STATE_DIR

Each create request becomes one live binding in STATE_DIR/<target>.<instance>.json, shaped as
that target's list endpoint returns it (docs/plan.md): Astra `{"items": [...]}`, Redpanda pages
of `{"role_bindings": [...]}`, Frontier `{"policies": [...]}` with role ids (and the roles file
that maps them to names), Connhex `{"policies": [...]}` of CUSTOM policies, k0rdent a bare array.
Ids are made up but stable (uuid5 of the request), so a test can run it twice and compare.
"""
import json
import os
import sys
import uuid

NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
NIL = "00000000-0000-0000-0000-000000000000"


def stable_id(*parts):
    return str(uuid.uuid5(NS, "\x1f".join(parts)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    items = {}   # (target, instance) -> [item]
    roles = {}   # instance -> {name: id}
    with open(src) as fh:
        for n, line in enumerate(fh):
            req = json.loads(line)
            key = (req["target"], req["instance"])
            body = req["body"]
            rid = stable_id(req["target"], req["instance"], str(n))
            t = req["target"]
            if t == "astra":
                item = dict(body)
                item["id"] = rid
                item["principalType"] = "user" if "userID" in body else "group"
                item.setdefault("userID", NIL)
                item.setdefault("groupID", NIL)
                item.setdefault("metadata", {})
                item["metadata"].setdefault("labels", [])
                item["metadata"]["creationTimestamp"] = "2026-01-01T00:00:00Z"
            elif t == "redpanda":
                item = dict(body["role_binding"])
                item["id"] = rid
            elif t == "frontier":
                policy = body.get("body", body)
                role = policy["roleId"]
                names = roles.setdefault(req["instance"], {})
                try:
                    uuid.UUID(role)
                    role_id = role  # already an id (a custom role)
                except ValueError:
                    role_id = names.setdefault(role, stable_id("role", role))
                item = {"id": rid, "title": policy.get("title", ""), "role_id": role_id,
                        "resource": policy["resource"], "principal": policy["principal"],
                        "metadata": policy.get("metadata", {}), "created_at": "2026-01-01T00:00:00Z"}
            elif t == "connhex":
                item = dict(body)
                item["type"] = "CUSTOM"
            elif t == "k0rdent":
                item = dict(body)
                item["uid"] = rid
                item.setdefault("id", "policy-" + rid[:8])
                item["createdAt"] = "2026-01-01T00:00:00Z"
            else:
                sys.exit(f"unknown target {t}")
            items.setdefault(key, []).append(item)
    os.makedirs(out, exist_ok=True)
    for (target, instance), listed in items.items():
        if target == "astra":
            doc = {"type": "application/astra-roleBindings", "version": "1.1", "items": listed, "metadata": {}}
        elif target == "redpanda":
            doc = [{"role_bindings": listed[i:i + 100], "next_page_token": ""} for i in range(0, len(listed), 100)]
        elif target in ("frontier", "connhex"):
            doc = {"policies": listed}
        else:
            doc = listed
        with open(os.path.join(out, f"{target}.{instance}.json"), "w") as fh:
            json.dump(doc, fh, indent=1)
    for instance, names in roles.items():
        doc = {"roles": [{"id": rid, "name": name} for name, rid in sorted(names.items())]}
        with open(os.path.join(out, f"frontier.{instance}.roles.json"), "w") as fh:
            json.dump(doc, fh, indent=1)


if __name__ == "__main__":
    main()
