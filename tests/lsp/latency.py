#!/usr/bin/env python3
"""Benchmark: how long `iamc lsp` takes to publish diagnostics after a change to a 2,000-line file.

Opens a generated 2,000-line DSL file, then sends N single-character incremental edits one at a
time, timing each from the write of didChange to the arrival of its publishDiagnostics. Prints the
median and the worst; with --max-ms M exits 1 when the median exceeds M (issue 5 asks for 50 ms).

Usage: latency.py IAMC [--runs N] [--max-ms M]
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise EOFError
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length))


def generate(lines=2000):
    out = ['target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }']
    n_lets = 400
    for i in range(n_lets):
        out.append(f'let u{i} = user("{i:08x}-9edb-4e85-9438-48dc8e917231")')
    out.append("in astra.prod {")
    i = 0
    while len(out) < lines - 1:
        out.append(f'  grant viewer to u{i % n_lets} on namespace(id: "{i:08x}-b52c-5397-9236-e214dca5a241")')
        i += 1
    out.append("}")
    return "\n".join(out) + "\n"


def read_diagnostics(stream, uri):
    """The next publishDiagnostics for `uri` (the server also reports on the other files of a project)."""
    while True:
        msg = read_message(stream)
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            return msg


def main():
    iamc = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 20
    max_ms = float(sys.argv[sys.argv.index("--max-ms") + 1]) if "--max-ms" in sys.argv else None
    text = generate()
    # Never written, held in memory, in a folder of its own: the server loads the whole project of
    # an open file (docs/projects.md), and this file alone is the project to measure.
    uri = "file://" + os.path.join(tempfile.mkdtemp(prefix="iamc-latency-"), "latency-bench.iam")
    proc = subprocess.Popen([iamc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda m: (proc.stdin.write(frame(m)), proc.stdin.flush())
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    read_message(proc.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "iamc", "version": 1, "text": text}}})
    first = read_diagnostics(proc.stdout, uri)
    times = []
    for v in range(2, runs + 2):
        # Alternate a typo and its fix on line 1000 so each change gives different diagnostics.
        new = "veiwer" if v % 2 == 0 else "viewer"
        edit = {"range": {"start": {"line": 1000, "character": 8}, "end": {"line": 1000, "character": 14}}, "text": new}
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [edit]}})
        msg = read_diagnostics(proc.stdout, uri)
        times.append((time.perf_counter() - start) * 1000)
        assert msg["params"]["version"] == v, msg
        codes = [d["code"] for d in msg["params"]["diagnostics"]]
        assert ("C001" in codes) == (new == "veiwer"), codes
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=10)
    times.sort()
    median = times[len(times) // 2]
    print(f"2000-line file, {runs} changes: median {median:.1f} ms, worst {times[-1]:.1f} ms, best {times[0]:.1f} ms")
    return 1 if max_ms is not None and median > max_ms else 0


if __name__ == "__main__":
    sys.exit(main())
