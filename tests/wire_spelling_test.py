#!/usr/bin/env python3
"""Every backend spells principal and scope kinds on the wire exactly as its catalogue says.

The catalogues (stdlib/<target>.yaml) hold each kind's wire spelling (`wire:`); the backends
(compiler/backends/<target>.cpp) write the requests. This test reads every request in the compile
goldens and examples (`iamc compile --emit ndjson`), takes the principal and scope spellings out of
each body as that target's API carries them, and checks that each one is a spelling the catalogue
lists (patterns such as `namespaces:id='<id>'` match any id), and that every spelling the catalogue
lists is emitted by some request, so a catalogue entry no backend writes cannot go unnoticed.

Usage: wire_spelling_test.py IAMC REPO"""
import json
import os
import re
import subprocess
import sys

import yaml

iamc, repo = sys.argv[1], sys.argv[2]


def pattern(wire):
    """A catalogue spelling as a regex: <id>, <idp>, <label> stand for any text."""
    parts = re.split(r"(<[a-z]+>)", wire)
    return re.compile("^" + "".join(".+" if p.startswith("<") else re.escape(p) for p in parts) + "$")


catalogues = {}
for name in sorted(os.listdir(os.path.join(repo, "stdlib"))):
    if name.endswith(".yaml"):
        with open(os.path.join(repo, "stdlib", name)) as f:
            c = yaml.safe_load(f)
        catalogues[c["target"]] = {
            "principal": {p["wire"]: p["kind"] for p in c.get("principals", [])},
            "scope": {s["wire"]: s["kind"] for s in c.get("scopes", [])},
        }


def spellings(target, body):
    """(principal spellings, scope spellings) that one request body carries."""
    if target == "astra":
        # A recursive constraint is the catalogue's spelling plus ".*" (flavours: Astra role constraints).
        scopes = [c[:-2] if c.endswith(".*") and c != "*" else c for c in body["roleConstraints"]]
        return ["userID" if "userID" in body else "groupID"], scopes
    if target == "k0rdent":
        return [body["principal"]["type"]], [body["scope"]["type"]]
    if target == "redpanda":
        rb = body["role_binding"]
        scope = rb.get("scope")
        return (["account_id"] if "account_id" in rb else []), [scope["resource_type"] if scope else ""]
    if target == "frontier":
        b = body.get("body", body)
        ns = b["resource"].split(":", 1)[0]
        return [b["principal"].split(":", 1)[0]], [ns]
    if target == "connhex":
        scopes = list(body.get("tenants", []))
        for s in body.get("statements", []):
            scopes += s.get("tenants", [])
        return body.get("members", []), scopes
    raise AssertionError(f"no extractor for target {target}")


def matches(kind, target, spelling):
    table = catalogues[target][kind]
    if spelling in table:  # an exact spelling first: "*" is not "<id>"
        return True
    if target == "frontier" and kind == "scope" and "" in table:
        return True  # resource("ns:id") keeps the namespace the source wrote
    return any(pattern(w).match(spelling) for w in table if "<" in w)


def covered(kind, target, wire, seen):
    if "<" not in wire:
        return wire in seen
    return any(pattern(wire).match(s) and s not in catalogues[target][kind] for s in seen)


inputs = []
for suite in ("compile", "compile_files"):
    d = os.path.join(repo, "tests", "golden", suite)
    for dirpath, _, names in os.walk(d):
        inputs += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith((".iam", ".iam.yaml"))]
seen = {t: {"principal": set(), "scope": set()} for t in catalogues}
problems = []
requests = 0
examples = os.path.join(repo, "examples")
example_projects = [os.path.join(examples, n) for n in sorted(os.listdir(examples))
                    if os.path.isfile(os.path.join(examples, n, ".iamc.yaml"))]  # compile takes one project
for path in inputs + example_projects:
    p = subprocess.run([iamc, "compile", "--emit", "ndjson", "--color=never", path], capture_output=True, text=True,
                       timeout=120)
    for line in p.stdout.splitlines():
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        if "body" not in r:
            continue
        requests += 1
        principals, scopes = spellings(r["target"], r["body"])
        for kind, values in (("principal", principals), ("scope", scopes)):
            for v in values:
                seen[r["target"]][kind].add(v)
                if not matches(kind, r["target"], v):
                    problems.append(f"{r['target']} {kind} spelled {v!r} on the wire ({r.get('source')}), "
                                    f"not one of stdlib/{r['target']}.yaml's: {sorted(catalogues[r['target']][kind])}")
for target, kinds in catalogues.items():
    for kind, table in kinds.items():
        for wire, name in table.items():
            if wire == "" or covered(kind, target, wire, seen[target][kind]):
                continue
            problems.append(f"{target}: the catalogue's {kind} '{name}' (wire {wire!r}) appears in no emitted "
                            f"request: add a compile golden that uses it")
for p in problems:
    print(p)
print(f"{requests} requests checked; {len(problems)} problems")
assert requests > 50, "too few requests: the goldens were not found"
sys.exit(1 if problems else 0)
