#!/usr/bin/env python3
"""iamc's benchmark (issue 6): one command, a markdown table of measured figures.

    python3 tests/bench/run.py [--iamc build/iamc] [--sizes 1000,10000,100000] [--million]
                               [--forms dsl,yaml] [--no-peers] [--repeat 3] [--work /tmp/iamc-bench]
                               [--out FILE.md]

Per size N and form (DSL, YAML) it generates a project with tests/bench/generate.py (seeded, cached
in --work) and times, as separate processes (median of --repeat runs, 1 run at N >= 1,000,000):

- `check`    `iamc check DIR`: load, parse, resolve, check and lint;
- `front`    `iamc compile DIR --emit ndjson --target redpanda.<none>`: load, parse, resolve and
             check, emitting nothing (no instance matches), i.e. the front half without lint;
- `compile`  `iamc compile DIR --emit ndjson > /dev/null`: end to end; its line count is checked
             against N.

iamc has no phase timer yet, so phases are differences: emit = compile - front, lint = check -
front. Peak RSS is /usr/bin/time's %M. When `iamc check --help` lists `--time-phases` its output is
included as well; `-j` scaling is measured when `iamc compile --help` lists `-j`.

Review commands (issue 14), per size up to 100,000 when `iamc --help` lists `diff`: `iamc diff A B`
between two generated revisions of N grants (seeds S and S+1: every grant differs, the worst
case) against the two `front` runs it replaces, and `iamc who DIR --on everything` and
`--on namespace:ID` on one of them. `--review-only` measures only these.

Plan (issue 12), per size up to 100,000 when `iamc --help` lists `plan`: `iamc plan DIR --state S
--emit ndjson` with N desired grants against a state of the N live bindings their own requests make
(tests/tools/state_from_requests.py: every binding unchanged), and `--prune` against the state of
another revision (seed + 1: every binding created and deleted), beside `compile` of the same
project. `--plan-only` measures only these.

Also measured: start-up (`iamc check` on one small file, hyperfine when installed), LSP re-check
latency (didChange on a 2,000-line file until publishDiagnostics), and the peers of
tests/bench/peers/run.sh on their own grants, with iamc compiling the same grants
(generate.py --from) to give ratios.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import generate  # noqa: E402  (the same generator, for the LSP file)

PEERS = os.environ.get("IAMC_PEERS", os.path.join(ROOT, "tests", "bench", "peers", "run.sh"))
GENERATE = os.path.join(HERE, "generate.py")
NO_INSTANCE = "redpanda.bench-no-such-instance"


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True, **kw)


def timed(argv, stdout_path=os.devnull, cwd=None):
    """Runs argv once; returns (seconds, peak_rss_kb, exit_code, stderr, cpu_seconds)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, open(stdout_path, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf.name] + argv, stdout=out,
                           stderr=subprocess.PIPE, cwd=cwd)
        dt = time.perf_counter() - t0
        lines = [ln for ln in open(tf.name).read().split("\n") if ln.strip()]
    fields = lines[-1].split() if lines else []
    try:
        cpu, rss = float(fields[0]) + float(fields[1]), int(fields[2])
    except (IndexError, ValueError):
        cpu, rss = 0.0, 0
    return dt, rss, p.returncode, p.stderr.decode(errors="replace"), cpu


def measure(argv, repeat, stdout_path=os.devnull):
    runs = [timed(argv, stdout_path) for _ in range(repeat)]
    return {"s": statistics.median(r[0] for r in runs), "min_s": min(r[0] for r in runs),
            "rss_kb": max(r[1] for r in runs), "rc": runs[-1][2], "stderr": runs[-1][3][-2000:],
            "cpu_s": statistics.median(r[4] for r in runs)}


def source_bytes(d):
    total = 0
    for dirpath, _, files in os.walk(d):
        for f in files:
            if f.endswith((".iam", ".iam.yaml")):
                total += os.path.getsize(os.path.join(dirpath, f))
    return total


