#!/usr/bin/env python3
"""Golden test runner: runs iamc on every case of a suite and compares its output byte for byte.

A suite is a directory holding `suite.json`:
    {"args": ["check", "--color=never", "{input}"], "inputs": [".iam", ".iam.yaml"],
     "compare": ["stdout", "stderr", "exit"], "cwd": "suite"}
Every file in the suite (recursively) whose name ends with one of `inputs` is a case. For a case
`dir/name.iam` the expectations are `dir/name.stdout`, `dir/name.stderr` and `dir/name.exit`
(only those named in `compare`). `{input}` is the case's path relative to the suite directory,
which is the working directory of the run (so messages show short, stable paths); `{outdir}` is a
fresh temporary directory, and with "outdir_listing": true the files written there are appended
to stdout as `== path ==` sections.

File names carry meaning: a case whose name starts with `fail_` must exit non-zero, any other
must exit 0. In a suite with `"detailed_exitcode": true` (iamc plan), a case whose name starts
with `changes_` must exit 3, the code `--detailed-exitcode` gives a plan with changes.

Optional extensions:
- `"ignore": ["glob", ...]` in suite.json: files whose path relative to the suite matches one of
  the globs (fnmatch, `/`-separated) are not cases, e.g. files only reached through `include`.
- `dir/name.args` next to a case: a JSON list of extra arguments appended to the suite's args
  (e.g. a second path, or a directory).
- The absolute path of the suite directory in the output is replaced by `{suite}`, and that of
  `{outdir}` by `{outdir}`, so messages that print absolute paths compare the same everywhere.
- The documentation base URL the binary was built with (IAMC_DOCS_BASE_URL, tools/docs_base.py)
  is replaced by `{docs}`, so links compare the same for any build.

Usage: golden.py IAMC SUITE_DIR... [--update]
Prints one line per failing case with a diff, and a closing `N passed, N failed` line.
"""
import difflib
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile

from docs_base import docs_base


def listing(outdir):
    parts = []
    for root, _, files in sorted(os.walk(outdir)):
        for f in sorted(files):
            path = os.path.join(root, f)
            rel = os.path.relpath(path, outdir)
            with open(path, "rb") as fh:
                parts.append(b"== " + rel.encode() + b" ==\n" + fh.read())
    return b"".join(parts)


_DOCS_BASES = {}


def docs_base_of(iamc):
    if iamc not in _DOCS_BASES:
        _DOCS_BASES[iamc] = docs_base(iamc)
    return _DOCS_BASES[iamc]


def strip_input_ext(case_rel, config):
    for ext in sorted(config["inputs"], key=len, reverse=True):
        if case_rel.endswith(ext):
            return case_rel[: -len(ext)]
    return case_rel


def run_case(iamc, suite_dir, config, case_rel):
    outdir = tempfile.mkdtemp(prefix="iamc-golden-")
    try:
        args = [a.replace("{input}", case_rel).replace("{outdir}", os.path.join(outdir, "out"))
                for a in config["args"]]
        extra = os.path.join(suite_dir, strip_input_ext(case_rel, config) + ".args")
        if os.path.exists(extra):
            with open(extra) as fh:
                args += json.load(fh)
        env = dict(os.environ, NO_COLOR="1")
        stdin = None
        if config.get("stdin"):
            with open(os.path.join(suite_dir, case_rel), "rb") as fh:
                stdin = fh.read()
        proc = subprocess.run([iamc] + args, cwd=suite_dir, input=stdin,
                              capture_output=True, timeout=120, env=env)
        stdout = proc.stdout
        if config.get("outdir_listing"):
            stdout += listing(os.path.join(outdir, "out")) if os.path.isdir(os.path.join(outdir, "out")) else b""
        stderr = proc.stderr
        for prefix in sorted({os.path.realpath(suite_dir), os.path.abspath(suite_dir)}, key=len, reverse=True):
            stdout = stdout.replace(prefix.encode(), b"{suite}")
            stderr = stderr.replace(prefix.encode(), b"{suite}")
        docs = docs_base_of(iamc).encode()
        stdout = stdout.replace(docs, b"{docs}")
        stderr = stderr.replace(docs, b"{docs}")
        out = os.path.join(outdir, "out").encode()
        stdout = stdout.replace(out, b"{outdir}")
        stderr = stderr.replace(out, b"{outdir}")
        return {"stdout": stdout, "stderr": stderr, "exit": f"{proc.returncode}\n".encode()}
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


def main():
    argv = sys.argv[1:]
    update = "--update" in argv
    argv = [a for a in argv if a != "--update"]
    if len(argv) < 2:
        print(__doc__)
        return 2
    iamc = os.path.abspath(argv[0])
    passed = failed = 0
    for suite_dir in argv[1:]:
        suite_dir = os.path.abspath(suite_dir)
        with open(os.path.join(suite_dir, "suite.json")) as fh:
            config = json.load(fh)
        cases = []
        for root, _, files in os.walk(suite_dir):
            for f in files:
                rel = os.path.relpath(os.path.join(root, f), suite_dir)
                if any(fnmatch.fnmatch(rel.replace(os.sep, "/"), g) for g in config.get("ignore", [])):
                    continue
                if any(f.endswith(ext) for ext in config["inputs"]):
                    cases.append(rel)
        for case in sorted(cases):
            stem = strip_input_ext(case, config)
            got = run_case(iamc, suite_dir, config, case)
            problems = []
            name = os.path.basename(stem)
            code = int(got["exit"])
            changes = code == 3 and config.get("detailed_exitcode") and name.startswith("changes_")
            if code > 2 and not changes:
                problems.append(f"exit code {code}: a crash or internal error")
            if config.get("detailed_exitcode") and name.startswith("changes_") and code != 3:
                problems.append(f"exit code {code} but a changes_ case must exit 3 (--detailed-exitcode)")
            elif not changes and name.startswith("fail_") != (code != 0):
                problems.append(f"exit code {code} but the case is named {'fail_' if code == 0 else 'without fail_'}")
            for kind in config["compare"]:
                path = os.path.join(suite_dir, f"{stem}.{kind}")
                if update:
                    with open(path, "wb") as fh:
                        fh.write(got[kind])
                    continue
                try:
                    with open(path, "rb") as fh:
                        want = fh.read()
                except FileNotFoundError:
                    problems.append(f"missing expectation {os.path.relpath(path)}")
                    continue
                if want != got[kind]:
                    diff = difflib.unified_diff(
                        want.decode(errors="replace").splitlines(True),
                        got[kind].decode(errors="replace").splitlines(True),
                        f"{stem}.{kind} (expected)", f"{stem}.{kind} (actual)")
                    problems.append("".join(diff))
            if problems:
                failed += 1
                print(f"FAIL {os.path.relpath(os.path.join(suite_dir, case))}")
                for p in problems:
                    print(p if p.endswith("\n") else p + "\n", end="")
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
