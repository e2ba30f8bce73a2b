#!/usr/bin/env python3
"""Fails the build when a stage includes a header of a stage that is not below it.

Usage: check_layers.py LAYERS_FILE COMPILER_DIR

LAYERS_FILE (written by compiler/CMakeLists.txt) has one line per stage, "name: dep dep ...",
its direct dependencies as linked. A file in compiler/NAME/ may include "X/..." only when X is
NAME itself or reachable from NAME through those dependencies. Exit 1 lists every offending
#include as file:line: so the message points at the line to change."""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')


def main():
    layers_file, root = sys.argv[1], sys.argv[2]
    direct = {}
    with open(layers_file) as f:
        for line in f:
            name, _, deps = line.partition(":")
            if name.strip():
                direct[name.strip()] = deps.split()
    reachable = {}

    def below(stage, seen=()):
        if stage in reachable:
            return reachable[stage]
        if stage in seen:
            sys.exit(f"check_layers: the stages form a cycle through {stage}")
        out = {stage}
        for d in direct.get(stage, []):
            out |= below(d, seen + (stage,))
        reachable[stage] = out
        return out

    problems = []
    for stage in sorted(direct):
        allowed = below(stage)
        folder = os.path.join(root, stage)
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp", ".def")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if m and m.group(1) in direct and m.group(1) not in allowed:
                            problems.append(f"{os.path.relpath(path, os.path.dirname(root))}:{lineno}: "
                                            f"error: stage '{stage}' includes '{m.group(1)}/', which is not "
                                            f"below it (allowed: {', '.join(sorted(allowed))}); move the "
                                            f"code down a stage or add the dependency in compiler/CMakeLists.txt")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
