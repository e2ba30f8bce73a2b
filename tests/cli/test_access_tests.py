#!/usr/bin/env python3
"""`iamc test` and required access tests as processes: the example's rules all pass; a copy of the
example with one bad grant is refused by `iamc check` and `iamc plan` at that grant (T001), while
`iamc test` shows the failure with its sources; `.iamc.yaml` sets T001's severity; an
`iamc-ignore` comment does not silence it; -k, the JUnit XML parses, the JSON matches its
documented shape, and hostile case names are escaped. Run with IAMC=/path/to/iamc (ctest sets it).
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

IAMC = os.environ.get("IAMC", "iamc")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NORTHWIND = os.path.join(ROOT, "examples", "northwind")
FLEET_NS = "93295ca6-58f4-44d9-b105-7d23a0155c39"
# Breaks "nobody administers Astra production" (always: true) in the example's test file.
BAD_GRANT = ('\nin astra.nw-prod {\n  grant admin to user("0f6b3c1e-5d2a-4c8e-9a7b-2e4d6f8a1c3b") '
             f'on namespace(id: "{FLEET_NS}")\n}}\n')


def run(args, cwd=None):
    return subprocess.run([IAMC] + args, cwd=cwd, capture_output=True, timeout=120, text=True,
                          env=dict(os.environ, NO_COLOR="1"))


class ExampleRules(unittest.TestCase):
    def test_every_rule_of_the_example_passes(self):
        r = run(["test", NORTHWIND])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        lines = r.stdout.splitlines()
        self.assertGreaterEqual(len(lines), 13)  # a dozen rules and the summary
        self.assertTrue(all(line.startswith("PASS  ") for line in lines[:-1]), r.stdout)
        self.assertRegex(lines[-1], r"^(\d+) tests, \1 passed, 0 failed$")

    def test_check_runs_the_required_rules_and_they_hold(self):
        r = run(["check", NORTHWIND])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("T001", r.stderr)


class BrokenCopy(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-tests-")
        self.project = os.path.join(self.tmp, "northwind")
        shutil.copytree(NORTHWIND, self.project)
        with open(os.path.join(self.project, "astra.iam"), "a", encoding="utf-8") as fh:
            fh.write(BAD_GRANT)
        self.bad_line = sum(1 for _ in open(os.path.join(self.project, "astra.iam"), encoding="utf-8")) - 1

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_check_refuses_the_change_at_the_grant(self):
        r = run(["check", "northwind"], cwd=self.tmp)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"northwind/astra.iam:{self.bad_line}:3: error[T001]: this grant breaks required access test "
                      "'nobody administers Astra production'", r.stderr)
        self.assertIn("note: the required test is here", r.stderr)

    def test_plan_refuses_it_too(self):
        state = os.path.join(self.tmp, "state")
        os.mkdir(state)
        r = run(["plan", "northwind", "--state", state], cwd=self.tmp)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("error[T001]", r.stdout + r.stderr)

    def test_a_suppression_comment_does_not_silence_it(self):
        path = os.path.join(self.project, "astra.iam")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        text = text.replace("  grant admin to user(\"0f6b",
                            "  # iamc-ignore: access-invariant -- not allowed\n  grant admin to user(\"0f6b")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        r = run(["check", "northwind"], cwd=self.tmp)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("error[T001]", r.stderr)

    def test_severity_from_the_configuration(self):
        with open(os.path.join(self.project, ".iamc.yaml"), "w", encoding="utf-8") as fh:
            fh.write("invariants: warning\n")
        r = run(["check", "northwind"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning[T001]", r.stderr)
        with open(os.path.join(self.project, ".iamc.yaml"), "w", encoding="utf-8") as fh:
            fh.write("invariants: off\n")
        r = run(["check", "northwind"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("T001", r.stderr)
        with open(os.path.join(self.project, ".iamc.yaml"), "w", encoding="utf-8") as fh:
            fh.write("invariants: loud\n")
        r = run(["check", "northwind"], cwd=self.tmp)
        self.assertIn("error[L910]: invariants must be error, warning, info or off", r.stderr)

    def test_iamc_test_shows_the_failure_with_its_sources(self):
        r = run(["test", "northwind"], cwd=self.tmp)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("FAIL  nobody administers Astra production", r.stdout)
        self.assertIn(f"northwind/astra.iam:{self.bad_line}:3", r.stdout)
        # -k keeps only the passing cases about the SRE grant.
        r = run(["test", "northwind", "-k", "SRE manage", "-k", "SRE grant"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("nobody administers", r.stdout)
        self.assertTrue(r.stdout.endswith("2 tests, 2 passed, 0 failed\n"), r.stdout)
        r = run(["test", "northwind", "-k", "no such case"], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no test case has a name containing 'no such case'", r.stderr)

    def test_junit_and_json(self):
        r = run(["test", "northwind", "--format", "junit"], cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        root = ET.fromstring(r.stdout)
        self.assertEqual(root.tag, "testsuites")
        cases = root.findall("./testsuite/testcase")
        failed = [c for c in cases if c.find("failure") is not None]
        self.assertEqual(int(root.get("tests")), len(cases))
        self.assertEqual(int(root.get("failures")), len(failed))
        self.assertIn("nobody administers Astra production", [c.get("name") for c in failed])
        r = run(["test", "northwind", "--format", "json"], cwd=self.tmp)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["version"], 1)
        self.assertEqual(doc["tests"], len(doc["cases"]))
        self.assertEqual(doc["failed"], len(failed))
        bad = [c for c in doc["cases"] if c["name"] == "nobody administers Astra production"][0]
        self.assertEqual(bad["status"], "fail")
        grant = bad["failures"][0]["grants"][0]
        self.assertEqual(grant["target"], "astra.nw-prod")
        self.assertEqual(grant["role"], "admin")
        self.assertEqual(grant["sources"][0]["line"], self.bad_line)


def lsp_session(messages):
    """Sends `messages` to `iamc lsp` (then shutdown and exit); returns what it sent back."""
    data = b""
    for m in messages + [{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]:
        body = json.dumps(m).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    out = subprocess.run([IAMC, "lsp"], input=data, capture_output=True, timeout=60).stdout
    replies = []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        replies.append(json.loads(rest[:length]))
        out = rest[length:]
    return replies


class Editor(unittest.TestCase):
    """The editor analyses one document; the required tests under the project root still apply,
    and only a grant that breaks one is reported (what a partial project lacks says nothing)."""

    def test_a_breaking_grant_is_marked_in_the_editor(self):
        with tempfile.TemporaryDirectory(prefix="iamc-tests-") as tmp:
            with open(os.path.join(tmp, ".iamc.yaml"), "w", encoding="utf-8") as fh:
                fh.write("rules:\n  missing-description: off\n  privileged-wildcard-scope: off\n")
            os.mkdir(os.path.join(tmp, "rules"))
            with open(os.path.join(tmp, "rules", "prod.iamtest.yaml"), "w", encoding="utf-8") as fh:
                fh.write("require:\n  - name: nobody administers production\n    who: '*'\n"
                         "    target: astra.prod\n    role: admin\n    never: true\n"
                         "  - name: auditors can read production\n    who: everything\n"
                         "    includes: [auditors]\n")
            uri = "file://" + os.path.join(tmp, "main.iam")
            text = ('target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
                    'in astra.prod {\n  grant viewer to group("8b5b54da-ae53-497a-963d-1fc89990525b")\n'
                    '  grant admin to user("4c27d25a-9edb-4e85-9438-48dc8e917231")\n}\n')
            replies = lsp_session([
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
                {"jsonrpc": "2.0", "method": "initialized", "params": {}},
                {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": uri, "languageId": "iamc", "version": 1, "text": text}}},
            ])
            published = [r["params"] for r in replies if r.get("method") == "textDocument/publishDiagnostics"
                         and r["params"]["uri"] == uri]
            self.assertEqual(len(published), 1, replies)
            codes = [(d["code"], d["range"]["start"]["line"]) for d in published[0]["diagnostics"]]
            # The admin grant (line 3) breaks the first rule; the missing auditors are not reported.
            self.assertEqual(codes, [("T001", 3)], published)


class Usage(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-tests-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        with open(os.path.join(self.tmp, name), "w", encoding="utf-8") as fh:
            fh.write(text)

    def test_no_test_file_is_a_usage_error(self):
        self.write("a.iam", 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n')
        r = run(["test", self.tmp])
        self.assertEqual(r.returncode, 2)
        self.assertIn("no *.iamtest.yaml files", r.stderr)

    def test_source_errors_fail_before_any_case_runs(self):
        self.write("a.iam", "in astra.nowhere {\n")
        self.write("a.iamtest.yaml", "tests:\n  - {name: x, who: everything, never: true}\n")
        r = run(["test", self.tmp])
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertIn("error[", r.stderr)

    def test_hostile_names_are_escaped(self):
        self.write("a.iam", 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
                   'in astra.prod {\n  grant admin to user("dc2371d5-32ee-4a39-af19-e82f605946bd")\n}\n')
        self.write("a.iamtest.yaml", 'tests:\n  - name: "<script>\\u202e\\x1b[31m & \\"q\\""\n'
                   '    who: everything\n    never: true\n')
        r = run(["test", self.tmp])
        self.assertEqual(r.returncode, 1)
        self.assertNotIn("\x1b", r.stdout)
        self.assertNotIn("\u202e", r.stdout)
        r = run(["test", self.tmp, "--format", "junit"])
        self.assertNotIn("<script>", r.stdout)
        ET.fromstring(r.stdout)  # well-formed
        r = run(["test", self.tmp, "--format", "json"])
        self.assertEqual(json.loads(r.stdout)["cases"][0]["name"], "<script>\u202e\x1b[31m & \"q\"")


if __name__ == "__main__":
    unittest.main()
