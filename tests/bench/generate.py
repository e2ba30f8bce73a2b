#!/usr/bin/env python3
"""Writes a deterministic, realistic iamc project of N grants for the benchmark (issue 6).

    python3 tests/bench/generate.py --grants N --form dsl|yaml --out DIR [--seed S] [--per-file K]
    python3 tests/bench/generate.py --from PEERS/grants.json --form dsl|yaml --out DIR

The project spreads N grants over the five targets (Astra, k0rdent, Redpanda, Frontier, Connhex;
two instances each where the platform has environments), split into files of at most --per-file
grants (default 1000), one `in` block per file. `main.iam` includes everything, and every grant
file includes `../targets.iam` and `../people.iam`, as a real project would. Files define `let`s
for the teams and scopes they use more than once; `people.iam` holds project-wide teams.

Every abstract grant becomes exactly one API request (one principal, one scope), so grants/s equals
requests/s. The generator keeps the project clean for `iamc check`: ids are in each target's
format, no principal gets two grants on the same scope (no duplicate or redundant-grant findings),
privileged roles carry a description and never go to service accounts or wide scopes, and every
`let` is used. The DSL and YAML forms of one seed hold the same abstract grants.

DIR/grants.json lists the abstract grants in the peers' shape (`id`, `principal {kind, id}`, `role`,
`scope {kind, id}`, `description`) plus `target`, `instance`, `file` and optional `title`/`labels`.

--from reads the grants.json written by tests/bench/peers/gen.js and emits exactly those grants as
Redpanda role bindings (what the peer scripts emit): kinds user/group/serviceaccount become user,
group, service_account; scopes org/project/resource become organization, resource_group, cluster;
the four roles viewer/member/admin/owner are declared as custom roles so `role_name` is the peers'
role. Redpanda cluster ids are 20-character XIDs, so a `resource` scope's UUID is written as its
first 19 hex digits (hex digits are XID digits) and a final 0 (a decodable XID ends in 0 or g); `id` and `description` become grant attributes.
"""

import argparse
import json
import os
import random
import sys

HEX = "0123456789abcdef"
XID = "0123456789abcdefghijklmnopqrstuv"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"

WORDS = ["payments", "search", "billing", "fleet", "ingest", "ledger", "checkout", "identity",
         "catalog", "mobile", "growth", "risk", "support", "data", "ml", "edge", "iot", "portal",
         "reports", "audit", "telemetry", "orders", "notify", "maps", "vision", "sync"]
REASONS = ["owns the service", "on-call for incidents", "runs the release pipeline",
           "quarterly access review approved", "migration project", "platform team",
           "break-glass access for the rotation", "data retention duty"]


class Ids:
    """Random ids in every target's format, from one seeded generator."""

    def __init__(self, rng):
        self.r = rng

    def hexs(self, n):
        return "".join(self.r.choice(HEX) for _ in range(n))

    def uuid(self):
        return f"{self.hexs(8)}-{self.hexs(4)}-4{self.hexs(3)}-{self.r.choice('89ab')}{self.hexs(3)}-{self.hexs(12)}"

    def xid(self):
        # 12 bytes in 20 base32hex characters: the last one is 0 or g (its low 4 bits are zero).
        return "".join(self.r.choice(XID) for _ in range(19)) + self.r.choice("0g")

    def k0(self, prefix):
        return f"{prefix}-{''.join(self.r.choice(B36) for _ in range(7))}{self.r.choice('abcdefghjk')}"

    def word(self):
        return self.r.choice(WORDS)


# (target, instance, share of the grants)
INSTANCES = [("astra", "prod", 0.12), ("astra", "staging", 0.08),
             ("k0rdent", "prod", 0.12), ("k0rdent", "staging", 0.08),
             ("redpanda", "cloud", 0.22),
             ("frontier", "portal", 0.22),
             ("connhex", "iot", 0.16)]

