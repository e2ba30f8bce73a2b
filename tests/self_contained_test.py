#!/usr/bin/env python3
"""The repository stands alone: no tracked file names the developers' reference shelf (the `shared` folder beside the clone)
or an absolute path of the machine the clone sits on. A user's clone has neither.

Usage: self_contained_test.py REPO"""
import os
import re
import stat
import subprocess
import sys

repo = os.path.abspath(sys.argv[1])
parent = os.path.dirname(repo)
files = subprocess.run(["git", "-C", repo, "ls-files", "-z"], capture_output=True, check=True).stdout
# Patterns that betray a path outside the clone. The self-test below proves each one matches.
forbidden = [
    re.compile(rb"\.\./" + rb"shared\b"),  # split so that this file does not name it
    re.compile(rb"/wo" + rb"rk/(?:shared|main)\b"),
    # The clone's own parent folder, unless that is a shared temporary folder (/tmp: sticky, world
    # writable), where any /tmp path in the docs or tests would match without naming anything of ours.
    re.compile(re.escape(parent.encode() + b"/")) if parent != "/" and not os.stat(parent).st_mode & stat.S_ISVTX else None,
]
forbidden = [p for p in forbidden if p is not None]
for sample in (b"see ../" + b"shared/specs", b"/wo" + b"rk/" + b"shared/peers/run.sh"):
    assert any(p.search(sample) for p in forbidden), sample
this = os.path.relpath(os.path.abspath(__file__), repo).encode()
bad = []
for name in files.split(b"\0"):
    if not name or name == this:
        continue
    path = os.path.join(repo.encode(), name)
    if not os.path.isfile(path):
        continue
    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            if any(p.search(line) for p in forbidden):
                bad.append(f"{name.decode()}:{lineno}: {line.decode(errors='replace').strip()[:160]}")
for b in bad:
    print(b)
print(f"{len(bad)} lines name a path outside the repository")
sys.exit(1 if bad else 0)