def generate_project(work, form, n, seed, from_json=None):
    tag = f"from-{n}" if from_json else f"{n}"
    d = os.path.join(work, f"{form}-{tag}")
    stamp = os.path.join(d, ".bench-stamp")
    want = f"{form} {n} {seed} {from_json or ''} {os.path.getmtime(os.path.join(HERE, 'generate.py'))}"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return d
    shutil.rmtree(d, ignore_errors=True)
    argv = [sys.executable, os.path.join(HERE, "generate.py"), "--form", form, "--out", d, "--seed", str(seed)]
    argv += ["--from", from_json] if from_json else ["--grants", str(n)]
    subprocess.run(argv, check=True, stderr=subprocess.DEVNULL)
    open(stamp, "w").write(want)
    return d


def diag_summary(iamc, d):
    p = sh([iamc, "check", d, "--format", "json"])
    try:
        doc = json.loads(p.stdout)
        s = doc["summary"]
        codes = {}
        for dg in doc["diagnostics"]:
            codes[dg["code"]] = codes.get(dg["code"], 0) + 1
        return {"errors": s["errors"], "warnings": s["warnings"], "grants": s["grants"], "files": s["files"],
                "codes": codes, "rc": p.returncode}
    except (ValueError, KeyError):
        return {"errors": None, "warnings": None, "rc": p.returncode, "raw": p.stderr[-500:]}


def count_lines(path):
    with open(path, "rb") as f:
        return sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 20), b""))


def bench_project(iamc, d, n, repeat, help_text):
    out_nd = os.path.join(tempfile.gettempdir(), f"iamc-bench-{os.getpid()}.ndjson")
    r = {"n": n, "bytes": source_bytes(d)}
    r["diag"] = diag_summary(iamc, d)
    r["check"] = measure([iamc, "check", d], repeat)
    r["front"] = measure([iamc, "compile", d, "--emit", "ndjson", "--target", NO_INSTANCE], repeat)
    r["compile"] = measure([iamc, "compile", d, "--emit", "ndjson"], repeat, out_nd)
    r["requests"] = count_lines(out_nd) if r["compile"]["rc"] == 0 else None
    os.unlink(out_nd)
    if "--time-phases" in help_text["check"]:
        p = sh([iamc, "check", d, "--time-phases"])
        r["time_phases"] = p.stderr[-3000:]
    if re.search(r"(^|[\s,])-j[\s,N=]", help_text["compile"]):
        outs = {}
        for j in (1, 2):
            path = os.path.join(tempfile.gettempdir(), f"iamc-bench-j{j}.ndjson")
            r[f"j{j}"] = measure([iamc, "compile", d, "--emit", "ndjson", f"-j{j}"], repeat, path)
            outs[j] = open(path, "rb").read()
            os.unlink(path)
            r[f"check_j{j}"] = measure([iamc, "check", d, f"-j{j}"], repeat)
        r["j_identical"] = outs[1] == outs[2]
    return r


# ---------------------------------------------------------------------------------------------

def startup(iamc, work):
    d = os.path.join(work, "startup")
    os.makedirs(d, exist_ok=True)
    f = os.path.join(d, "small.iam")
    open(f, "w").write('target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
                       "in astra.prod {\n"
                       '  grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231") on everything\n'
                       '  grant member to group("8b5b54da-ae53-497a-963d-1fc89990525b")'
                       ' on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")\n}\n')
    if shutil.which("hyperfine"):
        js = os.path.join(d, "hf.json")
        sh(["hyperfine", "-N", "--warmup", "20", "--runs", "200", "--export-json", js, f"{iamc} check {f}"])
        try:
            res = json.load(open(js))["results"][0]
            return {"tool": "hyperfine", "mean_ms": res["mean"] * 1e3, "median_ms": res["median"] * 1e3,
                    "min_ms": res["min"] * 1e3, "stddev_ms": res["stddev"] * 1e3}
        except (OSError, ValueError, KeyError, IndexError):
            pass
    ts = []
    for _ in range(100):
        t0 = time.perf_counter()
        subprocess.run([iamc, "check", f], stderr=subprocess.DEVNULL)
        ts.append(time.perf_counter() - t0)
    return {"tool": "100 runs", "mean_ms": statistics.mean(ts) * 1e3, "median_ms": statistics.median(ts) * 1e3,
            "min_ms": min(ts) * 1e3}