TARGETS_DSL = """# The target instances and the custom roles each platform declares.
target astra prod    { account = "09bc95a3-abe7-4d43-886d-bda51fbbf988" }
target astra staging { account = "4123e130-f817-4fc9-af3d-6b2718df815e" }
target k0rdent prod {
  org = "org-nw1"
  role deployer
  role operator
}
target k0rdent staging {
  org = "org-nw1-staging"
  role deployer
  role operator
}
target redpanda cloud {
  role TopicPublisher
}
target frontier portal {
  transport = "connect"
  role fleet_auditor = "f96f588e-edef-4d46-8285-4d2dff983f39"
}
target connhex iot {
  role fleet-operator
}
"""

TARGETS_YAML = """# The target instances and the custom roles each platform declares.
targets:
  - {target: astra, name: prod, account: "09bc95a3-abe7-4d43-886d-bda51fbbf988"}
  - {target: astra, name: staging, account: "4123e130-f817-4fc9-af3d-6b2718df815e"}
  - target: k0rdent
    name: prod
    org: org-nw1
    roles: [deployer, operator]
  - target: k0rdent
    name: staging
    org: org-nw1-staging
    roles: [deployer, operator]
  - target: redpanda
    name: cloud
    roles: [TopicPublisher]
  - target: frontier
    name: portal
    transport: connect
    roles:
      - {name: fleet_auditor, id: "f96f588e-edef-4d46-8285-4d2dff983f39"}
  - target: connhex
    name: iot
    roles: [fleet-operator]
"""

FROM_TARGETS_DSL = """# The Redpanda organisation the peers' grants go to; the peers' four roles are custom roles.
target redpanda cloud {
  role viewer
  role member
  role admin
  role owner
}
"""

FROM_TARGETS_YAML = """# The Redpanda organisation the peers' grants go to; the peers' four roles are custom roles.
targets:
  - target: redpanda
    name: cloud
    roles: [viewer, member, admin, owner]
"""


# ---------------------------------------------------------------------------------------------
# Abstract values. A principal or scope is a dict: {"kind", "id", ...}; "let" names a definition.

def principal_kinds(target):
    return {"astra": ["user", "group"], "k0rdent": ["user", "group", "service_account"],
            "redpanda": ["user", "group", "service_account"],
            "frontier": ["user", "group", "service_account"], "connhex": ["user", "team"]}[target]


def new_principal(ids, target, kind):
    if target == "astra":
        pid = ids.uuid()
    elif target == "k0rdent":
        pid = ids.k0({"user": "user", "group": "group", "service_account": "sa"}[kind])
    elif target == "redpanda":
        pid = ids.xid()
    elif target == "frontier":
        pid = ids.uuid()
    else:  # connhex: local user names and teams
        pid = f"{ids.word()}-{ids.hexs(6)}"
    return {"kind": kind, "id": pid}


def new_scope(ids, target, rng):
    """A specific (non-wildcard) scope of the target."""
    if target == "astra":
        x = rng.random()
        if x < 0.15:
            return {"kind": "namespace_label", "id": f"app={ids.word()}-{ids.hexs(4)}"}
        if x < 0.35:
            return {"kind": "namespace", "id": ids.uuid(), "recursive": False}
        return {"kind": "namespace", "id": ids.uuid()}
    if target == "k0rdent":
        x = rng.random()
        if x < 0.55:
            return {"kind": "project", "id": ids.k0("proj")}
        if x < 0.85:
            return {"kind": "resource", "id": ids.k0("cluster")}
        return {"kind": "org", "id": ids.k0("org")}
    if target == "redpanda":
        x = rng.random()
        if x < 0.40:
            return {"kind": "cluster", "id": ids.xid()}
        if x < 0.55:
            return {"kind": "network", "id": ids.xid()}
        if x < 0.75:
            return {"kind": "resource_group", "id": ids.uuid()}
        return {"kind": "topic", "id": f"{ids.word()}.{ids.word()}.v{rng.randint(1, 4)}", "dataplane": ids.xid()}
    if target == "frontier":
        x = rng.random()
        if x < 0.35:
            return {"kind": "org", "id": ids.uuid()}
        if x < 0.75:
            return {"kind": "project", "id": ids.uuid()}
        if x < 0.90:
            return {"kind": "group", "id": ids.uuid()}
        return {"kind": "resource", "id": f"fleet/robot:{ids.uuid()}"}
    return {"kind": "tenant", "id": f"{ids.word()}-{rng.randint(1, 999)}"}


