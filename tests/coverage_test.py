#!/usr/bin/env python3
"""Fails if a diagnostic code registered in codes.def appears in no golden expectation.

A code counts as covered when some expectation file under the golden directory (`*.stderr`,
`*.stdout`, or files written by a compile run) shows it as `[CODE]` (text), `"code": "CODE"`
(JSON) or `"ruleId": "CODE"` (SARIF). Codes that cannot be exercised by a golden case are listed
in ALLOWLIST with the reason; an allowlisted code that is covered after all, or that is no longer
registered, is an error too, so the list cannot go stale.

Usage: coverage_test.py CODES_DEF GOLDEN_DIR
"""
import os
import re
import sys

ALLOWLIST = {
    "I002": "needs a source larger than the 16 MiB limit, too big to keep in the repository; "
            "tests/hostile/hostile_test.py (test_hundred_megabyte_file) generates one at run time",
}

EXPECTATION_SUFFIXES = (".stderr", ".stdout", ".json", ".sarif", ".ndjson")


def registered_codes(codes_def):
    with open(codes_def, encoding="utf-8") as fh:
        text = fh.read()
    return re.findall(r'^\s*IAMC_DIAG\(\s*\w+\s*,\s*"([A-Z][0-9]{3})"', text, re.M)


def covered_codes(golden_dir):
    pattern = re.compile(r'\[([A-Z][0-9]{3})\]|"(?:code|ruleId)"\s*:\s*"([A-Z][0-9]{3})"')
    found = {}
    for root, _, files in os.walk(golden_dir):
        for name in files:
            if not name.endswith(EXPECTATION_SUFFIXES):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as fh:
                for m in pattern.finditer(fh.read()):
                    found.setdefault(m.group(1) or m.group(2), os.path.relpath(path, golden_dir))
    return found


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    codes = registered_codes(sys.argv[1])
    if not codes:
        print(f"no IAMC_DIAG entries found in {sys.argv[1]}")
        return 1
    covered = covered_codes(sys.argv[2])
    problems = []
    for code in codes:
        if code in ALLOWLIST:
            if code in covered:
                problems.append(f"{code} is allowlisted but covered by {covered[code]}: remove it from ALLOWLIST")
        elif code not in covered:
            problems.append(f"{code} appears in no golden expectation: add a case under tests/golden/")
    for code in ALLOWLIST:
        if code not in codes:
            problems.append(f"{code} is allowlisted but not registered in codes.def")
    for p in problems:
        print(p)
    print(f"{len(codes) - len(problems)} passed, {len(problems)} failed "
          f"({len(codes)} codes, {len(ALLOWLIST)} allowlisted)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
