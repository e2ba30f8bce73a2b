#!/usr/bin/env python3
"""The README's "30 seconds" tour is true: every file it shows is written as shown, every
`$ iamc ...` command it shows is run in that folder, and the output (standard output and standard
error, as a terminal shows them) and exit codes (`$ echo $?`) are exactly what the README prints.
A line of prose "Fix `A` → `B`" between two commands makes that edit in the files first.

Usage: readme_test.py IAMC REPO_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile


def tour(readme):
    text = open(readme, encoding="utf-8").read()
    start = text.index("## 30 seconds")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def steps(section):
    """("file", name, text) | ("fix", old, new) | ("console", block) in README order."""
    pattern = re.compile(r"^`([^`]+)`:\n\n```[a-z]*\n(.*?)^```\n|^```[a-z]*\n(\$ .*?)^```\n|Fix `([^`]+)` → `([^`]+)`",
                         re.M | re.S)
    for m in pattern.finditer(section):
        if m.group(1):
            yield "file", m.group(1), m.group(2)
        elif m.group(3):
            yield "console", m.group(3), None
        else:
            yield "fix", m.group(4), m.group(5)


def main():
    iamc, root = sys.argv[1], sys.argv[2]
    failures = []
    commands = 0
    with tempfile.TemporaryDirectory(prefix="iamc-readme-") as tmp:
        files = {}
        for kind, a, b in steps(tour(os.path.join(root, "README.md"))):
            if kind == "file":
                files[a] = a
                os.makedirs(os.path.dirname(os.path.join(tmp, a)) or tmp, exist_ok=True)
                with open(os.path.join(tmp, a), "w", encoding="utf-8") as fh:
                    fh.write(b)
            elif kind == "fix":
                for name in files:
                    path = os.path.join(tmp, name)
                    with open(path, encoding="utf-8") as fh:
                        content = fh.read()
                    with open(path, "w", encoding="utf-8") as fh:
                        fh.write(content.replace(a, b))
            else:
                last = None
                for chunk in re.split(r"^\$ ", a, flags=re.M)[1:]:
                    command, _, expected = chunk.partition("\n")
                    if command == "echo $?":
                        if expected.strip() != str(last):
                            failures.append(f"after the command above the README says exit {expected.strip()}, got {last}")
                        continue
                    args = command.split()
                    if args[0] != "iamc":
                        failures.append(f"not an iamc command: {command}")
                        continue
                    commands += 1
                    proc = subprocess.run([iamc] + args[1:], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          env=dict(os.environ, NO_COLOR="1"), timeout=60)
                    last = proc.returncode
                    got = proc.stdout.decode("utf-8", "replace")
                    if got != expected:
                        failures.append(f"$ {command}\n--- the README shows:\n{expected}--- iamc prints:\n{got}")
    if commands < 3:
        failures.append(f"only {commands} iamc commands found in the tour")
    for f in failures:
        print("FAIL:", f)
    print(f"{commands} README commands run, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
