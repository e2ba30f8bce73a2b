#!/usr/bin/env python3
"""`iamc compile` runs the checks of `iamc check` (issue 11): lint findings, the nearest
.iamc.yaml (rules, exclude, fail-level), --config, --fail-level and the summary line are the same
for both commands, and a finding at the fail level means nothing is emitted. `--no-lint` skips
the lint rules only. Run with IAMC=/path/to/iamc (ctest sets it).
"""
import os
import shutil
import subprocess
import tempfile
import unittest


IAMC = os.environ.get("IAMC", "iamc")

ASTRA = 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
USER = 'user("4c27d25a-9edb-4e85-9438-48dc8e917231")'
NS = 'namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")'
DUPLICATE = ASTRA + f"in astra.prod {{\n  grant viewer to {USER} on {NS}\n  grant viewer to {USER} on {NS}\n}}\n"


def run(*args, cwd):
    return subprocess.run([IAMC, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def summary(stderr):
    """The last line of the text report: files, grants, errors, warnings, suppressed."""
    return stderr.rstrip("\n").splitlines()[-1]


class CompileLintTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="iamc-compile-lint-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        return path

    def test_configured_error_stops_compile_and_emits_nothing(self):
        self.write("p/.iamc.yaml", "rules:\n  duplicate-grant: error\n")
        self.write("p/a.iam", DUPLICATE)
        check = run("check", "--color=never", "p", cwd=self.dir)
        self.assertEqual(check.returncode, 1, check.stderr)
        ndjson = run("compile", "--color=never", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual(ndjson.returncode, 1, ndjson.stderr)
        self.assertEqual(ndjson.stdout, "")
        self.assertIn("error[L004]", ndjson.stderr)
        self.assertEqual(ndjson.stderr, check.stderr)  # the same findings and the same summary
        out = os.path.join(self.dir, "out")
        files = run("compile", "--color=never", "-o", out, "p", cwd=self.dir)
        self.assertEqual(files.returncode, 1, files.stderr)
        self.assertFalse(os.path.exists(out))
        curl = run("compile", "--color=never", "--emit", "curl", "p", cwd=self.dir)
        self.assertEqual((curl.returncode, curl.stdout), (1, ""))

    def test_warnings_are_reported_and_counted_but_do_not_stop_compile(self):
        self.write("p/a.iam", DUPLICATE)
        check = run("check", "--color=never", "p", cwd=self.dir)
        result = run("compile", "--color=never", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("warning[L004]", result.stderr)
        self.assertEqual(summary(result.stderr), summary(check.stderr))
        self.assertIn("1 warning", summary(result.stderr))
        self.assertEqual(len(result.stdout.splitlines()), 2)

    def test_fail_level_option_and_configuration(self):
        self.write("p/a.iam", DUPLICATE)
        strict = run("compile", "--color=never", "--fail-level", "warning", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual((strict.returncode, strict.stdout), (1, ""), strict.stderr)
        cfg = self.write("strict.yaml", "fail-level: warning\n")
        configured = run("compile", "--color=never", "--config", cfg, "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual((configured.returncode, configured.stdout), (1, ""), configured.stderr)
        missing = run("compile", "--config", os.path.join(self.dir, "nope.yaml"), "--emit", "ndjson", "p",
                      cwd=self.dir)
        self.assertEqual((missing.returncode, missing.stdout), (2, ""), missing.stderr)

    def test_configuration_excludes_files_from_compile(self):
        self.write("p/.iamc.yaml", 'exclude: ["vendor/**"]\n')
        self.write("p/vendor/broken.iam", "this is not iamc\n")
        self.write("p/a.iam", ASTRA + f"in astra.prod {{ grant viewer to {USER} on {NS} }}\n")
        result = run("compile", "--color=never", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("broken.iam", result.stderr)

    def test_suppressions_are_honoured_and_counted(self):
        self.write("p/.iamc.yaml", "rules:\n  duplicate-grant: error\n")
        self.write("p/a.iam", "# iamc-ignore-file: duplicate-grant -- generated twice on purpose\n" + DUPLICATE)
        result = run("compile", "--color=never", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 suppressed", summary(result.stderr))

    def test_no_lint_is_the_old_behaviour(self):
        self.write("p/.iamc.yaml", "rules:\n  duplicate-grant: error\n")
        self.write("p/a.iam", DUPLICATE)
        result = run("compile", "--color=never", "--no-lint", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("L004", result.stderr)
        self.assertEqual(len(result.stdout.splitlines()), 2)
        # Errors of the checker still stop the run.
        self.write("p/b.iam", "in astra.prod { grant viewer to nobody }\n")
        broken = run("compile", "--color=never", "--no-lint", "--emit", "ndjson", "p", cwd=self.dir)
        self.assertEqual((broken.returncode, broken.stdout), (1, ""), broken.stderr)

    def test_check_has_no_no_lint_switch(self):
        self.write("p/a.iam", DUPLICATE)
        result = run("check", "--no-lint", "p", cwd=self.dir)
        self.assertEqual(result.returncode, 2, result.stderr)


if __name__ == "__main__":
    unittest.main()
