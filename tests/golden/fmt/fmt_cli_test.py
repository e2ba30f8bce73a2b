#!/usr/bin/env python3
"""`iamc fmt` as a command: idempotence over every *.iam of the goldens and examples, in-place
rewriting, --check, --diff, files with syntax errors left alone, YAML skipped, examples formatted.

Usage: fmt_cli_test.py IAMC REPO_ROOT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(iamc, args, stdin=None, cwd=None):
    return subprocess.run([iamc] + args, input=stdin, capture_output=True, cwd=cwd, timeout=60,
                          env=dict(os.environ, NO_COLOR="1"))


def main():
    iamc, root = sys.argv[1], sys.argv[2]
    # 1. Idempotence: fmt(fmt(x)) == fmt(x) for every file that parses.
    files = []
    for d in ("tests/golden", "examples"):
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            files += [os.path.join(dirpath, n) for n in names if n.endswith(".iam")]
    formatted = 0
    for path in sorted(files):
        with open(path, "rb") as fh:
            text = fh.read()
        once = run(iamc, ["fmt", "-"], stdin=text)
        if once.returncode != 0:
            check(once.stdout == b"" and b"error[" in once.stderr, f"{path}: failure without a diagnostic")
            continue
        twice = run(iamc, ["fmt", "-"], stdin=once.stdout)
        check(twice.returncode == 0 and twice.stdout == once.stdout, f"{path}: not idempotent")
        formatted += 1
    check(formatted >= 5, f"only {formatted} files formatted")

    # 2. The examples are already formatted (what CI checks with `iamc fmt --check examples`).
    if os.path.isdir(os.path.join(root, "examples")):
        r = run(iamc, ["fmt", "--check", "examples"], cwd=root)
        check(r.returncode == 0, "examples are not formatted:\n" + r.stdout.decode() + r.stderr.decode())

    # 2b. `fmt --check` fails whenever the output would differ, and only then: on every fmt golden
    # input (exit 1 exactly when its expected output differs from it) and on every expected output
    # (already formatted: exit 0), read from a file and from standard input.
    golden = os.path.join(root, "tests", "golden", "fmt")
    for name in sorted(os.listdir(golden)):
        if not name.endswith(".iam") or name.startswith("fail_"):
            continue
        base = os.path.join(golden, name[:-4])
        with open(base + ".iam", "rb") as fh:
            source = fh.read()
        with open(base + ".stdout", "rb") as fh:
            expected = fh.read()
        for text, what in ((source, "input"), (expected, "expected output")):
            want = 1 if text != expected else 0
            r = run(iamc, ["fmt", "--check", "-"], stdin=text)
            check(r.returncode == want, f"fmt --check - on the {what} of {name}: exit {r.returncode}, want {want}")
            tmpdir = tempfile.mkdtemp(prefix="iamc-fmt-check-")
            try:
                path = os.path.join(tmpdir, "case.iam")
                with open(path, "wb") as fh:
                    fh.write(text)
                r = run(iamc, ["fmt", "--check", path])
                check(r.returncode == want, f"fmt --check FILE on the {what} of {name}: exit {r.returncode}, want {want}")
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)

    # 2c. Formatting never changes what a suppression silences: every suppression golden, and the
    # comment-position golden, lint to the same findings and the same suppressed count before and
    # after fmt (a trailing suppression that moved to another line would bring its finding back
    # and add L903).
    cases = [os.path.join(golden, "comment_positions.iam")]
    suppress = os.path.join(root, "tests", "golden", "lint-suppress")
    cases += [os.path.join(suppress, n) for n in sorted(os.listdir(suppress)) if n.endswith(".iam")]
    for path in cases:
        with open(path, "rb") as fh:
            source = fh.read()
        reformatted = run(iamc, ["fmt", "-"], stdin=source)
        if reformatted.returncode != 0:
            check(False, f"{path}: fmt failed: {reformatted.stderr!r}")
            continue
        results = []
        for text in (source, reformatted.stdout):
            tmpdir = tempfile.mkdtemp(prefix="iamc-fmt-lint-")
            try:
                case = os.path.join(tmpdir, "case.iam")
                with open(case, "wb") as fh:
                    fh.write(text)
                r = run(iamc, ["check", "--color=never", "--fail-level", "info", "case.iam"], cwd=tmpdir)
                found = sorted(re.findall(rb"(?:error|warning|info)\[([A-Z]\d{3})\]", r.stderr))
                summary = re.search(rb"(\d+) suppressed", r.stderr)
                results.append((found, summary.group(1) if summary else None))
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)
        check(results[0] == results[1], f"{os.path.relpath(path, root)}: fmt changed the findings: "
                                        f"before {results[0]}, after {results[1]}")

    # 3. In place, --check, --diff, syntax errors, YAML.
    tmp = tempfile.mkdtemp(prefix="iamc-fmt-")
    try:
        messy = os.path.join(tmp, "messy.iam")
        clean = os.path.join(tmp, "sub", "clean.iam")
        broken = os.path.join(tmp, "broken.iam")
        yaml = os.path.join(tmp, "x.iam.yaml")
        os.makedirs(os.path.dirname(clean))
        with open(messy, "w") as fh:
            fh.write("let   a=user(\"x\")  # keep me\n")
        with open(clean, "w") as fh:
            fh.write("let b = user(\"y\")\n")
        with open(broken, "w") as fh:
            fh.write("let c = \n")
        with open(yaml, "w") as fh:
            fh.write("let:   {a: {user: x}}\n")
        os.chmod(messy, 0o640)

        r = run(iamc, ["fmt", "--check", tmp])
        check(r.returncode == 1, f"--check exit {r.returncode}")
        check(r.stdout.decode() == messy + "\n", f"--check lists {r.stdout!r}")
        check(b"error[P004]" in r.stderr, "--check reports the syntax error")

        r = run(iamc, ["fmt", "--diff", messy])
        check(r.returncode == 0, f"--diff exit {r.returncode}")
        expected_diff = (f"--- {messy}\n+++ {messy} (formatted)\n@@ -1,1 +1,1 @@\n"
                         "-let   a=user(\"x\")  # keep me\n+let a = user(\"x\")  # keep me\n")
        check(r.stdout.decode() == expected_diff, f"--diff printed {r.stdout!r}")
        with open(messy) as fh:
            check(fh.read() == "let   a=user(\"x\")  # keep me\n", "--diff wrote the file")

        r = run(iamc, ["fmt", tmp, yaml])
        check(r.returncode == 1, f"fmt with a broken file exits {r.returncode}")
        with open(messy) as fh:
            check(fh.read() == "let a = user(\"x\")  # keep me\n", "in-place rewrite")
        check(oct(os.stat(messy).st_mode & 0o777) == oct(0o640), "permissions kept")
        with open(broken) as fh:
            check(fh.read() == "let c = \n", "a file with syntax errors was rewritten")
        with open(yaml) as fh:
            check(fh.read() == "let:   {a: {user: x}}\n", "YAML was rewritten")
        check(b"YAML" in r.stderr, "YAML skip is said")
        check(not [n for n in os.listdir(tmp) if n.endswith(".tmp")], "temporary files left behind")

        os.remove(broken)
        r = run(iamc, ["fmt", "--check", tmp])
        check(r.returncode == 0 and r.stdout == b"", f"--check on formatted files: {r.returncode} {r.stdout!r}")
        # The same discovery as `check`: files under dot-directories (.git, .cache) are not sources.
        hidden = os.path.join(tmp, ".cache", "hidden.iam")
        os.makedirs(os.path.dirname(hidden))
        with open(hidden, "w") as fh:
            fh.write("let   h=user(\"x\")\n")
        r = run(iamc, ["fmt", "--check", tmp])
        check(r.returncode == 0 and b"hidden" not in r.stdout, f"fmt --check read a dot-directory: {r.stdout!r}")
        r = run(iamc, ["check", tmp])
        check(b"hidden" not in r.stderr, f"check read a dot-directory: {r.stderr!r}")
        os.remove(hidden)
        r = run(iamc, ["fmt", os.path.join(tmp, "missing.iam")])
        check(r.returncode == 2, f"missing file exits {r.returncode}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{formatted} files idempotent; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