def lsp_file(lines_wanted=2000):
    """A self-contained DSL file of about 2,000 lines: targets, lets, grants on all five targets."""
    def render(n):
        people, files = generate.plan_project(n, 61, 10 ** 9)
        parts = [generate.TARGETS_DSL, generate.dsl_people(people)]
        parts += [generate.dsl_file(fl, False).replace('include "../targets.iam"\n', "") for fl in files]
        return "\n".join(parts)
    lo, hi = 100, lines_wanted
    while lo < hi:  # the most grants that fit in lines_wanted lines
        mid = (lo + hi + 1) // 2
        if render(mid).count("\n") <= lines_wanted:
            lo = mid
        else:
            hi = mid - 1
    return render(lo)


class Lsp:
    def __init__(self, iamc):
        self.p = subprocess.Popen([iamc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, obj):
        b = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        self.p.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("lsp closed")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == i:
                return m

    def wait_diagnostics(self, uri):
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]

    def close(self):
        try:
            self.request("shutdown", None)
            self.send({"jsonrpc": "2.0", "method": "exit"})
            self.p.wait(timeout=5)
        except Exception:  # noqa: BLE001 - best effort
            self.p.kill()


def lsp_project(work, seed=6):
    """A 100-file project (10,000 generated grants in files of 100) plus one ~2,000-line file of
    Redpanda grants, included from main.iam: issue 17's "2,000-line file in a 100-file project".
    Returns (root, path of the big file)."""
    d = os.path.join(work, "lsp-project")
    shutil.rmtree(d, ignore_errors=True)
    sh([sys.executable, GENERATE, "--grants", "10000", "--per-file", "100", "--form", "dsl", "--out", d,
        "--seed", str(seed)])
    big_src = os.path.join(work, "lsp-project-big")
    shutil.rmtree(big_src, ignore_errors=True)
    sh([sys.executable, GENERATE, "--grants", "30000", "--per-file", "1900", "--form", "dsl", "--out", big_src,
        "--seed", str(seed + 1)])
    # The largest grant file of the second project, its names made distinct from the first's.
    candidates = [os.path.join(b, f) for b, _, fs in os.walk(os.path.join(big_src, "redpanda")) for f in fs]
    text = max((open(f).read() for f in candidates), key=len).replace("rec", "big")
    path = os.path.join(d, "redpanda", "big.iam")
    open(path, "w").write(text)
    with open(os.path.join(d, "main.iam"), "a") as fh:
        fh.write('include "redpanda/big.iam"\n')
    return d, path


def lsp_latency(iamc, work, edits=20, project=False):
    if project:
        d, path = lsp_project(work)
        text = open(path).read()
    else:
        d = os.path.join(work, "lsp")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "big.iam")
        text = lsp_file()
        open(path, "w").write(text)
    uri = "file://" + path
    s = Lsp(iamc)
    try:
        init = s.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + d, "capabilities": {}})
        sync = init.get("result", {}).get("capabilities", {}).get("textDocumentSync", 1)
        change_kind = sync.get("change", 1) if isinstance(sync, dict) else sync
        s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        t0 = time.perf_counter()
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "iamc", "version": 1, "text": text}}})
        first = s.wait_diagnostics(uri)
        open_ms = (time.perf_counter() - t0) * 1e3
        lines = text.split("\n")
        # Edit a grant line near the middle: viewer <-> member style role swap keeps the file valid.
        target_line = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].lstrip().startswith("grant "))
        ts = []
        for k in range(edits):
            old = lines[target_line]
            new = old.replace("grant ", "grant  ", 1) if k % 2 == 0 else old.replace("grant  ", "grant ", 1)
            lines[target_line] = new
            if change_kind == 2:
                change = {"range": {"start": {"line": target_line, "character": 0},
                                    "end": {"line": target_line, "character": len(old)}}, "text": new}
            else:
                change = {"text": "\n".join(lines)}
            t0 = time.perf_counter()
            s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [change]}})
            s.wait_diagnostics(uri)
            ts.append((time.perf_counter() - t0) * 1e3)
        files = sum(f.endswith(".iam") for _, _, fs in os.walk(d) for f in fs)
        return {"lines": len(text.split("\n")), "bytes": len(text.encode()), "open_ms": open_ms, "files": files,
                "diagnostics_on_open": len(first["diagnostics"]), "change": "incremental" if change_kind == 2 else "full",
                "edits": edits, "median_ms": statistics.median(ts), "max_ms": max(ts), "min_ms": min(ts)}
    finally:
        s.close()