def wide_scope(target):
    return {"astra": {"kind": "all_namespaces"}, "k0rdent": {"kind": "everything"},
            "redpanda": {"kind": "everything"}, "frontier": None, "connhex": {"kind": "all_tenants"}}[target]


def pick_role(target, scope, principal, rng):
    """Returns (role, privileged)."""
    sa = principal["kind"] in ("service_account", "token")
    wide = scope["kind"] in ("everything", "all_namespaces", "all_tenants")
    x = rng.random()
    if target == "astra":
        return ("viewer", False) if x < 0.6 else ("member", False)
    if target == "k0rdent":
        return ("viewer", False) if x < 0.5 else (("deployer", False) if x < 0.8 else ("operator", False))
    if target == "redpanda":
        if scope["kind"] == "topic":
            return ("TopicPublisher", False) if x < 0.3 else ("Reader", False)
        if x < 0.5:
            return "Reader", False
        if x < 0.9 or sa or wide:
            return "Writer", False
        return "Admin", True
    if target == "frontier":
        ns = scope["kind"]
        if ns == "resource":
            return "fleet_auditor", False
        # privileged roles only below the organisation (an org-wide admin is lint L001)
        table = {"org": (["app_organization_viewer", "app_billing_manager"], []),
                 "project": (["app_project_viewer"], ["app_project_manager"]),
                 "group": (["app_group_member"], ["app_group_owner"])}[ns]
        if x < 0.9 or sa or not table[1]:
            return rng.choice(table[0]), False
        return table[1][0], True
    return ("viewer", False) if x < 0.7 else ("fleet-operator", False)


# ---------------------------------------------------------------------------------------------

