#!/usr/bin/env python3
"""`iamc fmt` as a command: idempotence over every *.iam of the goldens and examples, in-place
rewriting, --check, --diff, files with syntax errors left alone, YAML skipped, examples formatted.

Usage: fmt_cli_test.py IAMC REPO_ROOT
"""
import os
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
