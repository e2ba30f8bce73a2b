#!/usr/bin/env python3
"""`iamc plan` and `iamc import` as processes: the round trip (a state made from compile's own
requests plans to no changes; importing a state and planning the imported sources against it
gives no changes; compiling the imported sources gives the bodies the live bindings describe) on
examples/ and on every target's plan goldens, and hostile state files (a million items, deep
nesting, a million problems) that must stay bounded and fast. Run with IAMC=/path/to/iamc.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

IAMC = os.environ.get("IAMC", "iamc")
# Sanitizer builds (IAMC_SANITIZED=1, set by the asan test preset) run several times slower.
SANITIZED = os.environ.get("IAMC_SANITIZED") == "1"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATE_FROM_REQUESTS = os.path.join(REPO, "tests", "tools", "state_from_requests.py")
PLAN_GOLDENS = os.path.join(REPO, "tests", "golden", "plan")
TARGETS = ["astra", "redpanda", "frontier", "connhex", "k0rdent"]


def run(args, cwd=None, timeout=120):
    return subprocess.run([IAMC] + args, cwd=cwd, capture_output=True, timeout=timeout)


def canonical(value):
    """A body with list order removed: the APIs treat these lists as sets."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def bodies(ndjson):
    out = []
    for line in ndjson.splitlines():
        req = json.loads(line)
        body = req["body"]
        if req["target"] == "frontier":
            body = body.get("body", body)  # the transport is not in the state (docs/import.md)
        out.append(json.dumps(canonical(body), sort_keys=True))
    return sorted(out)


class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-plan-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def assert_no_changes(self, sources, state):
        r = run(["plan", "--color=never", "--prune", "--detailed-exitcode", "--state", state] + sources)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertIn(b"Plan: 0 to create, 0 to update, 0 to delete,", r.stdout)
        self.assertNotIn(b"unmanaged kept.\n", r.stdout.replace(b" 0 unmanaged kept.\n", b""))

    def import_state(self, state, form="dsl"):
        out = os.path.join(self.tmp, f"imported-{form}-" + os.path.basename(state))
        r = run(["import", "--color=never", "--state", state, "--out", out, "--form", form])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        suffix = ".iam.yaml" if form == "yaml" else ".iam"
        written = os.listdir(out)
        self.assertTrue(written)
        self.assertTrue(all(name.endswith(suffix) for name in written), written)
        return out

    def roundtrip_sources(self, sources):
        """compile -> state -> plan (0 changes) -> import -> plan (0 changes) -> same bodies."""
        compiled = run(["compile", "--emit", "ndjson"] + sources)
        self.assertEqual(compiled.returncode, 0, compiled.stderr.decode())
        requests = os.path.join(self.tmp, "requests.ndjson")
        with open(requests, "wb") as fh:
            fh.write(compiled.stdout)
        state = os.path.join(self.tmp, "state")
        subprocess.run([sys.executable, STATE_FROM_REQUESTS, requests, state], check=True)
        self.assert_no_changes(sources, state)
        for form in ("dsl", "yaml"):
            with self.subTest(form=form):
                imported = self.import_state(state, form)
                self.assert_no_changes([imported], state)
                again = run(["compile", "--emit", "ndjson", imported])
                self.assertEqual(again.returncode, 0, again.stderr.decode())
                self.assertEqual(bodies(again.stdout.decode()), bodies(compiled.stdout.decode()))

    def test_examples_northwind(self):
        self.roundtrip_sources([os.path.join(REPO, "examples", "northwind")])

    def test_examples_northwind_yaml(self):
        self.roundtrip_sources([os.path.join(REPO, "examples", "northwind-yaml")])

    def test_examples_seeds(self):
        self.roundtrip_sources([os.path.join(REPO, "examples", "seeds")])

    def test_plan_goldens_per_target(self):
        for target, form in [(t, f) for t in TARGETS for f in ("dsl", "yaml")]:
            with self.subTest(target=target, form=form):
                state = os.path.join(PLAN_GOLDENS, target + ".state")
                imported = self.import_state(state, form)
                self.assert_no_changes([imported], state)
                # The imported sources compile to what the live bindings describe: importing the
                # state those requests make gives the same sources again.
                compiled = run(["compile", "--emit", "ndjson", imported])
                self.assertEqual(compiled.returncode, 0, compiled.stderr.decode())
                requests = os.path.join(self.tmp, f"{target}-{form}.ndjson")
                with open(requests, "wb") as fh:
                    fh.write(compiled.stdout)
                remade = os.path.join(self.tmp, f"{target}-{form}-remade")
                subprocess.run([sys.executable, STATE_FROM_REQUESTS, requests, remade], check=True)
                self.assert_no_changes([imported], remade)

    def test_creates_are_compiles_requests_headers_included(self):
        # Against an empty state every desired binding is a create, and each create is the request
        # compile sends for it: same method, path, headers (Astra's Accept too) and body.
        empty = {"astra": {"items": []}, "redpanda": {"role_bindings": []}, "frontier": {"policies": []},
                 "connhex": {"policies": []}, "k0rdent": []}
        for example in ("northwind", "seeds"):
            with self.subTest(example):
                sources = os.path.join(REPO, "examples", example)
                compiled = run(["compile", "--emit", "ndjson", sources])
                self.assertEqual(compiled.returncode, 0, compiled.stderr.decode())
                wanted = [json.loads(line) for line in compiled.stdout.decode().splitlines()]
                state = os.path.join(self.tmp, example + "-empty")
                os.makedirs(state)
                for target, instance in {(r["target"], r["instance"]) for r in wanted}:
                    with open(os.path.join(state, f"{target}.{instance}.json"), "w") as fh:
                        json.dump(empty[target], fh)
                planned = run(["plan", "--emit", "ndjson", "--state", state, sources])
                self.assertEqual(planned.returncode, 0, planned.stderr.decode())
                got = [json.loads(line) for line in planned.stdout.decode().splitlines()]
                self.assertEqual({r["action"] for r in got}, {"create"})
                key = lambda r: json.dumps([r["target"], r["instance"], r["method"], r["path"], r["headers"],
                                            r.get("body")], sort_keys=True)
                self.assertEqual(sorted(map(key, got)), sorted(map(key, wanted)))
                astra = [r for r in got if r["target"] == "astra"]
                self.assertTrue(astra)
                for r in astra:
                    self.assertEqual(r["headers"].get("Accept"), "application/astra-roleBinding+json")
                # The curl scripts send the same headers.
                header = b"-H 'Accept: application/astra-roleBinding+json'"
                compiled_curl = run(["compile", "--emit", "curl", sources])
                planned_curl = run(["plan", "--emit", "curl", "--state", state, sources])
                self.assertEqual(planned_curl.returncode, 0, planned_curl.stderr.decode())
                self.assertEqual(planned_curl.stdout.count(header), len(astra))
                self.assertEqual(compiled_curl.stdout.count(header), len(astra))

    def test_import_refuses_a_directory_with_content(self):
        out = os.path.join(self.tmp, "out")
        os.makedirs(out)
        with open(os.path.join(out, "keep.iam"), "w") as fh:
            fh.write("# mine\n")
        r = run(["import", "--state", os.path.join(PLAN_GOLDENS, "astra.state"), "--out", out])
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"not an empty directory", r.stderr)
        self.assertEqual(os.listdir(out), ["keep.iam"])

    def test_import_with_errors_writes_nothing(self):
        out = os.path.join(self.tmp, "out")
        r = run(["import", "--state", os.path.join(PLAN_GOLDENS, "truncated.state"), "--out", out])
        self.assertEqual(r.returncode, 1)
        self.assertFalse(os.path.exists(out))
        self.assertEqual([f for f in os.listdir(self.tmp) if "iamc-import" in f], [])


