#!/usr/bin/env python3
"""Never destroy, never lie (issue 11): `compile -o DIR` replaces only what iamc wrote and keeps
the directory's mode, and every writer (compile --emit ndjson|curl|files, check in each format,
fmt) fails with a message and exit 2 when its output cannot be written: /dev/full, a pipe closed
with SIGPIPE ignored (EPIPE), a file size limit standing in for a full filesystem. Never exit 0,
never a "0 errors" summary after a failed write.

Run with IAMC=/path/to/iamc (ctest sets it).
"""
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import tempfile
import unittest

from tree_snapshot import snapshot

IAMC = os.environ.get("IAMC", "iamc")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NORTHWIND = os.path.join(REPO, "examples", "northwind")
MANIFEST = ".iamc-manifest"

ASTRA = 'target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
DUPLICATE = ASTRA + (
    'in astra.prod {\n'
    '  grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231")\n'
    '  grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231")\n'
    '}\n')


def lsp_frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


LSP_INITIALIZE = lsp_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})


def ignore_sigpipe():
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


def run(args, cwd=None, **kw):
    return subprocess.run([IAMC, *args], cwd=cwd, capture_output=True, timeout=120, **kw)


def run_to(args, stdout, stderr=subprocess.PIPE, preexec_fn=None, stdin=None, cwd=None):
    return subprocess.run([IAMC, *args], cwd=cwd, stdout=stdout, stderr=stderr, stdin=stdin,
                          preexec_fn=preexec_fn, timeout=120)


class OutputDirectoryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-out-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.tmp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)

    def test_user_directory_with_a_requests_ndjson_is_not_replaced(self):
        # The scenario of issue 11: a directory that merely holds a file named requests.ndjson.
        self.write("d/README", "x\n")
        self.write("d/src/main.c", "y\n")
        self.write("d/requests.ndjson", "")
        os.chmod(os.path.join(self.tmp, "d"), 0o700)
        before = snapshot(self.tmp)
        proc = run(["compile", "--color=never", NORTHWIND, "-o", "d"], cwd=self.tmp)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(b"refusing to replace output directory 'd'", proc.stderr)
        self.assertNotIn(b"0 errors", proc.stderr)
        self.assertEqual(snapshot(self.tmp), before)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.tmp, "d")).st_mode), 0o700)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["d"])  # no temporary left beside it

    def test_own_output_is_replaced_and_keeps_its_mode(self):
        out = os.path.join(self.tmp, "out")
        self.assertEqual(run(["compile", NORTHWIND, "-o", out]).returncode, 0)
        with open(os.path.join(out, MANIFEST), encoding="utf-8") as fh:
            manifest = fh.read().splitlines()
        self.assertEqual(manifest[0], "iamc output manifest v1")
        listed = {line for line in manifest[1:] if line and not line.startswith("#")}
        written = {p for p in snapshot(out) if not p.endswith("/")} - {MANIFEST}
        self.assertEqual(listed, written)
        os.chmod(out, 0o700)
        proc = run(["compile", NORTHWIND, "-o", out])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o700)

    def test_a_user_file_added_to_iamc_output_is_never_deleted(self):
        out = os.path.join(self.tmp, "out")
        self.assertEqual(run(["compile", NORTHWIND, "-o", out]).returncode, 0)
        target = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))[0]
        for rel in ("notes.txt", os.path.join(target, "notes.txt")):
            path = os.path.join(out, rel)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("mine\n")
            before = snapshot(self.tmp)
            proc = run(["compile", "--color=never", NORTHWIND, "-o", out])
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertIn(b"which iamc did not write", proc.stderr)
            self.assertEqual(snapshot(self.tmp), before)
            os.remove(path)

    def test_full_filesystem_leaves_no_partial_output(self):
        # A file size limit makes writes fail with EFBIG part-way, as a full disk fails with ENOSPC.
        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        out = os.path.join(self.tmp, "out")
        proc = run(["compile", "--color=never", NORTHWIND, "-o", out], preexec_fn=small_files)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(b"cannot write output", proc.stderr)
        self.assertNotIn(b"0 errors", proc.stderr)
        self.assertEqual(os.listdir(self.tmp), [])
        # And an earlier complete output survives a failed replacement.
        self.assertEqual(run(["compile", NORTHWIND, "-o", out]).returncode, 0)
        before = snapshot(self.tmp)
        proc = run(["compile", "--color=never", NORTHWIND, "-o", out], preexec_fn=small_files)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(snapshot(self.tmp), before)