# ---------------------------------------------------------------------------------------------

PEER_CMDS = [("cedar", ["node", "cedar.js"]), ("node-yaml-ajv", ["node", "yamlpipe.js"]),
             ("python-yaml-jsonschema", ["python3", "pypipe.py"])]


def run_peers(n, work):
    """run.sh's own figures, then each peer once more under our timer (wall and CPU, like iamc's)."""
    w = os.path.join(work, "peers")
    p = sh(["bash", PEERS, str(n), w])
    res = {}
    for line in p.stdout.split("\n"):
        # "cedar: N=1000 1.23 s, 812 grants/s, peak 80 MB"
        if ": N=" not in line:
            continue
        name, rest = line.split(": N=", 1)
        parts = rest.split()
        res[name] = {"runsh_s": float(parts[1]), "runsh_grants_s": int(parts[3].replace(",", "")),
                     "rss_mb": int(parts[6])}
    if not res:
        res["error"] = (p.stdout + p.stderr)[-800:]
        return res, None
    for name, cmd in PEER_CMDS:
        if name in res:
            dt, rss, rc, err, cpu = timed(cmd + [f"d{n}"], cwd=w)
            res[name].update({"s": dt, "cpu_s": cpu, "rc": rc})
    return res, os.path.join(w, f"d{n}", "grants.json")


# ---------------------------------------------------------------------------------------------

def fmt_n(n):
    return f"{n:,}"


def gps(n, s):
    return f"{int(n / s):,}" if s > 0 else "-"


def machine_info(iamc):
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(ln.split()[1]) for ln in open("/proc/meminfo") if ln.startswith("MemTotal"))
    ver = sh([iamc, "--version"]).stdout.strip()
    rev = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = sh(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
    return {"nproc": os.cpu_count(), "model": model, "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release(), "iamc": ver, "git": rev + ("+dirty" if dirty else ""),
            "loadavg": open("/proc/loadavg").read().split()[:3]}


def bench_review(iamc, work, form, n, seed, repeat):
    """iamc diff between two N-grant revisions, and who on one of them (issue 14)."""
    a = generate_project(work, form, n, seed)
    # Another directory: generate_project names its directory by form and size, not by seed.
    b = generate_project(os.path.join(work, "revision-b"), form, n, seed + 1)
    r = {"n": n, "form": form}
    r["front_a"] = measure([iamc, "compile", a, "--emit", "ndjson", "--target", NO_INSTANCE], repeat)
    r["front_b"] = measure([iamc, "compile", b, "--emit", "ndjson", "--target", NO_INSTANCE], repeat)
    r["diff"] = measure([iamc, "diff", a, b, "--format", "json"], repeat)
    r["who_everything"] = measure([iamc, "who", a, "--on", "everything"], repeat)
    # A namespace some generated grant names, so the query has direct and covering matches.
    ns = None
    for root, _, files in sorted(os.walk(a)):
        for f in sorted(files):
            if f.endswith(".iam") and ns is None:
                m = re.search(r'namespace\(id: "([0-9a-f-]{36})"', open(os.path.join(root, f)).read())
                ns = m.group(1) if m else None
    if ns:
        r["who_namespace"] = measure([iamc, "who", a, "--on", f"namespace:{ns}"], repeat)
    return r


def make_state(iamc, project, state_dir):
    """A state folder holding exactly the requests `compile` makes for `project` (as live bindings)."""
    if os.path.isdir(state_dir):
        return state_dir
    requests = state_dir + ".ndjson"
    with open(requests, "wb") as out:
        proc = subprocess.run([iamc, "compile", project, "--emit", "ndjson"], stdout=out, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise RuntimeError(f"compile {project} failed: {proc.stderr.decode()[-2000:]}")
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "tools", "state_from_requests.py"), requests, state_dir],
                   check=True)
    return state_dir


