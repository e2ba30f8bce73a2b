#!/usr/bin/env python3
"""Every scope each docs/targets/<target>.md page documents compiles.

For each page: the scope spellings named in the first column of its tables (the DSL side; rows
about principals are skipped) must each appear in the page's ```iamc example, and that example
must pass `iamc check` with no error and no warning. The scope vocabulary is the DSL's own list
(IAMC_SCOPE in compiler/model/kinds.def), so a page cannot document a spelling the language lacks
or one its target's catalogue rejects (C003) without this test failing.

Usage: docs_targets_test.py IAMC REPO
"""
import os
import re
import subprocess
import sys
import tempfile

PRINCIPAL_MARKERS = ("user(", "service_account(", "token(", "team(", "everyone")


def scope_vocabulary(repo):
    with open(os.path.join(repo, "compiler", "model", "kinds.def"), encoding="utf-8") as fh:
        text = fh.read()
    names = set(re.findall(r'^IAMC_SCOPE\(\w+, "([a-z_]+)"', text, flags=re.M))
    if len(names) < 10:
        raise SystemExit("could not read the scope spellings from compiler/model/kinds.def (IAMC_SCOPE)")
    return names


def documented_scopes(page, vocabulary):
    found = set()
    for line in page.splitlines():
        if not line.startswith("|") or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        first = cells[0] if cells else ""
        if any(marker in first for marker in PRINCIPAL_MARKERS):
            continue
        for span in re.findall(r"`([^`]*)`", first):
            for word in re.findall(r"[a-z_]+(?=\()|\b[a-z_]+\b", span):
                if word in vocabulary:
                    found.add(word)
    return found


def examples(page):
    return re.findall(r"```iamc\n(.*?)```", page, flags=re.S)


def main():
    iamc, repo = sys.argv[1], sys.argv[2]
    vocabulary = scope_vocabulary(repo)
    targets = os.path.join(repo, "docs", "targets")
    failures = []
    pages = sorted(p for p in os.listdir(targets) if p.endswith(".md"))
    for name in pages:
        with open(os.path.join(targets, name), encoding="utf-8") as fh:
            page = fh.read()
        blocks = examples(page)
        scopes = documented_scopes(page, vocabulary)
        if not blocks:
            failures.append(f"{name}: no ```iamc example of its scopes")
            continue
        if not scopes:
            failures.append(f"{name}: no scope found in its tables")
        example = "\n".join(blocks)
        for scope in sorted(scopes):
            if not re.search(r"\b" + scope + r"\b", example):
                failures.append(f"{name}: documents the scope {scope!r} but its example does not use it")
        with tempfile.TemporaryDirectory(prefix="iamc-docs-") as tmp:
            path = os.path.join(tmp, name.replace(".md", ".iam"))
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(example)
            proc = subprocess.run([iamc, "check", "--color=never", "--fail-level", "warning", path],
                                  capture_output=True, text=True, timeout=60)
            if proc.returncode != 0:
                failures.append(f"{name}: its example does not check clean (exit {proc.returncode}):\n{proc.stderr}")
        print(f"{name}: {len(scopes)} scopes documented: {', '.join(sorted(scopes))}")
    for f in failures:
        print("FAIL " + f)
    print(f"{len(pages)} pages, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
