#!/usr/bin/env python3
"""The review commands as processes: `iamc diff` between git revisions of a throwaway repository
made here with the real git (no checkout: the work tree is never touched), --detailed-exitcode,
the GitHub job summary, and `iamc report` (HTML and CSV) on hostile ids and descriptions.
Run with IAMC=/path/to/iamc (ctest sets it).
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")

TARGETS = 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
ADA = 'user("dc2371d5-32ee-4a39-af19-e82f605946bd")'
BO = 'user("6d09fc27-3d9b-4907-8332-12a6208f7450")'
NS = 'namespace(id: "93295ca6-58f4-44d9-b105-7d23a0155c39")'
V1 = TARGETS + f"let oncall = [{ADA}]\nin astra.prod {{\n  grant viewer to oncall on {NS}\n}}\n"
# Only the let changes, and the grant's role: Bo gains admin, Ada is raised.
V2 = TARGETS + f"let oncall = [{ADA}, {BO}]\nin astra.prod {{\n  grant admin to oncall on {NS}\n}}\n"
# V2 reformatted and the let renamed: no access change.
V3 = TARGETS + f"\nlet rotation = [\n  {ADA},\n  {BO},\n]\n\nin astra.prod {{\n  grant admin to rotation\n    on {NS}\n}}\n"

EXPECTED_V1_V2 = """access changes from HEAD~2 to HEAD~1
! gained    astra.prod  user("6d09fc27-3d9b-4907-8332-12a6208f7450")  admin on namespace(id: "93295ca6-58f4-44d9-b105-7d23a0155c39")
    privileged: admin-class role
    head: policy/main.iam:2:66, head: policy/main.iam:4:3
! raised    astra.prod  user("dc2371d5-32ee-4a39-af19-e82f605946bd")  viewer on namespace(id: "93295ca6-58f4-44d9-b105-7d23a0155c39") -> admin on namespace(id: "93295ca6-58f4-44d9-b105-7d23a0155c39")
    privileged: admin-class role
    head: policy/main.iam:2:20, head: policy/main.iam:4:3
    base: policy/main.iam:2:20, base: policy/main.iam:4:3