class Normalisation(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-plan-norm-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def plan(self, grant_scope, live_scope):
        src = os.path.join(self.tmp, "main.iam")
        with open(src, "w") as fh:
            fh.write('target redpanda cloud\nin redpanda.cloud { grant Reader to user("u0")' + grant_scope + " }\n")
        state = os.path.join(self.tmp, "state")
        os.makedirs(state, exist_ok=True)
        item = {"id": "rb-1", "account_id": "u0", "role_name": "Reader"}
        if live_scope is not None:
            item["scope"] = live_scope
        with open(os.path.join(state, "redpanda.cloud.json"), "w") as fh:
            json.dump({"role_bindings": [item]}, fh)
        return run(["plan", "--color=never", "--prune", "--detailed-exitcode", "--state", state, src])

    def test_redpanda_organization_scope_is_no_scope(self):
        # One organisation per instance: a binding without a scope and one with an explicit
        # ORGANIZATION scope are the same binding, whichever side spells it which way.
        org = {"resource_type": "SCOPE_RESOURCE_TYPE_ORGANIZATION", "resource_id": "org-1"}
        cases = {
            "no scope live, organization() in the sources": (' on organization("org-1")', None),
            "organization live, no `on` in the sources": ("", org),
            "organization live, `on everything`": (" on everything", org),
            "organization live, organization() in the sources": (' on organization("org-1")', org),
        }
        for name, (grant_scope, live_scope) in cases.items():
            with self.subTest(name):
                r = self.plan(grant_scope, live_scope)
                self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
                self.assertIn(b"Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged", r.stdout)
        # A narrower scope is still another binding: the plan replaces it.
        r = self.plan(' on cluster("2hp9h7d0754tckg74r9g")', org)
        self.assertEqual(r.returncode, 3, r.stdout.decode() + r.stderr.decode())
        self.assertIn(b"Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged", r.stdout)


SOURCES = 'target redpanda cloud\nin redpanda.cloud { grant Reader to user("u0") on cluster("2hp9h7d0754tckg74r9g") }\n'


class HostileState(unittest.TestCase):
    """State files that try to make plan slow, large or crash: each must end in bounded time and
    memory with a diagnostic or a plan, never a crash."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-hostile-state-")
        self.sources = os.path.join(self.tmp, "main.iam")
        with open(self.sources, "w") as fh:
            fh.write(SOURCES)
        self.state = os.path.join(self.tmp, "state")
        os.makedirs(self.state)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write_state(self, text):
        with open(os.path.join(self.state, "redpanda.cloud.json"), "w") as fh:
            fh.write(text)

    def plan(self, *extra):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.monotonic()
        r = run(["plan", "--color=never", "--state", self.state, self.sources] + list(extra), timeout=300)
        elapsed = time.monotonic() - start
        self.assertLess(r.returncode, 3, r.stderr[-2000:].decode(errors="replace"))
        return r, elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    def test_a_million_items(self):
        # A tenth of it under the sanitizers, which run this ~20x slower: the bound is what is tested.
        count = 100_000 if SANITIZED else 1_000_000
        item = '{"id":"%d","account_id":"a%d","role_name":"Reader","scope":{"resource_type":"SCOPE_RESOURCE_TYPE_CLUSTER","resource_id":"c"}}'
        self.write_state('{"role_bindings":[' + ",".join(item % (i, i) for i in range(count)) + "]}")
        r, elapsed, _ = self.plan("--prune", "--emit", "ndjson")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:].decode())
        self.assertEqual(r.stdout.count(b'"action":"delete"'), count)
        self.assertEqual(r.stdout.count(b'"action":"create"'), 1)
        print(f"\n  {count} live bindings planned in {elapsed:.1f} s", file=sys.stderr)
        self.assertLess(elapsed, 120)

    def test_a_million_problems_are_capped(self):
        self.write_state('{"role_bindings":[' + ",".join(['{"id":"x","account_id":7}'] * 1_000_000) + "]}")
        r, elapsed, _ = self.plan()
        self.assertEqual(r.returncode, 1)
        self.assertLessEqual(r.stderr.count(b"error[S003]"), 21)
        self.assertIn(b"stopped reading the state file after 20 problems", r.stderr)
        self.assertLess(elapsed, 60)

    def test_a_million_duplicate_ids_are_capped(self):
        item = '{"id":"same","account_id":"a","role_name":"Reader"}'
        self.write_state('{"role_bindings":[' + ",".join([item] * 1_000_000) + "]}")
        r, _, _ = self.plan()
        self.assertEqual(r.returncode, 1)
        self.assertLessEqual(r.stderr.count(b"error[S006]"), 20)

    def test_deep_nesting_is_refused_without_recursion(self):
        for depth in (65, 100_000):
            with self.subTest(depth=depth):
                self.write_state('{"role_bindings":[' + "[" * depth + "]" * depth + "]}")
                r, _, _ = self.plan()
                self.assertEqual(r.returncode, 1)
                self.assertIn(b"nested deeper than 64 levels", r.stderr)

    def test_garbage_and_odd_text(self):
        cases = {
            "empty": "",
            "nul bytes": "\x00\x00",
            "a bare string": '"role_bindings"',
            "trailing comma": '{"role_bindings":[],}',
            "bad escape": '{"role_bindings":[{"id":"\\q"}]}',
            "lone surrogate kept": '{"role_bindings":[{"id":"\\ud800","account_id":"a","role_name":"Reader"}]}',
            "control character": '{"role_bindings":[{"id":"a\x01"}]}',
            "huge number": '{"role_bindings":[{"id":1e999999}]}',
            "two documents": '{"role_bindings":[]} {"role_bindings":[]}',
        }
        for name, text in cases.items():
            with self.subTest(name=name):
                self.write_state(text)
                r, _, _ = self.plan()
                self.assertIn(r.returncode, (0, 1), r.stderr.decode(errors="replace"))
                if r.returncode == 1:
                    self.assertRegex(r.stderr, rb"error\[S00[23]\]")

    def test_a_late_syntax_error_is_reported_alone_where_it_is(self):
        # The state is read in one pass (the lists scanned, each item parsed as it is reached);
        # a file that turns out not to be JSON further on must still give exactly the one finding
        # a strict reading first gives: the first error, at its place, and none of the shape
        # problems of the items before it.
        bad_item = '{"id":"x","account_id":7}'  # a shape problem (S003) if the file were JSON
        good = '{"id":"%s","account_id":"a","role_name":"Reader"}'
        items = ",".join([bad_item] * 3 + [good % i for i in range(3)])
        cases = {
            "a missing comma after the items": ('{"role_bindings":[' + items + ' ' + good % 9 + "]}", None),
            "a bracket that does not match": ('{"role_bindings":[' + items + ',{"id":"y"]}]}', None),
            "a bad value in another array": ('{"role_bindings":[' + items + '],"warnings":[1,,2]}', '"warnings":[1,'),
            "a bad value in a page's other array": ('[{"role_bindings":[' + items + '],"x":[tru]}]', '"x":['),
            "too deep inside an item": ('{"role_bindings":[' + items + ',{"id":' + "[" * 70 + "]" * 70 + "}]}", None),
            "too deep after the items": ('{"role_bindings":[' + items + '],"m":' + "[" * 70 + "]" * 70 + "}", None),
            "truncated": ('{"role_bindings":[' + items, None),
            "an unterminated string": ('{"role_bindings":[' + items + ',"abc', None),
        }
        for name, (text, near) in cases.items():
            with self.subTest(name=name):
                self.write_state(text)
                report = os.path.join(self.tmp, "report.json")
                r, _, _ = self.plan("--format", "json", "--report-file", report)
                self.assertEqual(r.returncode, 1, r.stderr.decode(errors="replace"))
                with open(report) as fh:
                    findings = json.load(fh)["diagnostics"]
                self.assertEqual([f["code"] for f in findings], ["S002"], findings)
                if near is not None:  # the error is where the strict reader finds it, in that array
                    self.assertEqual(findings[0]["range"]["start"]["offset"], text.index(near) + len(near), findings[0])

    def test_ids_cannot_escape_the_delete_path(self):
        self.write_state('{"role_bindings":[{"id":"../../v1/organizations?x=1#","account_id":"a","role_name":"Reader"}]}')
        r, _, _ = self.plan("--prune", "--emit", "ndjson")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(b'"path":"/v1/role-bindings/..%2F..%2Fv1%2Forganizations%3Fx%3D1%23"', r.stdout)

    def test_terminal_escapes_in_state_are_not_printed(self):
        self.write_state('{"role_bindings":[{"id":"\\u001b[31mred","account_id":"a\\u001b]0;x\\u0007","role_name":"Reader"}]}')
        r, _, _ = self.plan()
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertNotIn(b"\x1b", r.stdout)
        self.assertNotIn(b"\x07", r.stdout)



class ListChoice(unittest.TestCase):
    """The state is read in one pass, its lists walked while it is parsed; where a response holds
    two list names (k0rdent accepts "items" and "policies"), the list read must still be the one
    the names' order picks ("items"), not the first in the file."""

    ITEM = ('{"uid":"u-%(n)s","id":"p-%(n)s","role":"viewer","principal":{"type":"user","id":"%(who)s"},'
            '"scope":{"type":"org"},"orgId":"org-1"}')

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-list-choice-")
        with open(os.path.join(self.tmp, "main.iam"), "w") as fh:
            fh.write('target k0rdent prod { org = "org-1" }\nin k0rdent.prod { grant viewer to user("u-wanted") on org("org-1") }\n')
        self.state = os.path.join(self.tmp, "state")
        os.makedirs(self.state)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def plan(self, text):
        with open(os.path.join(self.state, "k0rdent.prod.json"), "w") as fh:
            fh.write(text)
        return run(["plan", "--color=never", "--state", self.state, os.path.join(self.tmp, "main.iam")], timeout=60)

    def test_items_is_read_even_after_policies(self):
        wanted = self.ITEM % {"n": 1, "who": "u-wanted"}
        other = self.ITEM % {"n": 2, "who": "u-other"}
        for name, text in {
            "object": '{"policies":[%s],"items":[%s]}' % (other, wanted),
            "pages": '[{"policies":[%s],"items":[%s]}]' % (other, wanted),
            "object, items first": '{"items":[%s],"policies":[%s]}' % (wanted, other),
        }.items():
            with self.subTest(name=name):
                r = self.plan(text)
                self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
                self.assertIn(b"0 to create, 0 to update, 0 to delete, 1 unchanged, 0 unmanaged kept", r.stdout)
                self.assertNotIn(b"u-other", r.stdout)

    def test_a_list_name_that_is_not_a_list_is_a_shape_problem(self):
        # "items" is named first but is no array: the shape is wrong, even though "policies" is one.
        r = self.plan('{"policies":[%s],"items":{}}' % (self.ITEM % {"n": 1, "who": "u-wanted"}))
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"$.items: expected an array of bindings, found an object", r.stderr)
        self.assertEqual(r.stderr.count(b"error[S"), 1, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