def bench_plan(iamc, work, form, n, seed, repeat):
    """iamc plan of N desired grants against N live bindings (issue 12), against compile of the same
    project: live = the project's own requests (every binding unchanged), and live = another
    revision's (seed + 1: every binding created and, with --prune, deleted: the worst case)."""
    a = generate_project(work, form, n, seed)
    b = generate_project(os.path.join(work, "revision-b"), form, n, seed + 1)
    same = make_state(iamc, a, os.path.join(work, f"state-{form}-{n}-same"))
    other = make_state(iamc, b, os.path.join(work, f"state-{form}-{n}-other"))
    r = {"n": n, "form": form, "live": count_live(same)}
    r["compile"] = measure([iamc, "compile", a, "--emit", "ndjson"], repeat)
    r["plan_same"] = measure([iamc, "plan", a, "--state", same, "--emit", "ndjson"], repeat)
    r["plan_other"] = measure([iamc, "plan", a, "--state", other, "--prune", "--emit", "ndjson"], repeat)
    for k in ("compile", "plan_same", "plan_other"):
        if r[k]["rc"] != 0:
            raise RuntimeError(f"{k} exited {r[k]['rc']}: {r[k]['stderr']}")
    return r


def count_live(state_dir):
    """The live bindings of a state folder made by make_state: one per request compiled into it."""
    return count_lines(state_dir + ".ndjson")


def plan_lines(plans):
    o = ["", "### Plan (issue 12)", "",
         "| form | N desired | live | compile s (CPU s) | plan, all unchanged s (CPU s) | ratio wall (CPU) | "
         "plan --prune, all replaced s (CPU s) | ratio wall (CPU) | compile / plan peak RSS MB |",
         "|---|---|---|---|---|---|---|---|---|"]
    for r in plans:
        c, cc = r["compile"]["s"], r["compile"]["cpu_s"] or 1e-9
        same, other = r["plan_same"], r["plan_other"]
        o.append(f"| {r['form']} | {fmt_n(r['n'])} | {fmt_n(r['live'])} | {c:.3f} ({cc:.2f}) | "
                 f"{same['s']:.3f} ({same['cpu_s']:.2f}) | {same['s'] / c:.2f} ({same['cpu_s'] / cc:.2f}) | "
                 f"{other['s']:.3f} ({other['cpu_s']:.2f}) | {other['s'] / c:.2f} ({other['cpu_s'] / cc:.2f}) | "
                 f"{r['compile']['rss_kb'] // 1024} / {max(same['rss_kb'], other['rss_kb']) // 1024} |")
    o.append("")
    o.append("plan runs compile's front half and backends, reads the state and matches both sides; the issue's bound "
             "is plan ≤ 2 × compile of the same project.")
    return o


def review_lines(reviews):
    o = ["", "### Review commands (issue 14)", "",
         "| form | N | diff s | 2 fronts s | diff / 2 fronts | who --on everything s | who --on namespace s | diff peak RSS MB |",
         "|---|---|---|---|---|---|---|---|"]
    for r in reviews:
        fronts = r["front_a"]["s"] + r["front_b"]["s"]
        ns = r.get("who_namespace", {}).get("s")
        o.append(f"| {r['form']} | {fmt_n(r['n'])} | {r['diff']['s']:.3f} | {fronts:.3f} | {r['diff']['s'] / fronts:.2f} | "
                 f"{r['who_everything']['s']:.3f} | {'' if ns is None else f'{ns:.3f}'} | {r['diff']['rss_kb'] // 1024} |")
    o.append("")
    o.append("diff compiles both sides (the two fronts) and compares their effective access; the issue's bounds are "
             "diff < 2 × the two compiles, and who < 0.5 s at 100,000 grants.")
    return o


def lsp_line(lsp):
    where = f"in a {lsp['files']}-file project" if lsp.get("files", 1) > 1 else "alone"
    return (f"LSP re-check latency on a {lsp['lines']:,}-line file {where} ({lsp['bytes'] / 1e3:.0f} kB, "
            f"{lsp['change']} didChange, {lsp['edits']} edits): median {lsp['median_ms']:.1f} ms, "
            f"max {lsp['max_ms']:.1f} ms; didOpen to first diagnostics {lsp['open_ms']:.1f} ms "
            f"({lsp['diagnostics_on_open']} diagnostics).")