2 access changes (2 privileged): 1 gained, 1 raised
"""


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=repo)
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def run(args, cwd, env=None):
    return subprocess.run([IAMC] + args, cwd=cwd, capture_output=True, timeout=120, text=True,
                          env=dict(os.environ, NO_COLOR="1", **(env or {})))


class DiffAgainstNothing(unittest.TestCase):
    """The change that adds a project's first sources is diffed against no access; two sides
    without sources are a wrong path (I007), not "no changes"."""

    def test_one_side_without_sources(self):
        with tempfile.TemporaryDirectory() as d:
            empty, full = os.path.join(d, "empty"), os.path.join(d, "full")
            os.makedirs(empty)
            os.makedirs(full)
            with open(os.path.join(empty, "README.md"), "w") as fh:
                fh.write("policies will go here\n")
            with open(os.path.join(full, "main.iam"), "w") as fh:
                fh.write(V1)
            r = run(["diff", empty, full, "--detailed-exitcode"], d)
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertIn("gained", r.stdout)
            self.assertNotIn("lost", r.stdout)
            self.assertEqual(r.stderr, f"iamc diff: BASE '{empty}' holds no sources: compared as no access\n")
            r = run(["diff", full, empty], d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("lost", r.stdout)
            r = run(["diff", empty, empty], d)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("error[I007]", r.stderr)
            self.assertEqual(r.stdout, "")


class DiffGitRevisions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("git") is None:
            raise unittest.SkipTest("git is not installed")
        cls.repo = tempfile.mkdtemp(prefix="iamc-review-")
        git(cls.repo, "init", "-q", "-b", "main")
        os.makedirs(os.path.join(cls.repo, "policy"))
        for text in (V1, V2, V3):
            with open(os.path.join(cls.repo, "policy", "main.iam"), "w") as fh:
                fh.write(text)
            git(cls.repo, "add", "-A")
            git(cls.repo, "commit", "-q", "-m", "policy")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.repo, ignore_errors=True)

    def test_let_and_role_change_between_revisions(self):
        # From the repository's root, the whole tree of each revision is compiled.
        r = run(["diff", "HEAD~2", "HEAD~1"], self.repo)
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.stdout, EXPECTED_V1_V2)
        self.assertEqual(r.returncode, 0)

    def test_detailed_exitcode(self):
        self.assertEqual(run(["diff", "--detailed-exitcode", "HEAD~2", "HEAD~1"], self.repo).returncode, 3)
        same = run(["diff", "--detailed-exitcode", "HEAD~1", "HEAD"], self.repo)
        self.assertEqual(same.returncode, 0, same.stderr)
        self.assertIn("no access changes", same.stdout)

    def test_subdirectory_is_its_counterpart_in_the_revision(self):
        r = run(["diff", "main~2", "main"], os.path.join(self.repo, "policy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        # Files are named relative to the working directory's counterpart in each revision.
        self.assertRegex(r.stdout, r"head: main\.iam:5:8, head: main\.iam:9:3\n")
        self.assertRegex(r.stdout, r"base: main\.iam:2:20, base: main\.iam:4:3\n")

    def test_revision_against_the_work_tree_leaves_it_alone(self):
        path = os.path.join(self.repo, "policy", "main.iam")
        with open(path) as fh:
            before = fh.read()
        with open(path, "a") as fh:
            fh.write(f"in astra.prod {{ grant owner to {ADA} }}\n")
        try:
            status_before = subprocess.run(["git", "status", "--porcelain"], cwd=self.repo, capture_output=True, text=True).stdout
            r = run(["diff", "HEAD", "."], os.path.join(self.repo, "policy"))
            self.assertEqual(r.returncode, 0, r.stderr)
            # Ada's admin on the namespace is now owner on everything: one widening, not a gain and a loss.
            self.assertIn("widened", r.stdout)
            self.assertIn("-> owner on everything", r.stdout)
            status_after = subprocess.run(["git", "status", "--porcelain"], cwd=self.repo, capture_output=True, text=True).stdout
            self.assertEqual(status_before, status_after)
        finally:
            with open(path, "w") as fh:
                fh.write(before)

    def test_unknown_revision_and_option_like_names_are_refused(self):
        for rev in ["no-such-branch", "--output=/tmp/x"]:
            r = run(["diff", "HEAD", "--", rev], self.repo)
            self.assertEqual(r.returncode, 2, (rev, r.stdout, r.stderr))
            self.assertIn("neither a directory nor a git revision", r.stderr)

    def test_outside_a_repository(self):
        outside = tempfile.mkdtemp(prefix="iamc-review-plain-")
        try:
            r = run(["diff", "main", "HEAD"], outside, env={"GIT_CEILING_DIRECTORIES": os.path.dirname(outside)})
            self.assertEqual(r.returncode, 2)
            self.assertIn("not in a git repository", r.stderr)
        finally:
            shutil.rmtree(outside)

    def test_github_job_summary(self):
        summary = os.path.join(self.repo, "..", os.path.basename(self.repo) + "-summary.md")
        try:
            r = run(["diff", "--format", "github", "HEAD~2", "HEAD~1"], self.repo, env={"GITHUB_STEP_SUMMARY": summary})
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, EXPECTED_V1_V2)
            with open(summary) as fh:
                text = fh.read()
            self.assertIn("### iamc: access changes from HEAD\\~2 to HEAD\\~1", text)
            self.assertIn("| ⚠️ **privileged** | gained |", text)
            # An unwritable summary is an error, never a silent success.
            r = run(["diff", "--format", "github", "HEAD~2", "HEAD~1"], self.repo,
                    env={"GITHUB_STEP_SUMMARY": os.path.join(self.repo, "no", "such", "dir.md")})
            self.assertEqual(r.returncode, 2)
            self.assertIn("cannot write the job summary", r.stderr)
        finally:
            if os.path.exists(summary):
                os.remove(summary)


HOSTILE = TARGETS + """target connhex iot { }
in astra.prod {
  # iamc-ignore: privileged-wildcard-scope -- <i>break-glass</i> ‮account
  grant admin to user("dc2371d5-32ee-4a39-af19-e82f605946bd") on everything {
    description = "=HYPERLINK(\\"http://evil\\") <script>alert('x')</script> \\"quoted\\" & \u202eevil"
  }
}
in connhex.iot {
  policy p1 {
    name = "</td><img src=x onerror=alert(1)>"
    members = [user("<b>bold</b>'\\""), user("=cmd|' /C calc'!A0")]
    allow viewer on tenant("t1")
  }
}
"""


class Report(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="iamc-report-")
        with open(os.path.join(self.dir, "hostile.iam"), "w") as fh:
            fh.write(HOSTILE)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_html_is_self_contained_and_escaped(self):
        r = run(["report", "hostile.iam", "-o", "report.html"], self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.dir, "report.html"), encoding="utf-8") as fh:
            html = fh.read()
        # One script (ours), no external resources of any kind.
        self.assertEqual(html.count("<script>"), 1)
        self.assertNotRegex(html, r"(?i)<(link|img|iframe|object|embed)\b")
        self.assertNotRegex(html, r"(?i)\b(src|href)\s*=\s*[\"']?(https?:|//)")
        self.assertIn("default-src 'none'", html)
        # Hostile text arrives as text.
        self.assertIn("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html)
        self.assertIn("&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt;&#39;&quot;", html)
        # Bidi controls are shown, not obeyed.
        self.assertNotIn("\u202e", html)
        self.assertNotIn("\u2066", html)
        self.assertIn("&lt;U+202E&gt;evil", html)  # display_text's form, as in diagnostics
        # Privileged access is marked, descriptions and sources are there, the suppression's reason too.
        self.assertIn("<tr class=priv>", html)
        self.assertIn("hostile.iam:5:3", html)
        self.assertIn("&lt;i&gt;break-glass&lt;/i&gt; &lt;U+202E&gt;account", html)
        self.assertIn("L001 privileged-wildcard-scope", html)

    def test_csv(self):
        r = run(["report", "hostile.iam", "--format", "csv", "-o", "-"], self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "target,subject,subject_kind,principal,role,effect,scope,privileged,grant_id,description,source")
        # A formula is never a formula; bidi controls are visible.
        self.assertNotRegex(r.stdout, r"(^|,)\"?[=+@-]")
        self.assertIn(',"\'=HYPERLINK(""http://evil"") <script>', r.stdout)
        self.assertNotIn("\u202e", r.stdout)

    def test_errors_write_nothing(self):
        with open(os.path.join(self.dir, "hostile.iam"), "a") as fh:
            fh.write("in astra.prod { grant viewr to user(\"x\") }\n")
        r = run(["report", "hostile.iam", "-o", "report.html"], self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn("C001", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "report.html")))

    def test_unwritable_output(self):
        r = run(["report", "hostile.iam", "-o", os.path.join(self.dir, "missing", "r.html")], self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot write", r.stderr)


if __name__ == "__main__":
    unittest.main()
