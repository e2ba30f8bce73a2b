#!/usr/bin/env python3
"""Transcript tests for `iamc lsp`: each tests/lsp/*.lsp file is one session fed to the real binary.

Lines of a transcript:
    # comment                      ignored
    --> {json}                     a message sent to the server (framed with Content-Length)
    ==> "python string expression" raw bytes sent as they are (malformed framing, bad JSON)
    <-- {json}                     a message the server must send, in this order
    === exit N                     the server's exit code (the session ends when input ends)
    === args A B                   extra arguments for `iamc lsp`
`${ROOT}` in any line is replaced by the file URI of the transcript's directory (no trailing
slash), `${VERSION}` by the server's version, `${DOCS}` by the documentation base URL the binary
was built with (tests/tools/docs_base.py). Every message the server sends must be matched:
nothing is ignored. Replies are compared as parsed JSON.

Usage: run_transcripts.py IAMC DIR [--update]   (--update rewrites the <-- and === lines)
"""
import json
import os
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from docs_base import docs_base  # noqa: E402


def frame(obj_text):
    body = obj_text.encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def parse_output(data):
    msgs = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            raise ValueError(f"unframed output: {data[:200]!r}")
        length = None
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise ValueError(f"no Content-Length in {head!r}")
        msgs.append(json.loads(rest[:length]))
        data = rest[length:]
    return msgs


def run(iamc, path, update):
    root = "file://" + urllib.parse.quote(os.path.dirname(os.path.abspath(path)))
    version = subprocess.run([iamc, "--version"], capture_output=True, text=True).stdout.split()[-1]
    docs = docs_base(iamc)
    subst = lambda s: s.replace("${ROOT}", root).replace("${VERSION}", version).replace("${DOCS}", docs)
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    stdin = b""
    expected, expected_exit, args = [], None, []
    for n, line in enumerate(lines, 1):
        if line.startswith("-->"):
            stdin += frame(subst(line[3:].strip()))
        elif line.startswith("==>"):
            stdin += subst(eval(line[3:].strip(), {"__builtins__": {}})).encode("latin-1")
        elif line.startswith("<--"):
            expected.append(json.loads(subst(line[3:].strip())))
        elif line.startswith("=== args"):
            args = line.split()[2:]
        elif line.startswith("=== exit"):
            expected_exit = int(line.split()[-1])
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{path}:{n}: unknown line")
    proc = subprocess.run([iamc, "lsp"] + args, input=stdin, capture_output=True, timeout=60,
                          cwd=os.path.dirname(os.path.abspath(path)))
    actual = parse_output(proc.stdout)
    if update:
        out = [l for l in lines if not l.startswith("<--") and not l.startswith("=== exit")]
        while out and not out[-1].strip():
            out.pop()
        out.append("")
        for m in actual:
            out.append("<-- " + json.dumps(m, ensure_ascii=False).replace(root, "${ROOT}").replace(docs, "${DOCS}")
                       .replace(f'"version": "{version}"', '"version": "${VERSION}"'))
        out.append(f"=== exit {proc.returncode}")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(out) + "\n")
        return []
    problems = []
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else None
        a = actual[i] if i < len(actual) else None
        if e != a:
            problems.append(f"message {i + 1}:\n  expected {json.dumps(e)}\n  actual   {json.dumps(a)}")
    if expected_exit is None:
        problems.append("the transcript has no '=== exit N' line")
    elif proc.returncode != expected_exit:
        problems.append(f"exit code {proc.returncode}, expected {expected_exit}")
    if proc.stderr:
        problems.append(f"stderr: {proc.stderr.decode(errors='replace')[:500]}")
    return problems


def main():
    iamc, directory = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = "--update" in sys.argv
    failed = 0
    files = sorted(f for f in os.listdir(directory) if f.endswith(".lsp"))
    for f in files:
        problems = run(iamc, os.path.join(directory, f), update)
        if problems:
            failed += 1
            print(f"FAIL {f}")
            for p in problems:
                print("  " + p)
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
