#!/usr/bin/env python3
"""Output streams as a user meets them (issue 15, parts 3 and 5): payloads on standard output,
reports on standard error or in --report-file, never both on standard output; the report file
appears whole or not at all; an input holding no sources is an error; --emit files gives each
target instance its own folder. Run with IAMC=/path/to/iamc (ctest sets it)."""
import json
import os
import subprocess
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
ACCOUNT_PROD = "9fd87309-067f-48c9-a331-527796c14cf3"
ACCOUNT_STAGING = "4123e130-f817-4fc9-af3d-6b2718df815e"
USER = "4c27d25a-9edb-4e85-9438-48dc8e917231"
SOURCE = (f'target astra prod {{ account = "{ACCOUNT_PROD}" }}\n'
          f'target astra staging {{ account = "{ACCOUNT_STAGING}" }}\n'
          f'in astra.prod {{\n  grant viewer to user("{USER}") on everything\n}}\n'
          f'in astra.staging {{\n  grant viewer to user("{USER}") on everything\n}}\n')
BROKEN = 'in astra.nowhere {\n  grant viewer to user("x") on everything\n}\n'


def run(*args, stdout=subprocess.PIPE, cwd=None, env=None):
    return subprocess.run([IAMC, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60,
                          cwd=cwd, env=env)


class StreamsTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.dir = self._dir.name
        self.src = self.write("policy.iam", SOURCE)

    def tearDown(self):
        self._dir.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def leftovers(self, folder):
        return [n for n in os.listdir(folder) if ".iamc-" in n]

    def test_machine_report_and_payload_on_stdout_are_refused(self):
        cases = [
            ["compile", self.src, "--format", "sarif", "--emit", "curl"],
            ["compile", self.src, "--format", "json", "--emit", "ndjson"],
            ["compile", self.src, "--format", "github", "--emit", "ndjson"],
            ["plan", self.src, "--state", os.path.join(self.dir, "state"), "--format", "json"],
            ["pull", self.src, "--state", os.path.join(self.dir, "state"), "--format", "sarif"],
            ["apply", self.src, "--state", os.path.join(self.dir, "state"), "--format", "json", "--yes"],
        ]
        for args in cases:
            r = run(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertEqual(r.stdout, "", args)
            self.assertIn("would both write to standard output", r.stderr, args)
            self.assertIn("--report-file FILE", r.stderr, args)
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "state")), "pull ran after a usage error")

    def test_text_report_and_check_need_no_report_file(self):
        r = run("compile", self.src, "--emit", "ndjson")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.splitlines()), 2)
        r = run("check", self.src, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["summary"]["grants"], 2)

    def test_report_file_keeps_the_payload_pure(self):
        report = os.path.join(self.dir, "out", "report.sarif")
        os.mkdir(os.path.dirname(report))
        r = run("compile", self.src, "--format", "sarif", "--emit", "curl", "--report-file", report)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("#!/bin/sh\n"), r.stdout[:80])
        syntax = subprocess.run(["sh", "-n"], input=r.stdout, text=True, capture_output=True)
        self.assertEqual(syntax.returncode, 0, syntax.stderr)
        with open(report) as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertEqual(self.leftovers(os.path.dirname(report)), [])
        mask = os.umask(0)
        os.umask(mask)
        self.assertEqual(os.stat(report).st_mode & 0o777, 0o666 & ~mask)

    def test_report_file_holds_the_findings_of_a_failed_run(self):
        bad = self.write("bad/bad.iam", BROKEN)
        report = os.path.join(self.dir, "report.json")
        r = run("compile", bad, "--format", "json", "--emit", "ndjson", "--report-file", report)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout, "")
        with open(report) as f:
            doc = json.load(f)
        self.assertEqual([d["code"] for d in doc["diagnostics"]], ["N002"])

    def test_text_report_file_is_plain(self):
        report = os.path.join(self.dir, "report.txt")
        bad = self.write("bad/bad.iam", BROKEN)
        r = run("check", bad, "--report-file", report, "--color", "auto")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "")
        with open(report) as f:
            text = f.read()
        self.assertIn("error[N002]", text)
        self.assertNotIn("\x1b[", text)
        self.assertTrue(text.endswith("1 error, 0 warnings, 0 suppressed\n"), text)

    def test_failed_output_leaves_the_old_report_and_no_temporary_file(self):
        report = os.path.join(self.dir, "report.json")
        with open(report, "w") as f:
            f.write("old\n")
        with open("/dev/full", "w") as full:
            r = run("compile", self.src, "--emit", "ndjson", "--format", "json", "--report-file", report,
                    stdout=full)
        self.assertEqual(r.returncode, 2)
        self.assertIn("No space left on device", r.stderr)
        with open(report) as f:
            self.assertEqual(f.read(), "old\n")
        self.assertEqual(self.leftovers(self.dir), [])

    def test_report_file_in_a_missing_folder_or_naming_a_folder_is_refused_first(self):
        r = run("compile", self.src, "--emit", "ndjson", "--report-file", os.path.join(self.dir, "no", "r.json"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "", "the command ran although its report could not be written")
        self.assertIn("does not exist", r.stderr)
        r = run("check", self.src, "--report-file", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("names a folder", r.stderr)

    def test_a_report_file_that_cannot_be_created_fails_the_run(self):
        # /proc exists (so the early check passes) but no file can be created in it, root or not.
        r = run("check", self.src, "--report-file", "/proc/iamc-report.json", "--format", "json")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("cannot write to the report file '/proc/iamc-report.json'", r.stderr)
        self.assertIn("the output is incomplete", r.stderr)

    def test_a_folder_without_sources_is_an_error(self):
        empty = os.path.join(self.dir, "empty")
        os.mkdir(empty)
        self.write("empty/README.md", "policies go here\n")
        r = run("check", empty)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("error[I007]", r.stderr)
        r = run("compile", empty, "--emit", "ndjson")
        self.assertEqual((r.returncode, r.stdout), (2, ""))

    def test_files_layout_has_a_folder_per_instance(self):
        out = os.path.join(self.dir, "out")
        r = run("compile", self.src, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(out, "astra"))), ["prod", "staging"])
        for instance, account in (("prod", ACCOUNT_PROD), ("staging", ACCOUNT_STAGING)):
            files = os.listdir(os.path.join(out, "astra", instance))
            self.assertEqual(len(files), 1, files)
            self.assertTrue(files[0].startswith("0001-"), files)
            with open(os.path.join(out, "astra", instance, files[0])) as f:
                self.assertEqual(json.load(f)["accountID"], account)

    def test_yaml_instance_names_must_be_identifiers(self):
        path = self.write("t.iam.yaml", "targets:\n"
                          f'  - {{target: astra, name: "../../x y", account: "{ACCOUNT_PROD}"}}\n')
        r = run("check", path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("error[Y008]", r.stderr)
        self.assertIn("must be an identifier", r.stderr)


if __name__ == "__main__":
    unittest.main()