def plan_project(n, seed, per_file):
    """The abstract grants, grouped by file, plus the let definitions each file declares."""
    rng = random.Random(seed)
    ids = Ids(rng)
    counts = [int(n * share) for _, _, share in INSTANCES]
    counts[4] += n - sum(counts)  # the remainder goes to Redpanda
    used = set()  # (instance, principal, scope): each at most once, so no duplicate/redundant findings
    # Project-wide teams in people.iam, a handful per instance.
    people = []
    team_pool = {}
    for (target, inst, _), count in zip(INSTANCES, counts):
        teams = []
        for k in range(min(6, max(1, count // 50))):
            kind = "team" if target == "connhex" else "group"
            p = new_principal(ids, target, kind)
            p["let"] = f"{target[:2]}_{inst}_{ids.word()}_{k}"
            people.append((target, p))
            teams.append(p)
        team_pool[(target, inst)] = teams
    files = []
    gid = 0
    for (target, inst, _), count in zip(INSTANCES, counts):
        nfiles = max(1, -(-count // per_file)) if count else 0
        for f in range(nfiles):
            size = count // nfiles + (1 if f < count % nfiles else 0)
            path = f"{target}/{inst}-{f + 1:04d}"
            prefix = f"{target[:2]}{inst[:1]}{f + 1}"
            # File-local lets: a few teams and scopes, each used more than once.
            nlet = max(1, min(8, size // 40))
            lets_p = []
            for k in range(nlet):
                p = new_principal(ids, target, "team" if target == "connhex" else "group")
                p["let"] = f"{prefix}_{ids.word()}_team{k}"
                lets_p.append(p)
            lets_s = []
            for k in range(nlet):
                s = new_scope(ids, target, rng)
                s["let"] = f"{prefix}_{ids.word()}_{s['kind']}{k}"
                s["is_scope"] = True
                lets_s.append(s)
            grants = []
            pending_p = list(lets_p)   # every let is used at least once
            pending_s = list(lets_s)
            globals_ = team_pool[(target, inst)] if f == 0 else []
            pending_g = list(globals_)
            for i in range(size):
                # principal: a let (global or local) or an inline one
                if pending_g:
                    p = pending_g.pop()
                elif pending_p:
                    p = pending_p.pop()
                elif rng.random() < 0.35:
                    p = rng.choice(lets_p)
                else:
                    p = new_principal(ids, target, rng.choice(principal_kinds(target)))
                # scope: a let, a specific inline one, or (for fresh principals only) the widest one
                if pending_s:
                    s = pending_s.pop()
                elif rng.random() < 0.3:
                    s = rng.choice(lets_s)
                else:
                    s = new_scope(ids, target, rng)
                if "let" not in p and wide_scope(target) and rng.random() < 0.03:
                    s = wide_scope(target)
                key = (inst, target, p["kind"], p["id"], s["kind"], s.get("id"))
                if key in used:  # re-roll with a fresh principal, which is never used twice
                    p = new_principal(ids, target, rng.choice(principal_kinds(target)))
                    key = (inst, target, p["kind"], p["id"], s["kind"], s.get("id"))
                used.add(key)
                role, privileged = pick_role(target, s, p, rng)
                g = {"id": f"g{gid}", "target": target, "instance": inst, "file": path,
                     "principal": p, "role": role, "scope": s}
                if privileged or rng.random() < 0.25:
                    g["description"] = f"{ids.word()} {rng.choice(REASONS)}"
                if target in ("k0rdent", "frontier") and rng.random() < 0.3:
                    g["title"] = f"{ids.word().capitalize()} access {gid}"
                if target in ("astra", "frontier") and rng.random() < 0.15:
                    g["labels"] = {"team": ids.word(), "env": inst}
                if target == "k0rdent" and s["kind"] == "org":
                    g["org"] = s["id"]  # orgId must name the org the scope names (C029)
                grants.append(g)
                gid += 1
            files.append({"path": path, "target": target, "instance": inst,
                          "lets": lets_p + lets_s, "grants": grants})
    return people, files


def plan_from(peer_grants, per_file):
    """The peers' grants as Redpanda role bindings, in files of per_file grants."""
    kinds = {"user": "user", "group": "group", "serviceaccount": "service_account"}
    files = []
    for f in range(0, len(peer_grants), per_file):
        grants = []
        for pg in peer_grants[f:f + per_file]:
            sk, sid = pg["scope"]["kind"], pg["scope"]["id"]
            scope = {"org": {"kind": "organization", "id": sid},
                     "project": {"kind": "resource_group", "id": sid},
                     "resource": {"kind": "cluster", "id": sid.replace("-", "")[:19] + "0"}}[sk]
            g = {"id": pg["id"], "target": "redpanda", "instance": "cloud",
                 "principal": {"kind": kinds[pg["principal"]["kind"]], "id": pg["principal"]["id"]},
                 "role": pg["role"], "scope": scope}
            if "description" in pg:
                g["description"] = pg["description"]
            g["file"] = f"redpanda/cloud-{f // per_file + 1:04d}"
            grants.append(g)
        files.append({"path": grants[0]["file"], "target": "redpanda", "instance": "cloud",
                      "lets": [], "grants": grants, "with_id": True})
    return [], files


# ---------------------------------------------------------------------------------------------
# DSL

def q(s):
    return json.dumps(s, ensure_ascii=False)


def dsl_principal(p, ref=True):
    if ref and "let" in p:
        return p["let"]
    if p["kind"] == "team" and p.get("idp"):
        return f'team({q(p["id"])}, idp: {p["idp"]})'
    return f'{p["kind"]}({q(p["id"])})'


def dsl_scope(s, ref=True):
    if ref and "let" in s:
        return s["let"]
    k = s["kind"]
    if k in ("everything", "all_namespaces", "all_tenants"):
        return k
    if k == "namespace_label":
        return f'namespace(label: {q(s["id"])})'
    if k == "namespace":
        return f'namespace(id: {q(s["id"])}' + (", recursive: false)" if s.get("recursive") is False else ")")
    if k == "topic":
        return f'topic({q(s["id"])}, dataplane: {q(s["dataplane"])})'
    return f'{k}({q(s["id"])})'


def dsl_file(fl, include_people):
    out = [f"# {fl['target']}.{fl['instance']}: generated by tests/bench/generate.py", 'include "../targets.iam"']
    if include_people:
        out.append('include "../people.iam"')
    out.append("")
    for v in fl["lets"]:
        out.append(f"let {v['let']} = " + (dsl_scope(v, False) if is_scope(v) else dsl_principal(v, False)))
    out.append("")
    out.append(f"in {fl['target']}.{fl['instance']} {{")
    for g in fl["grants"]:
        out.extend(dsl_grant(g, fl.get("with_id", False)))
    out.append("}")
    return "\n".join(out) + "\n"


def is_scope(v):
    return v.get("is_scope", False)


def dsl_attrs(g, with_id):
    attrs = []
    if with_id:
        attrs.append(f"id = {q(g['id'])}")
    if "title" in g:
        attrs.append(f"title = {q(g['title'])}")
    if "description" in g:
        attrs.append(f"description = {q(g['description'])}")
    if "org" in g:
        attrs.append(f"org = {q(g['org'])}")
    if "labels" in g:
        attrs.append("labels = { " + "  ".join(f"{k} = {q(v)}" for k, v in g["labels"].items()) + " }")
    return attrs


def dsl_grant(g, with_id):
    if g["target"] == "connhex":
        lines = [f"  policy p-{g['id'][1:]} {{", f"    name = {q('Policy ' + g['id'])}",
                 f"    members = [{dsl_principal(g['principal'])}]"]
        if "description" in g:
            lines.insert(1, f"    # {g['description']}")
        lines.append(f"    allow {g['role']} on {dsl_scope(g['scope'])}")
        lines.append("  }")
        return lines
    head = f"  grant {g['role']} to {dsl_principal(g['principal'])}"
    if g["scope"]["kind"] != "everything" or g["target"] != "redpanda":
        head += f" on {dsl_scope(g['scope'])}"
    attrs = dsl_attrs(g, with_id)
    if not attrs:
        return [head]
    if len(attrs) == 1 and len(head) + len(attrs[0]) < 150:
        return [f"{head} {{ {attrs[0]} }}"]
    return [head + " {"] + [f"    {a}" for a in attrs] + ["  }"]


def dsl_people(people):
    out = ["# Project-wide teams, one directory per platform."]
    for target, p in people:
        out.append(f"let {p['let']} = {dsl_principal(p, False)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# YAML (the same abstract values; see the brief's YAML form)

def y_principal(p, ref=True):
    if ref and "let" in p:
        return p["let"]
    return f'{{{p["kind"]}: {q(p["id"])}}}'


def y_scope(s, ref=True):
    if ref and "let" in s:
        return s["let"]
    k = s["kind"]
    if k in ("everything", "all_namespaces", "all_tenants"):
        return k
    if k == "namespace_label":
        return f'{{namespace: {{label: {q(s["id"])}}}}}'
    if k == "namespace":
        return f'{{namespace: {{id: {q(s["id"])}' + (", recursive: false}}" if s.get("recursive") is False else "}}")
    if k == "topic":
        return f'{{topic: {{id: {q(s["id"])}, dataplane: {q(s["dataplane"])}}}}}'
    return f'{{{k}: {q(s["id"])}}}'


def yaml_file(fl, include_people):
    out = [f"# {fl['target']}.{fl['instance']}: generated by tests/bench/generate.py",
           "include: [../targets.iam.yaml" + (", ../people.iam.yaml]" if include_people else "]")]
    if fl["lets"]:
        out.append("let:")
        for v in fl["lets"]:
            out.append(f"  {v['let']}: " + (y_scope(v, False) if is_scope(v) else y_principal(v, False)))
    inst = f"{fl['target']}.{fl['instance']}"
    if fl["target"] == "connhex":
        out.append("policies:")
        for g in fl["grants"]:
            if "description" in g:
                out.append(f"  # {g['description']}")
            out.append(f"  - in: {inst}")
            out.append(f"    policy: p-{g['id'][1:]}")
            out.append(f"    name: {q('Policy ' + g['id'])}")
            out.append(f"    members: [{y_principal(g['principal'])}]")
            out.append(f"    statements:")
            out.append(f"      - {{effect: allow, role: {g['role']}, on: {y_scope(g['scope'])}}}")
    else:
        out.append("grants:")
        for g in fl["grants"]:
            out.append(f"  - in: {inst}")
            out.append(f"    grant: {g['role']}")
            out.append(f"    to: {y_principal(g['principal'])}")
            if g["scope"]["kind"] != "everything" or g["target"] != "redpanda":
                out.append(f"    on: {y_scope(g['scope'])}")
            if fl.get("with_id"):
                out.append(f"    id: {q(g['id'])}")
            for key in ("title", "description", "org"):
                if key in g:
                    out.append(f"    {key}: {q(g[key])}")
            if "labels" in g:
                out.append("    labels: {" + ", ".join(f"{k}: {q(v)}" for k, v in g["labels"].items()) + "}")
    return "\n".join(out) + "\n"


def yaml_people(people):
    out = ["# Project-wide teams, one directory per platform.", "let:"]
    for target, p in people:
        out.append(f"  {p['let']}: {y_principal(p, False)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------

def abstract(g):
    """The grants.json record: the peers' keys first."""
    def strip(v):
        return {k: x for k, x in v.items() if k not in ("let", "is_scope")}
    rec = {"id": g["id"], "principal": strip(g["principal"]), "role": g["role"], "scope": strip(g["scope"])}
    for key in ("description", "title", "labels"):
        if key in g:
            rec[key] = g[key]
    rec.update({"target": g["target"], "instance": g["instance"], "file": g["file"]})
    return rec


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--grants", type=int, help="number of grants (ignored with --from)")
    ap.add_argument("--form", choices=["dsl", "yaml"], required=True)
    ap.add_argument("--out", required=True, help="output directory (created; existing generated files are replaced)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--per-file", type=int, default=1000, help="grants per file (default 1000)")
    ap.add_argument("--from", dest="from_", metavar="GRANTS_JSON", help="the peers' grants.json (gen.js)")
    a = ap.parse_args(argv)
    if a.from_:
        with open(a.from_) as f:
            people, files = plan_from(json.load(f), a.per_file)
    elif a.grants is None or a.grants < 1:
        ap.error("--grants N (N >= 1) or --from GRANTS_JSON is required")
    else:
        people, files = plan_project(a.grants, a.seed, a.per_file)
    ext = ".iam" if a.form == "dsl" else ".iam.yaml"
    os.makedirs(a.out, exist_ok=True)
    for d in {os.path.dirname(fl["path"]) for fl in files}:
        os.makedirs(os.path.join(a.out, d), exist_ok=True)
    targets = (FROM_TARGETS_DSL if a.from_ else TARGETS_DSL) if a.form == "dsl" else (FROM_TARGETS_YAML if a.from_ else TARGETS_YAML)
    write = lambda rel, text: open(os.path.join(a.out, rel), "w").write(text)
    write("targets" + ext, targets)
    if people:
        write("people" + ext, dsl_people(people) if a.form == "dsl" else yaml_people(people))
    for fl in files:
        write(fl["path"] + ext, dsl_file(fl, bool(people)) if a.form == "dsl" else yaml_file(fl, bool(people)))
    incl = ["targets" + ext] + (["people" + ext] if people else []) + [fl["path"] + ext for fl in files]
    if a.form == "dsl":
        write("main.iam", "# The whole project.\n" + "".join(f'include "{p}"\n' for p in incl))
    else:
        write("main.iam.yaml", "# The whole project.\ninclude:\n" + "".join(f"  - {p}\n" for p in incl))
    with open(os.path.join(a.out, "grants.json"), "w") as f:
        json.dump([abstract(g) for fl in files for g in fl["grants"]], f)
    total = sum(len(fl["grants"]) for fl in files)
    print(f"{a.out}: {total} grants in {len(files)} grant files ({a.form})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
