#!/usr/bin/env python3
"""`iamc test` with 100 cases over a generated N-grant project, beside `iamc check` on the same
project (issue 16: under 2x). A figure for docs/performance.md, measured on request, never a
timed test.

    python3 tests/bench/access_tests.py IAMC [--grants 100000] [--cases 100] [--repeat 3] [--work DIR]

The project is tests/bench/generate.py's (DSL). The cases are written to a test file outside the
project, built from the project's own grants.json so every query names real subjects and scopes:
per target instance, who has access to a scope some grant names (with and without a role floor),
what a principal can do, `who: "*"` over an instance with `never`/`excludes`/`count`, and
`missing: description`. A tenth of them add or remove a grant with `given:` (a copy of the
access model each). Each case is one pass over the access; the model is built once.
Also measured: `iamc check` with the same 100 cases required (`always: true`).
"""
import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import generate_project, measure  # noqa: E402

SCOPE_KIND = {"namespace": "namespace", "namespace_label": "label", "tenant": "tenant", "project": "project",
              "org": "org", "cluster": "cluster", "topic": "topic", "network": "network",
              "resource_group": "resource_group", "group": "group", "resource": "resource"}


def cases_for(grants, count, always):
    by_instance = {}
    for g in grants:
        by_instance.setdefault(f"{g['target']}.{g['instance']}", []).append(g)
    instances = sorted(by_instance)
    out = []
    i = 0
    while len(out) < count:
        inst = instances[i % len(instances)]
        pool = by_instance[inst]
        g = pool[(i * 7919) % len(pool)]
        kind = SCOPE_KIND.get(g["scope"]["kind"])
        scope = f"{kind}:{g['scope']['id']}" if kind else "*"
        subject = f"{g['principal']['kind']}:{g['principal']['id']}"
        shape = i % 10
        case = {"name": f"case {i}: {inst}", "target": inst}
        if shape in (0, 1):
            case.update({"who": scope, "includes": [subject]})
        elif shape == 2:
            case.update({"who": scope, "role": g["role"], "only": [subject, "group:*"]})
        elif shape == 3:
            case.update({"what": subject, "count": {"min": 1}})
        elif shape == 4:
            case.update({"what": subject, "on": scope if kind else "everything", "never": False, "count": {"max": 1000}})
        elif shape == 5:
            case.update({"who": "*", "role": "admin-class", "excludes": ["service_account:*"]})
        elif shape == 6:
            case.update({"who": "*", "missing": "description", "count": {"max": 1000000}})
        elif shape == 7:
            case.update({"who": "*", "excludes": ["everyone"]})
        elif shape == 8:
            case.update({"what": subject, "only": ["*"]})
        else:
            case.update({"who": scope, "excludes": ["user:nobody"]})
            if not always:
                case["given"] = {"remove": [{"to": subject}]}
        case.pop("never", None)
        if always:
            case["always"] = True
        out.append(case)
        i += 1
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("iamc")
    ap.add_argument("--grants", type=int, default=100000)
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "iamc-bench"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    project = generate_project(args.work, "dsl", args.grants, 1)
    grants = json.load(open(os.path.join(project, "grants.json")))
    files = {}
    for always in (False, True):
        path = os.path.join(args.work, f"bench-{args.grants}-{'required' if always else 'cases'}.iamtest.yaml")
        with open(path, "w") as fh:  # JSON is YAML: one flow document
            json.dump({"tests": cases_for(grants, args.cases, always)}, fh, indent=1)
        files[always] = path
    r = {
        "check": measure([args.iamc, "check", project], args.repeat),
        "test": measure([args.iamc, "test", project, files[False]], args.repeat),
        "check_required": measure([args.iamc, "check", project, files[True]], args.repeat),
    }
    for name, m in r.items():
        print(f"{name:15} {m['s']:.3f} s (min {m['min_s']:.3f}, cpu {m['cpu_s']:.3f}, peak {m['rss_kb'] // 1024} MB, "
              f"exit {m['rc']})")
    print(f"test / check = {r['test']['s'] / r['check']['s']:.2f}; "
          f"check with {args.cases} required / check = {r['check_required']['s'] / r['check']['s']:.2f}")


if __name__ == "__main__":
    main()