def report(info, results, peers, from_results, start, lsp, wall):
    o = []
    o.append(f"Machine: {info['nproc']} CPUs ({info['model']}), {info['ram_gb']} GB RAM, Linux {info['kernel']}; "
             f"{info['iamc']} at {info['git']}; load average at start {' '.join(info['loadavg'])}; "
             f"benchmark wall time {wall:.0f} s.")
    o.append("")
    o.append("### iamc, generated projects (all five targets, lets, includes, ~1000 grants per file)")
    o.append("")
    o.append("| form | N | files | MB | diagnostics (E/W) | check s | front s | compile s | emit s | lint s | "
             "compile CPU s | compile grants/s | compile MB/s | check grants/s | peak RSS MB (compile / check) |")
    o.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        c, f, k = r["compile"], r["front"], r["check"]
        mb = r["bytes"] / 1e6
        dg = r["diag"]
        diag = f"{dg.get('errors')}/{dg.get('warnings')}"
        ok = "" if r["requests"] == r["n"] else f" (!{r['requests']} requests, rc {c['rc']})"
        o.append(f"| {r['form']} | {fmt_n(r['n'])} | {dg.get('files', '?')} | {mb:.1f} | {diag} | {k['s']:.3f} | {f['s']:.3f} | "
                 f"{c['s']:.3f}{ok} | {max(c['s'] - f['s'], 0):.3f} | {max(k['s'] - f['s'], 0):.3f} | {c['cpu_s']:.2f} | "
                 f"{gps(r['n'], c['s'])} | {mb / c['s']:.1f} | {gps(r['n'], k['s'])} | "
                 f"{c['rss_kb'] // 1024} / {k['rss_kb'] // 1024} |")
    o.append("")
    o.append("check = parse+resolve+check+lint; front = parse+resolve+check (compile with no instance selected); "
             "compile = front + emit of `--emit ndjson` to /dev/null; emit = compile - front; lint = check - front. "
             "Times are medians of separate process runs, including start-up and reading files.")
    warn_codes = {}
    for r in results:
        for code, cnt in r["diag"].get("codes", {}).items():
            warn_codes.setdefault(code, []).append(f"{r['form']} {fmt_n(r['n'])}: {cnt}")
    if warn_codes:
        o.append("")
        o.append("Diagnostics on the generated projects: " +
                 "; ".join(f"{code} ({', '.join(v)})" for code, v in sorted(warn_codes.items())) + ".")
    for r in results:
        if "j1" in r:
            o.append(f"- `-j` {r['form']} {fmt_n(r['n'])}: compile -j1 {r['j1']['s']:.3f} s, -j2 {r['j2']['s']:.3f} s, "
                     f"speed-up {r['j1']['s'] / r['j2']['s']:.2f}x, identical output: {r['j_identical']}")
            if "check_j1" in r:
                o.append(f"  check -j1 {r['check_j1']['s']:.3f} s, -j2 {r['check_j2']['s']:.3f} s, "
                         f"speed-up {r['check_j1']['s'] / r['check_j2']['s']:.2f}x")
        if "time_phases" in r:
            o.append(f"\n`--time-phases` {r['form']} {fmt_n(r['n'])}:\n```\n{r['time_phases']}\n```")
    if peers:
        o.append("")
        o.append("### Peers on their own grants (`tests/bench/peers/run.sh N`), iamc on the same grants (`generate.py --from`)")
        o.append("")
        o.append("| N | tool | wall s | CPU s | grants/s (wall) | run.sh's figure | peak RSS MB | iamc DSL ÷ tool (wall / CPU) | iamc YAML ÷ tool (wall / CPU) |")
        o.append("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
        for n in sorted(peers):
            fr = from_results.get(n, {})
            for form in ("dsl", "yaml"):
                if form in fr:
                    x = fr[form]["compile"]
                    bad = "" if fr[form]["requests"] == n else f" (!{fr[form]['requests']} requests, rc {x['rc']})"
                    o.append(f"| {fmt_n(n)} | **iamc {form.upper()}** `compile --emit ndjson`{bad} | {x['s']:.3f} | "
                             f"{x['cpu_s']:.2f} | {gps(n, x['s'])} | | {x['rss_kb'] // 1024} | | |")
            for name, pr in peers[n].items():
                if name == "error":
                    o.append(f"| {fmt_n(n)} | peers failed: `{pr[:200]}` | | | | | | | |")
                    continue
                ratios = []
                for form in ("dsl", "yaml"):
                    if form in fr and fr[form]["compile"]["s"] > 0 and pr.get("s"):
                        x = fr[form]["compile"]
                        cpu = f"{pr['cpu_s'] / x['cpu_s']:.1f}x" if x["cpu_s"] > 0 else "-"
                        ratios.append(f"{pr['s'] / x['s']:.1f}x / {cpu}")
                    else:
                        ratios.append("-")
                o.append(f"| {fmt_n(n)} | {name} | {pr.get('s', 0):.2f} | {pr.get('cpu_s', 0):.2f} | {gps(n, pr.get('s', 0))} | "
                         f"{pr['runsh_s']:.2f} s, {pr['runsh_grants_s']:,}/s | {pr['rss_mb']} | {ratios[0]} | {ratios[1]} |")
        o.append("")
        o.append("Each peer runs once under run.sh (its own figure, /usr/bin/time %e) and once more under this "
                 "harness's timer (wall and user+sys CPU, the same as iamc's); ratios are iamc's grants/s over the "
                 "peer's, from the harness's wall times and from user+sys CPU times (median of --repeat for iamc, "
                 "one run for a peer); CPU-time ratios are the fairer ones on a busy machine. "
                 "Every time includes process start-up (node ~40 ms, python ~30 ms).")
    o.append("")
    if start:
        o.append(f"Start-up, `iamc check` on one 2-grant file ({start['tool']}): mean {start['mean_ms']:.2f} ms, "
                 f"median {start['median_ms']:.2f} ms, min {start['min_ms']:.2f} ms.")
    if lsp:
        if "error" in lsp:
            o.append(f"LSP re-check latency: not measured ({lsp['error']}).")
        else:
            o.append(lsp_line(lsp))
    return "\n".join(o) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description="iamc benchmark (issue 6)")
    default_iamc = next((p for p in (os.path.join(ROOT, "build-bench", "iamc"), os.path.join(ROOT, "build", "iamc"))
                         if os.path.exists(p)), "iamc")
    ap.add_argument("--iamc", default=default_iamc)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--million", action="store_true", help="also N = 1,000,000 (minutes; needs ~3 GB in --work)")
    ap.add_argument("--forms", default="dsl,yaml")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--peer-sizes", default=None, help="sizes for the peers (default: --sizes up to 100000)")
    ap.add_argument("--no-lsp", action="store_true")
    ap.add_argument("--lsp-only", action="store_true", help="only the LSP re-check latency (one file, and in a project)")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "iamc-bench"))
    ap.add_argument("--out", default=None, help="write the markdown here too (default WORK/results.md)")
    ap.add_argument("--review-only", action="store_true", help="only the review commands (diff, who)")
    ap.add_argument("--plan-only", action="store_true", help="only plan against live state (issue 12)")
    ap.add_argument("--render", metavar="RESULTS_JSON", help="only re-render the markdown of an earlier run")
    a = ap.parse_args(argv)
    if a.render:
        j = json.load(open(a.render))
        peers = {int(k): v for k, v in j["peers"].items()}
        fr = {int(k): v for k, v in j["from"].items()}
        sys.stdout.write(report(j["machine"], j["results"], peers, fr, j["startup"], j["lsp"], j.get("wall", 0)))
        return 0
    iamc = os.path.abspath(a.iamc) if os.path.exists(a.iamc) else a.iamc
    os.makedirs(a.work, exist_ok=True)
    if a.lsp_only:
        md = "\n".join(lsp_line(lsp_latency(iamc, a.work, project=p)) for p in (False, True)) + "\n"
        open(a.out or os.path.join(a.work, "lsp.md"), "w").write(md)
        sys.stdout.write(md)
        return 0
    t_start = time.perf_counter()
    info = machine_info(iamc)
    help_text = {c: sh([iamc, c, "--help"]).stdout for c in ("check", "compile")}
    sizes = [int(s) for s in a.sizes.split(",") if s]
    if a.million and 1000000 not in sizes:
        sizes.append(1000000)
    forms = a.forms.split(",")
    plans = []
    if "plan" in sh([iamc, "--help"]).stdout:
        for n in [n for n in sizes if n <= 100000]:
            for form in forms:
                pr = bench_plan(iamc, a.work, form, n, a.seed, a.repeat)
                plans.append(pr)
                print(f"plan {form} {n}: compile {pr['compile']['s']:.3f}s plan {pr['plan_same']['s']:.3f}s "
                      f"plan --prune (all replaced) {pr['plan_other']['s']:.3f}s", file=sys.stderr)
    if a.plan_only:
        md = "\n".join(plan_lines(plans)) + "\n"
        open(a.out or os.path.join(a.work, "plan.md"), "w").write(md)
        sys.stdout.write(md)
        return 0
    reviews = []
    if "diff" in sh([iamc, "--help"]).stdout:
        for n in [n for n in sizes if n <= 100000]:
            for form in forms:
                rv = bench_review(iamc, a.work, form, n, a.seed, a.repeat)
                reviews.append(rv)
                print(f"review {form} {n}: diff {rv['diff']['s']:.3f}s fronts {rv['front_a']['s'] + rv['front_b']['s']:.3f}s "
                      f"who {rv['who_everything']['s']:.3f}s", file=sys.stderr)
    if a.review_only:
        md = "\n".join(review_lines(reviews)) + "\n"
        open(a.out or os.path.join(a.work, "review.md"), "w").write(md)
        sys.stdout.write(md)
        return 0
    results = []
    for n in sizes:
        for form in forms:
            d = generate_project(a.work, form, n, a.seed)
            rep = 1 if n >= 1000000 else a.repeat
            r = bench_project(iamc, d, n, rep, help_text)
            r["form"] = form
            results.append(r)
            print(f"{form} {n}: compile {r['compile']['s']:.3f}s check {r['check']['s']:.3f}s "
                  f"front {r['front']['s']:.3f}s diag {r['diag'].get('errors')}/{r['diag'].get('warnings')}",
                  file=sys.stderr)
    peers, from_results = {}, {}
    if not a.no_peers:
        psizes = [int(s) for s in a.peer_sizes.split(",")] if a.peer_sizes else [n for n in sizes if n <= 100000]
        for n in psizes:
            peers[n], gj = run_peers(n, a.work)
            print(f"peers {n}: {peers[n]}", file=sys.stderr)
            if gj and os.path.exists(gj):
                from_results[n] = {}
                for form in forms:
                    d = generate_project(a.work, form, n, a.seed, from_json=gj)
                    x = bench_project(iamc, d, n, a.repeat, {"check": "", "compile": ""})
                    from_results[n][form] = x
                    print(f"iamc --from {form} {n}: compile {x['compile']['s']:.3f}s diag "
                          f"{x['diag'].get('errors')}/{x['diag'].get('warnings')}", file=sys.stderr)
    start = startup(iamc, a.work)
    lsp = None
    if not a.no_lsp:
        if "lsp" in sh([iamc, "--help"]).stdout:
            try:
                lsp = lsp_latency(iamc, a.work)
            except (OSError, EOFError, ValueError, KeyError, StopIteration) as e:
                lsp = {"error": repr(e)}
        else:
            lsp = {"error": "iamc has no lsp command"}
    md = report(info, results, peers, from_results, start, lsp, time.perf_counter() - t_start)
    if reviews:
        md += "\n".join(review_lines(reviews)) + "\n"
    if plans:
        md += "\n".join(plan_lines(plans)) + "\n"
    out = a.out or os.path.join(a.work, "results.md")
    open(out, "w").write(md)
    json.dump({"wall": time.perf_counter() - t_start, "machine": info, "results": results, "peers": peers, "from": from_results, "startup": start, "lsp": lsp},
              open(os.path.splitext(out)[0] + ".json", "w"), indent=1, default=str)
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
