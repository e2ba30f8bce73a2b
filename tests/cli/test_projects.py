#!/usr/bin/env python3
"""Projects and monorepos, as processes in a real git repository: the root of a project is the
nearest .iamc.yaml upwards (its `sources:` names the entries), else the git root; folders holding
their own .iamc.yaml are separate projects, checked one by one with a summary each; running from a
subfolder sees its whole project; another project's testdata is never loaded into this one.
Run with IAMC=/path/to/iamc (ctest sets it)."""
import json
import os
import subprocess
import tempfile
import unittest

IAMC = os.path.abspath(os.environ.get("IAMC", "iamc"))
ACCOUNT = "9fd87309-067f-48c9-a331-527796c14cf3"
GROUP = "8b5b54da-ae53-497a-963d-1fc89990525b"
NS = "89a3965f-b52c-5397-9236-e214dca5a241"


def run(args, cwd):
    return subprocess.run([IAMC, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


class ProjectsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.repo = self.tmp.name
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        # infra/iam: a project whose grants live in a subfolder and use a let and a target from the root.
        self.write("infra/iam/.iamc.yaml", "fail-level: error\n")
        self.write("infra/iam/targets.iam", f'target astra prod {{ account = "{ACCOUNT}" }}\n'
                                            f'let sre = group("{GROUP}")\n')
        self.write("infra/iam/teams/grants.iam",
                   f'in astra.prod {{\n  grant viewer to sre on namespace(id: "{NS}")\n}}\n')
        # services/api: another team's project, with test data that declares the same target.
        self.write("services/api/.iamc.yaml", 'exclude: ["testdata/**"]\n')
        self.write("services/api/api.iam", f'target astra prod {{ account = "{ACCOUNT}" }}\n'
                                           f'in astra.prod {{\n  grant veiwer to group("{GROUP}") on everything\n}}\n')
        self.write("services/api/testdata/sample.iam", f'target astra prod {{ account = "{ACCOUNT}" }}\n')

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)

    def test_root_checks_each_project_with_its_own_summary(self):
        r = run(["check", "--color=never", "."], self.repo)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("project infra/iam:\n2 files, 1 grant: 0 errors, 0 warnings, 0 suppressed\n", r.stderr)
        self.assertIn("project services/api:\n", r.stderr)
        self.assertIn("services/api/api.iam:3:9: error[C001]", r.stderr)
        self.assertIn("1 file, 1 grant: 1 error, 0 warnings, 0 suppressed\n", r.stderr)
        self.assertEqual(r.stderr.count(" suppressed\n"), 2)  # one summary per project
        self.assertNotIn("N003", r.stderr)  # no target declared twice across projects or from testdata
        self.assertNotIn("N002", r.stderr)

    def test_subfolder_finds_its_project(self):
        r = run(["check", "--color=never", "."], os.path.join(self.repo, "infra/iam/teams"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "2 files, 1 grant: 0 errors, 0 warnings, 0 suppressed\n")

    def test_one_project_does_not_load_another_projects_testdata(self):
        # services/api excludes its testdata; infra/iam never sees services/ at all.
        r = run(["check", "--color=never", "services/api"], self.repo)
        self.assertEqual(r.returncode, 1)
        self.assertIn("1 file, 1 grant", r.stderr)
        # A project nested inside another one is not part of it.
        self.write("infra/iam/vendor/other/.iamc.yaml", "")
        self.write("infra/iam/vendor/other/x.iam", f'target astra prod {{ account = "{ACCOUNT}" }}\n')
        r = run(["check", "--color=never", "infra/iam"], self.repo)
        self.assertIn("project infra/iam:\n2 files, 1 grant: 0 errors", r.stderr)
        self.assertIn("project infra/iam/vendor/other:\n1 file, 0 grants: 0 errors", r.stderr)
        self.assertNotIn("N003", r.stderr)

    def test_project_flag_checks_the_projects_holding_the_files(self):
        r = run(["check", "--color=never", "--project", "infra/iam/teams/grants.iam"], self.repo)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "2 files, 1 grant: 0 errors, 0 warnings, 0 suppressed\n")
        r = run(["check", "--color=never", "--project", "infra/iam/teams/grants.iam", "services/api/api.iam",
                 "infra/iam/targets.iam"], self.repo)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.count("project "), 2)

    def test_json_holds_every_project_in_one_document(self):
        r = run(["check", "--format", "json", "."], self.repo)
        self.assertEqual(r.returncode, 1)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["summary"]["files"], 3)
        self.assertEqual(doc["summary"]["errors"], 1)
        self.assertEqual([d["code"] for d in doc["diagnostics"]], ["C001"])

    def test_sarif_holds_every_project_in_one_document(self):
        r = run(["check", "--format", "sarif", "."], self.repo)
        doc = json.loads(r.stdout)
        self.assertEqual(len(doc["runs"]), 1)
        self.assertEqual([res["ruleId"] for res in doc["runs"][0]["results"]], ["C001"])

    def test_compile_takes_one_project(self):
        r = run(["compile", "--emit", "ndjson", "."], self.repo)
        self.assertEqual(r.returncode, 2)
        self.assertIn("compile one at a time", r.stderr)
        self.assertEqual(r.stdout, "")
        r = run(["compile", "--emit", "ndjson", "."], os.path.join(self.repo, "infra/iam/teams"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.splitlines()), 1)

    def test_sources_names_the_entries(self):
        self.write("infra/iam/.iamc.yaml", "sources: [main.iam]\n")
        self.write("infra/iam/main.iam", 'include "targets.iam"\ninclude "teams/grants.iam"\n')
        self.write("infra/iam/scratch/old.iam", "this is not loaded\n")
        r = run(["check", "--color=never", "."], os.path.join(self.repo, "infra/iam"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "3 files, 1 grant: 0 errors, 0 warnings, 0 suppressed\n")

    def test_a_missing_source_is_reported_where_it_is_named(self):
        self.write("infra/iam/.iamc.yaml", "sources:\n  - targets.iam\n  - nope.iam\n")
        r = run(["check", "--color=never", "."], os.path.join(self.repo, "infra/iam"))
        self.assertEqual(r.returncode, 2)  # a configuration error (docs/cli.md, "Exit codes")
        self.assertIn(".iamc.yaml:3:5: error[L910]: source 'nope.iam' does not exist", r.stderr)

    def test_a_source_outside_the_project_is_refused(self):
        self.write("infra/iam/.iamc.yaml", "sources: [../../services/api]\n")
        r = run(["check", "--color=never", "."], os.path.join(self.repo, "infra/iam"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("source '../../services/api' leaves the project", r.stderr)

    def test_no_configuration_means_the_folder_given(self):
        # Outside any configured project a folder is checked as given; includes may reach the git root.
        self.write("plain/a/a.iam", 'include "../common.iam"\n' f'in astra.prod {{\n  grant viewer to group("{GROUP}")'
                                    f' on namespace(id: "{NS}")\n}}\n')
        self.write("plain/common.iam", f'target astra prod {{ account = "{ACCOUNT}" }}\n')
        r = run(["check", "--color=never", "plain/a"], self.repo)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "2 files, 1 grant: 0 errors, 0 warnings, 0 suppressed\n")


    def test_home_directory_is_no_project(self):
        # Outside any repository and configuration, a file in the home directory is a project of
        # its own: the whole home directory is never searched.
        with tempfile.TemporaryDirectory() as home:
            with open(os.path.join(home, "a.iam"), "w") as fh:
                fh.write(f'target astra prod {{ account = "{ACCOUNT}" }}\n')
            os.makedirs(os.path.join(home, "old"))
            with open(os.path.join(home, "old", "broken.iam"), "w") as fh:
                fh.write("this is not iamc\n")
            env = dict(os.environ, HOME=home)
            r = subprocess.run([IAMC, "check", "--color=never", "--project", "a.iam"], cwd=home, env=env,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "1 file, 0 grants: 0 errors, 0 warnings, 0 suppressed\n")


if __name__ == "__main__":
    unittest.main()
