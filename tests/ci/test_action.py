#!/usr/bin/env python3
"""The GitHub Action (action.yml) as a runner would run it, without GitHub: each step's `run:`
script is taken from the YAML as it is and run with `bash --noprofile --norc -eo pipefail` (the
runner's bash), its `env:` expressions filled from a fake context, the runner's files
(GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP) in a temporary directory, in throwaway git
repositories. The machine is left alone: apt-get, sudo, curl and cmake are stand-ins on PATH that
record their arguments (cmake --build puts the real iamc, $IAMC, where the build would), so the
install step's logic is tested, not the Debian archive; check and diff run the real iamc and git.

Usage: test_action.py REPO_ROOT   (IAMC=/path/to/iamc)"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

import yaml

IAMC = os.path.abspath(os.environ.get("IAMC", "iamc"))
REPO = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.getcwd()
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

TARGET = 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
VIEWER = ('in astra.prod {\n  grant viewer to group("8b5b54da-ae53-497a-963d-1fc89990525b")\n'
          '    on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")\n}\n')
ADMIN = ('in astra.prod {\n  grant admin to user("6d09fc27-2ad4-4c1c-9d0b-3a4c1f5e8a10")\n'
         '    on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")\n}\n')

# Stand-ins: each appends its argv (JSON) to $FAKE_LOG/<name>.log.
FAKE = r'''#!/usr/bin/env python3
import json, os, shutil, sys
name = os.path.basename(sys.argv[0])
with open(os.path.join(os.environ["FAKE_LOG"], name + ".log"), "a") as fh:
    fh.write(json.dumps(sys.argv[1:]) + "\n")
args = sys.argv[1:]
if name == "sudo":
    os.execvp(args[0], args)
if name == "curl":
    with open(args[args.index("--output") + 1], "w") as fh:
        fh.write("a .deb\n")
if name == "cmake" and args[:1] == ["--build"]:
    shutil.copy(os.environ["IAMC"], os.path.join(args[1], "iamc"))
if name == "cmake" and "-B" in args:
    os.makedirs(args[args.index("-B") + 1], exist_ok=True)
'''


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True, text=True)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


class ActionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(REPO, "action.yml"), encoding="utf-8") as fh:
            cls.action = yaml.safe_load(fh)
        cls.steps = {s["name"]: s for s in cls.action["runs"]["steps"]}

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-action-")
        self.fakes = os.path.join(self.tmp, "fakes")
        self.logs = os.path.join(self.tmp, "logs")
        self.runner_temp = os.path.join(self.tmp, "runner")
        for d in (self.fakes, self.logs, self.runner_temp):
            os.makedirs(d)
        for name in ("apt-get", "sudo", "curl", "cmake"):
            path = os.path.join(self.fakes, name)
            write(path, FAKE)
            os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        self.github_path = os.path.join(self.tmp, "github_path")
        self.summary = os.path.join(self.tmp, "summary.md")
        write(self.github_path, "")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log(self, name):
        path = os.path.join(self.logs, name + ".log")
        if not os.path.exists(path):
            return []
        with open(path) as fh:
            return [json.loads(line) for line in fh]

    def run_step(self, name, cwd, inputs=None, context=None):
        """Runs one step as the runner would: expressions filled in, PATH with GITHUB_PATH's
        entries first (as later steps see them), bash -eo pipefail."""
        step = self.steps[name]
        values = {f"inputs.{k}": v.get("default", "") for k, v in self.action["inputs"].items()}
        values.update({f"inputs.{k}": v for k, v in (inputs or {}).items()})
        values.update({"github.action_path": REPO, "github.action_repository": "acme/iamc",
                       "github.action_ref": "0123456789abcdef0123456789abcdef01234567",
                       "github.event.pull_request.base.sha": ""})
        values.update(context or {})
        fill = lambda text: EXPR.sub(lambda m: values[m.group(1)], str(text))
        with open(self.github_path) as fh:
            added = [line.strip() for line in fh if line.strip()]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
        env.update({"PATH": os.pathsep.join(added[::-1] + [self.fakes, env.get("PATH", "")]),
                    "FAKE_LOG": self.logs, "IAMC": IAMC, "NO_COLOR": "1",
                    "GITHUB_ACTIONS": "true", "GITHUB_PATH": self.github_path,
                    "GITHUB_STEP_SUMMARY": self.summary, "GITHUB_SERVER_URL": "https://github.com",
                    "GITHUB_EVENT_NAME": "pull_request", "RUNNER_TEMP": self.runner_temp})
        env.update({k: fill(v) for k, v in step.get("env", {}).items()})
        workdir = os.path.join(cwd, fill(step.get("working-directory", ".")))
        script = os.path.join(self.tmp, "step.sh")
        write(script, step["run"])
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env,
                              capture_output=True, text=True, timeout=120)

    def project(self):
        """A throwaway repository, shallow-cloned like actions/checkout: the base commit holds a
        viewer grant, the pull request (HEAD) adds an admin grant in infra/iam."""
        origin = os.path.join(self.tmp, "origin")
        os.makedirs(origin)
        git(origin, "init", "-q", "-b", "main")
        write(os.path.join(origin, "infra/iam/targets.iam"), TARGET)
        write(os.path.join(origin, "infra/iam/viewers.iam"), VIEWER)
        write(os.path.join(origin, "README.md"), "not iam\n")
        git(origin, "add", "-A")
        git(origin, "commit", "-qm", "base")
        base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=origin, capture_output=True, text=True).stdout.strip()
        write(os.path.join(origin, "infra/iam/admins.iam"), ADMIN)
        git(origin, "add", "-A")
        git(origin, "commit", "-qm", "pull request")
        work = os.path.join(self.tmp, "work")
        git(self.tmp, "clone", "-q", "--depth", "1", "file://" + origin, work)
        return work, base

    # ---- the file itself -------------------------------------------------------------------

    def test_shape(self):
        self.assertEqual(self.action["runs"]["using"], "composite")
        self.assertEqual(list(self.steps), ["Install iamc", "iamc check", "iamc diff"])
        for name, inp in self.action["inputs"].items():
            self.assertTrue(inp.get("description"), name)
            self.assertIn("default", inp, name)
        for step in self.steps.values():
            self.assertEqual(step["shell"], "bash")
            # Inputs reach scripts through env only: an expression inside run: is an injection.
            self.assertNotIn("${{", step["run"], step["name"])
        cond = self.steps["iamc diff"]["if"]
        self.assertIn("github.event_name == 'pull_request'", cond)
        self.assertIn("inputs.diff == 'true'", cond)
        self.assertIn("!cancelled()", cond)

    def test_build_dependencies_are_those_of_ci(self):
        # The packages the action installs to build iamc are ones .ci/install installs for CI.
        with open(os.path.join(REPO, ".ci/install"), encoding="utf-8") as fh:
            ci = set(re.findall(r"[a-z0-9][a-z0-9.+-]+", fh.read().split("packages=(")[1].split(")")[0]))
        script = self.steps["Install iamc"]["run"]
        wanted = set(re.findall(r"[a-z0-9][a-z0-9.+-]*-dev\b|\b(?:build-essential|cmake|ninja-build|pkg-config)\b", script))
        self.assertTrue({"tao-pegtl-dev", "libcurl4-openssl-dev", "cmake"} <= wanted, wanted)
        self.assertEqual(wanted - ci, set())

    # ---- install ---------------------------------------------------------------------------

    def test_builds_from_the_action_checkout(self):
        work, _ = self.project()
        r = self.run_step("Install iamc", work)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.log("curl"), [])
        installs = [a for a in self.log("apt-get") if a[:1] == ["install"]]
        self.assertEqual(len(installs), 1)
        self.assertIn("libyaml-dev", installs[0])
        configure, build = self.log("cmake")
        self.assertEqual(configure[configure.index("-S") + 1], REPO)
        build_dir = os.path.join(self.runner_temp, "iamc-build")
        self.assertEqual(configure[configure.index("-B") + 1], build_dir)
        self.assertIn("-DIAMC_DOCS_BASE_URL=https://github.com/acme/iamc/blob/"
                      "0123456789abcdef0123456789abcdef01234567/docs/", configure)
        self.assertEqual(build[:2], ["--build", build_dir])
        with open(self.github_path) as fh:
            self.assertEqual(fh.read(), build_dir + "\n")
        # The next step finds the built iamc through GITHUB_PATH.
        r = self.run_step("iamc check", work, {"paths": "infra/iam"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"^iamc \d+\.\d+\.\d+\n")

    def test_no_docs_link_from_an_unusual_ref(self):
        work, _ = self.project()
        r = self.run_step("Install iamc", work, context={"github.action_ref": "main; touch pwned"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertFalse([a for a in self.log("cmake")[0] if a.startswith("-DIAMC_DOCS_BASE_URL")])

    def test_installs_a_release_deb(self):
        work, _ = self.project()
        url = "https://example.com/releases/iamc_0.1.0_amd64.deb"
        r = self.run_step("Install iamc", work, {"deb-url": url})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        (curl,) = self.log("curl")
        self.assertEqual(curl[-1], url)
        self.assertEqual(curl[curl.index("--proto") + 1], "=https")
        deb = os.path.join(self.runner_temp, "iamc.deb")
        self.assertEqual(curl[curl.index("--output") + 1], deb)
        installs = [a for a in self.log("apt-get") if a[:1] == ["install"]]
        self.assertEqual(len(installs), 1)
        self.assertEqual(installs[0][-1], deb)
        self.assertEqual(self.log("cmake"), [])

    def test_refuses_a_deb_url_that_is_not_https(self):
        work, _ = self.project()
        r = self.run_step("Install iamc", work, {"deb-url": "http://example.com/iamc.deb"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("::error title=iamc::deb-url must be an https:// URL", r.stdout)
        self.assertEqual(self.log("curl"), [])

    # ---- check and diff, with the real iamc --------------------------------------------------

    def with_iamc(self):
        write(self.github_path, os.path.dirname(IAMC) + "\n")

    def test_check_annotates_and_fails_on_errors(self):
        work, _ = self.project()
        self.with_iamc()
        r = self.run_step("iamc check", work, {"paths": "infra/iam"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # The admin grant has no description: a warning annotation, below the fail level.
        self.assertIn("::warning file=infra/iam/admins.iam,line=2,", r.stdout)
        r = self.run_step("iamc check", work, {"paths": "infra/iam", "fail-level": "warning"})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        write(os.path.join(work, "infra/iam/admins.iam"), ADMIN.replace("grant admin", "grant admni"))
        r = self.run_step("iamc check", work, {"paths": "infra/iam"})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("::error file=infra/iam/admins.iam,line=2,", r.stdout)

    def test_check_in_a_working_directory_and_paths_are_not_globbed(self):
        work, _ = self.project()
        self.with_iamc()
        r = self.run_step("iamc check", work, {"working-directory": "infra/iam", "paths": "targets.iam viewers.iam"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.run_step("iamc check", work, {"working-directory": "infra/iam", "paths": "*.iam"})
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)  # the file '*.iam' does not exist

    def test_diff_against_the_pull_request_base(self):
        work, base = self.project()
        self.with_iamc()
        missing = subprocess.run(["git", "cat-file", "-e", base + "^{commit}"], cwd=work, capture_output=True)
        self.assertNotEqual(missing.returncode, 0, "the clone should be shallow")
        r = self.run_step("iamc diff", work, {"paths": "infra/iam"},
                          {"github.event.pull_request.base.sha": base})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"gained\s+astra\.prod\s+user\(\"6d09fc27")
        with open(self.summary, encoding="utf-8") as fh:
            summary = fh.read()
        self.assertIn("6d09fc27", summary)
        self.assertIn("|", summary)  # the Markdown table

    def test_diff_without_a_base_is_an_error(self):
        work, _ = self.project()
        self.with_iamc()
        r = self.run_step("iamc diff", work, {"paths": "infra/iam"},
                          {"github.event.pull_request.base.sha": "HEAD; touch pwned"})
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("::error title=iamc diff::", r.stdout)
        self.assertFalse(os.path.exists(os.path.join(work, "pwned")))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