# Every command that writes to standard output, with arguments that make it write something.
def stdout_writers(tmp):
    dup = os.path.join(tmp, "dup.iam")
    with open(dup, "w", encoding="utf-8") as fh:
        fh.write(DUPLICATE)
    unformatted = os.path.join(tmp, "ugly.iam")
    with open(unformatted, "w", encoding="utf-8") as fh:
        fh.write(ASTRA.replace(" ", "  "))
    session = os.path.join(tmp, "session.lsp")
    with open(session, "wb") as fh:
        fh.write(LSP_INITIALIZE + lsp_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
                 + lsp_frame({"jsonrpc": "2.0", "method": "exit"}))
    return {
        "lsp": (["lsp"], session),
        "compile --emit ndjson": (["compile", "--emit", "ndjson", NORTHWIND], None),
        "compile --emit ndjson -j2": (["compile", "--emit", "ndjson", "-j2", NORTHWIND], None),
        "compile --emit curl": (["compile", "--emit", "curl", NORTHWIND], None),
        "check --format json": (["check", "--format", "json", dup], None),
        "check --format sarif": (["check", "--format", "sarif", dup], None),
        "check --format github": (["check", "--format", "github", dup], None),
        "fmt -": (["fmt", "-"], unformatted),
        "fmt --diff": (["fmt", "--diff", unformatted], None),
        "fmt --check": (["fmt", "--check", unformatted], None),
    }


class WriteErrorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-full-")
        self.writers = stdout_writers(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def stdin_for(self, path):
        return open(path if path else os.devnull, "rb")

    def check_failure(self, name, proc):
        self.assertEqual(proc.returncode, 2, f"{name}: {proc.stderr!r}")
        self.assertIn(b"cannot write to standard output", proc.stderr, name)
        self.assertNotIn(b"0 errors", proc.stderr, name)

    def test_dev_full(self):
        for name, (args, stdin) in self.writers.items():
            with self.subTest(name), open("/dev/full", "wb") as full, self.stdin_for(stdin) as fin:
                proc = run_to(args, stdout=full, stdin=fin)
                self.check_failure(name, proc)
                self.assertIn(b"No space left on device", proc.stderr, name)

    def test_closed_pipe_with_sigpipe_ignored(self):
        for name, (args, stdin) in self.writers.items():
            with self.subTest(name), self.stdin_for(stdin) as fin:
                read_end, write_end = os.pipe()
                os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
                try:
                    proc = run_to(args, stdout=write_end, stdin=fin, preexec_fn=ignore_sigpipe)
                finally:
                    os.close(write_end)
                self.check_failure(name, proc)
                self.assertIn(b"Broken pipe", proc.stderr, name)

    def test_lsp_stops_at_the_first_failed_write(self):
        # The client keeps the connection open (no exit, no end of input): a server that went on
        # reading after its reply was lost would never end. It must stop and say why, exit 2.
        for kind in ("/dev/full", "closed pipe"):
            with self.subTest(kind):
                read_end, write_end = os.pipe()
                if kind == "/dev/full":
                    out = open("/dev/full", "wb")
                    os.close(read_end)
                else:
                    out = write_end
                proc = subprocess.Popen([IAMC, "lsp"], stdin=subprocess.PIPE, stdout=out,
                                        stderr=subprocess.PIPE, preexec_fn=ignore_sigpipe)
                if kind == "/dev/full":
                    out.close()
                os.close(write_end)
                if kind == "closed pipe":
                    os.close(read_end)
                proc.stdin.write(LSP_INITIALIZE)
                proc.stdin.flush()
                try:
                    proc.wait(timeout=60)  # standard input stays open: only the server can end this
                    err = proc.stderr.read()
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    self.fail("iamc lsp went on after its reply could not be written")
                finally:
                    proc.stdin.close()
                    proc.stderr.close()
                self.assertEqual(proc.returncode, 2, err)
                self.assertIn(b"lsp: cannot write to standard output", err)

    def test_text_diagnostics_to_a_full_stderr(self):
        # The text diagnostics go to standard error; when even that fails the exit code says so.
        dup = os.path.join(self.tmp, "dup.iam")
        with open("/dev/full", "wb") as full:
            proc = run_to(["check", "--format", "text", os.path.join(self.tmp, "ugly.iam")],
                          stdout=subprocess.PIPE, stderr=full)
        self.assertEqual(proc.returncode, 2)
        with open("/dev/full", "wb") as full:
            proc = run_to(["check", dup], stdout=subprocess.PIPE, stderr=full)
        self.assertEqual(proc.returncode, 2)

    def test_help_to_dev_full(self):
        with open("/dev/full", "wb") as full:
            proc = run_to(["--help"], stdout=full)
        self.assertEqual(proc.returncode, 2)

    def test_writers_succeed_on_a_working_stdout(self):
        # The same commands exit as before when nothing fails (so the tests above can fail).
        expected = {"check --format json": 0, "check --format sarif": 0, "check --format github": 0,
                    "fmt --check": 1}
        for name, (args, stdin) in self.writers.items():
            with self.subTest(name), self.stdin_for(stdin) as fin:
                proc = run_to(args, stdout=subprocess.PIPE, stdin=fin)
                self.assertEqual(proc.returncode, expected.get(name, 0), f"{name}: {proc.stderr!r}")
                self.assertTrue(proc.stdout, name)


if __name__ == "__main__":
    unittest.main()
