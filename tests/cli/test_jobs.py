#!/usr/bin/env python3
"""-j/--jobs as a process: `iamc check` and `iamc compile` give byte-identical standard output,
standard error, exit code and output files for -j1, -j2, -j8 and -j0, on generated projects (DSL
and YAML, given as a directory or through main), on examples/, and on projects full of errors
(syntax errors in both front ends, unreadable, binary and mis-encoded files, includes that are
missing, leave the root or close cycles, thousands of checker findings spread over many files).
Also the option's range. Run with IAMC=/path/to/iamc (ctest sets it).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tree_snapshot import snapshot

IAMC = os.environ.get("IAMC", "iamc")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATE = os.path.join(REPO, "tests", "bench", "generate.py")
# Sanitizer builds (IAMC_SANITIZED=1, set by the asan test preset) run each process several times
# slower: there, one thread against more threads than cores is the comparison that finds races and
# lifetime bugs, and the text and SARIF renderers (plain Release runs cover them) are left out.
SANITIZED = os.environ.get("IAMC_SANITIZED") == "1"
JOBS = ["1", "8"] if SANITIZED else ["1", "2", "8", "0"]
# 20,000 grants spread over enough files for the broken variants below (at every scale); 5,000
# under a sanitizer, where every process runs far slower, in files of 100 grants (still about fifty
# grant files, so every worker gets many).
GRANTS = 5000 if SANITIZED else 20000
GRANTS_PER_FILE = 100 if SANITIZED else 1000


def run(args, cwd, stdin=None):
    p = subprocess.run([IAMC] + args, cwd=cwd, input=stdin, capture_output=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def generate(form, out):
    subprocess.run([sys.executable, GENERATE, "--grants", str(GRANTS), "--per-file", str(GRANTS_PER_FILE),
                    "--form", form, "--out", out],
                   check=True, capture_output=True, timeout=600)


def edit(path, old, new, count=-1):
    """Replaces old with new in the file; returns whether old was there."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        return False
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, count))
    return True


def write(root, name, data):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def sources(root, suffix):
    return sorted(os.path.join(base, f) for base, _, files in os.walk(root) for f in files if f.endswith(suffix))


class JobsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="iamc-jobs-")
        cls.dsl = os.path.join(cls.tmp, "dsl")
        cls.yaml = os.path.join(cls.tmp, "yaml")
        generate("dsl", cls.dsl)
        generate("yaml", cls.yaml)
        cls.bad_dsl = os.path.join(cls.tmp, "bad-dsl")
        cls.bad_yaml = os.path.join(cls.tmp, "bad-yaml")
        shutil.copytree(cls.dsl, cls.bad_dsl)
        shutil.copytree(cls.yaml, cls.bad_yaml)
        cls.break_dsl(cls.bad_dsl)
        cls.break_yaml(cls.bad_yaml)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def break_dsl(root):
        files = [f for f in sources(root, ".iam") if os.sep + "main.iam" not in f and "targets" not in f
                 and "people" not in f]
        # Checker and resolver findings on thousands of grants in several files.
        assert sum(edit(f, "grant viewer ", "grant viewr ") for f in files[0:len(files):3]) >= 3
        assert sum(edit(f, 'group("', 'group("BAD ') for f in files[1:len(files):5]) >= 2
        # Syntax errors (with recovery) in two files.
        assert edit(files[2], "grant ", "grant grant ", 3)
        assert edit(files[-1], "in ", "in in ", 1)
        # Every kind of include problem, from the root file and from a nested one.
        assert edit(os.path.join(root, "main.iam"), '# The whole project.\n',
             '# The whole project.\ninclude "missing.iam"\ninclude "../outside.iam"\ninclude "notes.txt"\n'
             'include "cycle/a.iam"\ninclude "binary.iam"\ninclude "latin1.iam"\n')
        write(root, "cycle/a.iam", 'include "b.iam"\ninclude "../main.iam"\n')
        write(root, "cycle/b.iam", 'include "a.iam"\ninclude "deeper/c.iam"\ninclude "nowhere.iam"\n')
        write(root, "cycle/deeper/c.iam", 'include "../b.iam"\nlet x = user("u")\ngrant\n')
        write(root, "binary.iam", b"let a = 1\x00\n")
        write(root, "latin1.iam", b"# caf\xe9\n")
        write(root, "notes.txt", "not a source\n")
        # Includes the loader's line scan cannot see or gets wrong, early in the sorted order, so
        # its guesses about file ids are wrong and parses are redone.
        write(root, "a-tricky.iam", 'let t1 = user("include") include "a-tricky2.iam" # include "x.iam"\n')
        write(root, "a-tricky2.iam", 'include\n  "people.iam"\ninclude "a-tricky3.iam"\n')
        write(root, "a-tricky3.iam", '// include "nothing.iam"\nlet t3 = user("t3")\ninclude "cycle/b.iam"\n')

    @staticmethod
    def break_yaml(root):
        files = [f for f in sources(root, ".iam.yaml") if "main" not in f and "targets" not in f
                 and "people" not in f]
        assert sum(edit(f, "grant: viewer\n", "grant: viewr\n") for f in files[0:len(files):3]) >= 3
        assert sum(edit(f, '{group: "', '{group: "BAD ') for f in files[1:len(files):5]) >= 2
        assert edit(files[2], "grants:\n", "grants:\n  - in: [unclosed\n", 1)
        assert edit(files[-1], "    grant: ", "    grant: [", 1)
        assert edit(os.path.join(root, "main.iam.yaml"), "include:\n",
             "include:\n  - missing.iam.yaml\n  - ../outside.iam.yaml\n  - cycle/a.iam.yaml\n  - cycle.iam\n")
        write(root, "cycle/a.iam.yaml", "include: [../main.iam.yaml, b.iam]\n")
        write(root, "cycle/b.iam", 'include "a.iam.yaml"\ninclude "gone.iam"\n')
        write(root, "cycle.iam", 'include "cycle/b.iam"\n')
        write(root, "a-tricky.iam.yaml", '{include: [a-tricky2.iam.yaml], let: {t: {user: "include"}}}\n')
        write(root, "a-tricky2.iam.yaml", 'include: "people.iam.yaml"  # include\n---\n')

    def same_for_all_jobs(self, args, stdin=None, output_dir=False):
        """Runs `iamc ARGS -jN` for every N and asserts identical results; returns the -j1 result."""
        results = []
        for jobs in JOBS:
            extra = ["-j", jobs]
            out = None
            if output_dir:
                out = os.path.join(self.tmp, "out-" + jobs)
                shutil.rmtree(out, ignore_errors=True)
                extra += ["-o", out]
            code, stdout, stderr = run(args + extra, REPO, stdin)
            # A sanitizer report would be the same for every N: catch it here.
            self.assertIn(code, (0, 1, 2), stderr[-3000:])
            self.assertNotIn(b"Sanitizer", stderr)
            self.assertNotIn(b"runtime error:", stderr)
            files = snapshot(out) if out and os.path.isdir(out) else None
            results.append((code, stdout, stderr, files))
        for jobs, r in zip(JOBS[1:], results[1:]):
            with self.subTest(args=args, jobs=jobs):
                self.assertEqual(r[0], results[0][0], "exit code")
                self.assertEqual(r[1], results[0][1], "standard output")
                self.assertEqual(r[2], results[0][2], "standard error")
                self.assertEqual(r[3], results[0][3], "output files")
        return results[0][:3]

    def all_commands(self, paths, stdin=None, expect_errors=False, full=True):
        """check --format json and compile --emit ndjson; with `full`, also text and SARIF
        diagnostics and compile -o DIR."""
        code, out, _ = self.same_for_all_jobs(["check"] + paths + ["--format", "json"], stdin)
        self.assertEqual(code != 0, expect_errors, out[-2000:])
        code, out, _ = self.same_for_all_jobs(["compile"] + paths + ["--emit", "ndjson"], stdin)
        if not expect_errors:
            self.assertGreater(out.count(b"\n"), 0)
        if full and not SANITIZED:
            self.same_for_all_jobs(["check"] + paths + ["--color", "never"], stdin)
            self.same_for_all_jobs(["check"] + paths + ["--format", "sarif"], stdin)
            self.same_for_all_jobs(["compile"] + paths + ["--format", "json"], stdin, output_dir=True)

    def test_generated_dsl(self):
        self.all_commands([self.dsl])
        self.all_commands([os.path.join(self.dsl, "main.iam")], full=False)

    def test_generated_yaml(self):
        self.all_commands([self.yaml])
        self.all_commands([os.path.join(self.yaml, "main.iam.yaml")], full=False)

    def test_examples(self):
        # Each example is a project of its own (compile takes one); check takes them all at once.
        for name in ("northwind", "northwind-yaml", "seeds"):
            self.all_commands([os.path.join(REPO, "examples", name)])
        self.same_for_all_jobs(["check", os.path.join(REPO, "examples"), "--format", "json"], None)
        self.all_commands([os.path.join(REPO, "examples", "northwind", "main.iam")], full=False)

    def test_errors_dsl(self):
        self.all_commands([self.bad_dsl], expect_errors=True)
        self.all_commands([os.path.join(self.bad_dsl, "main.iam")], expect_errors=True, full=False)
        # Several arguments, one of them standard input that includes files, and a missing one.
        main = os.path.join(self.bad_dsl, "main.iam")
        with open(main, "rb") as f:
            text = f.read()
        stdin_args = ["--stdin-filename", main, os.path.join(self.bad_dsl, "cycle"), "-",
                      os.path.join(self.bad_dsl, "astra")]
        self.all_commands(stdin_args, stdin=text, expect_errors=True, full=False)
        code, _, _ = self.same_for_all_jobs(["check", os.path.join(self.bad_dsl, "nothing.iam"), self.bad_dsl])
        self.assertEqual(code, 2)

    def test_errors_yaml(self):
        self.all_commands([self.bad_yaml], expect_errors=True)
        self.all_commands([os.path.join(self.bad_yaml, "main.iam.yaml")], expect_errors=True, full=False)
        self.all_commands([self.bad_yaml, self.bad_dsl], expect_errors=True, full=False)

    def test_findings_are_there(self):
        # The error projects really exercise parallel checking and every loader path.
        _, out, _ = run(["check", self.bad_dsl, "--format", "json", "-j2"], REPO)
        text = out.decode()
        for code in ["C001", "I001", "I003", "I004", "I005", "I006", "I008", "P0"]:
            self.assertIn('"' + code, text)
        self.assertGreater(text.count('"C001"'), GRANTS // 20)
        _, out, _ = run(["check", self.bad_yaml, "--format", "json", "-j2"], REPO)
        self.assertIn('"Y0', out.decode())

    def test_option_range(self):
        for bad in ["-1", "257", "x", "2x", ""]:
            code, _, err = run(["check", "examples", "-j", bad], REPO)
            self.assertEqual(code, 2, bad)
            self.assertIn(b"--jobs", err)
        code, _, _ = run(["check", "examples", "--jobs=256"], REPO)
        self.assertEqual(code, 0)


if __name__ == "__main__":
    unittest.main()
