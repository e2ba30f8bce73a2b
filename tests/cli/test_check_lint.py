#!/usr/bin/env python3
"""`iamc check` as a process: configuration discovery, --config, exclude, --fail-level, and the
SARIF (validated against the official 2.1.0 schema) and GitHub output formats.

Usage: test_check_lint.py IAMC SPECS_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

IAMC = None
SPECS = None

ASTRA = 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
USER = 'user("4c27d25a-9edb-4e85-9438-48dc8e917231")'
NS = 'namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")'
DUPLICATE = ASTRA + f"in astra.prod {{\n  grant viewer to {USER} on {NS}\n  grant viewer to {USER} on {NS}\n}}\n"


def run(*args, cwd=None):
    return subprocess.run([IAMC, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


class CheckLintTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="iamc-lint-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        return path

    def test_warnings_pass_by_default_and_fail_at_warning_level(self):
        self.write("p/a.iam", DUPLICATE)
        default = run("check", "--color=never", "p", cwd=self.dir)
        self.assertEqual(default.returncode, 0, default.stderr)
        self.assertIn("warning[L004]", default.stderr)
        strict = run("check", "--color=never", "--fail-level", "warning", "p", cwd=self.dir)
        self.assertEqual(strict.returncode, 1)

    def test_config_is_found_walking_up_and_excludes_paths(self):
        self.write("p/.iamc.yaml", 'exclude: ["vendor/**"]\nrules:\n  duplicate-grant: error\n')
        self.write("p/vendor/broken.iam", "this is not iamc\n")
        self.write("p/sub/a.iam", DUPLICATE)
        result = run("check", "--color=never", "p/sub", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("error[L004]", result.stderr)
        whole = run("check", "--color=never", "p", cwd=self.dir)
        self.assertNotIn("vendor/broken.iam", whole.stderr)
        self.assertIn("error[L004]", whole.stderr)

    def test_config_fail_level_and_explicit_config(self):
        self.write("p/a.iam", DUPLICATE)
        cfg = self.write("elsewhere.yaml", "fail-level: warning\nrules:\n  duplicate-grant: warning\n")
        result = run("check", "--color=never", "--config", cfg, "p", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        off = self.write("off.yaml", "rules:\n  duplicate-grant: off\n")
        result = run("check", "--color=never", "--fail-level", "info", "--config", off, "p", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("L004", result.stderr)

    def test_missing_config_file_is_a_usage_error(self):
        self.write("p/a.iam", DUPLICATE)
        result = run("check", "--config", os.path.join(self.dir, "nope.yaml"), "p", cwd=self.dir)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("L910", result.stderr)

    def test_sarif_validates_and_describes_every_rule(self):
        import jsonschema
        self.write("p/a.iam", "# iamc-ignore-file: unused-definition -- fixture\n" + DUPLICATE +
                   'let spare = group("8b5b54da-ae53-497a-963d-1fc89990525b")\n')
        result = run("check", "--format", "sarif", "p", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        doc = json.loads(result.stdout)
        with open(os.path.join(SPECS, "sarif", "sarif-schema-2.1.0.json")) as fh:
            schema = json.load(fh)
        jsonschema.Draft4Validator(schema).validate(doc)
        run0 = doc["runs"][0]
        rules = run0["tool"]["driver"]["rules"]
        names = {r["name"] for r in rules}
        for rule in ["privileged-wildcard-scope", "wildcard-principal", "privileged-service-account",
                     "duplicate-grant", "redundant-grant", "conflicting-effects", "grants-nothing",
                     "missing-description", "unused-definition", "direct-user-grant"]:
            self.assertIn(rule, names)
        for r in rules:
            # The page under the build's documentation base (tests/cli/test_doc_links.py checks it exists).
            self.assertRegex(r["helpUri"], r"^(https?|file)://\S+/(diagnostics/" + r["id"] + "|rules/" + r["name"] + r")\.md$")
            self.assertTrue(r["fullDescription"]["text"], r)
        results = run0["results"]
        dup = [r for r in results if r["ruleId"] == "L004"]
        self.assertEqual(len(dup), 1)
        region = dup[0]["locations"][0]["physicalLocation"]["region"]
        self.assertEqual((region["startLine"], region["startColumn"]), (5, 19))  # after the comment line
        self.assertEqual(rules[dup[0]["ruleIndex"]]["id"], "L004")
        self.assertIn("partialFingerprints", dup[0])
        suppressed = [r for r in results if r.get("suppressions")]
        self.assertEqual(len(suppressed), 1)
        self.assertEqual(suppressed[0]["suppressions"][0]["justification"], "fixture")

    def test_github_annotations(self):
        self.write("p/a.iam", DUPLICATE)
        result = run("check", "--format", "github", "p", cwd=self.dir)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 1, result.stdout)
        self.assertTrue(lines[0].startswith("::warning file=p/a.iam,line=4,col=19,"), lines[0])
        self.assertIn("title=L004 duplicate-grant::", lines[0])
        self.assertIn("%0Anote: first granted here", lines[0])


if __name__ == "__main__":
    IAMC = os.path.abspath(sys.argv[1])
    SPECS = os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
