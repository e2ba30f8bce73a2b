#!/usr/bin/env python3
"""Hostile inputs: iamc must answer every one with a diagnostic that has a code and a position
and a non-zero exit (1 findings, 2 usage or I/O), within a time bound, and never crash.

Every input is generated at run time into a temporary directory; iamc runs as a real process.
Usage: hostile_test.py IAMC [unittest options]
"""
import os
import random
import re
import stat
import subprocess
import sys
import tempfile
import time
import unittest

IAMC = None
# Generous enough for an ASan+UBSan build on a slow CI machine.
# Sanitizer builds (IAMC_SANITIZED=1, set by the asan test preset) run several times slower and
# use several times the memory: the bounds below are for optimised builds, and are widened there
# (they still catch what is unbounded: quadratic time or memory exceeds any constant factor).
SANITIZED = os.environ.get("IAMC_SANITIZED") == "1"
TIME_LIMIT = 600 if SANITIZED else 60
MEMORY_FACTOR = 4 if SANITIZED else 1
# The size tests that prove work linear in the input (many grants on one line, copies of one
# principal, tens of thousands of diagnostics) are about 100x slower under the sanitizer build
# (-O1: PEGTL's templates are not inlined, plus the fuzzer's coverage hooks): there they run at a
# quarter of the size, which still finds memory errors; the plain build proves the bounds.
SIZE_DIVISOR = 4 if SANITIZED else 1
DIAG = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[A-Z]\d{3})\]: (?P<msg>.*)$",
                  re.M)
# A diagnostic printed without a position (file-level problems of command-line inputs).
DIAG_NO_POS = re.compile(r"^(?P<sev>error|warning)\[(?P<code>[A-Z]\d{3})\]: (?P<msg>.*)$", re.M)
DEEP = 200_000


class Result:
    def __init__(self, proc, elapsed):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.elapsed = elapsed
        self.text = proc.stderr.decode("utf-8", errors="replace")
        self.diags = [m.groupdict() for m in DIAG.finditer(self.text)]


class HostileTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="iamc-hostile-")
        self.dir = self._tmp.name

    def tearDown(self):
        # chmod 000 files and directories must be removable again.
        for root, dirs, files in os.walk(self.dir):
            for name in dirs + files:
                try:
                    os.chmod(os.path.join(root, name), 0o755, follow_symlinks=False)
                except (OSError, NotImplementedError):
                    pass
        self._tmp.cleanup()

    # ---- helpers ---------------------------------------------------------------------------

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data.encode() if isinstance(data, str) else data)
        return path

    def iamc(self, *args, stdin=None, cwd=None):
        start = time.monotonic()
        try:
            proc = subprocess.run([IAMC, "check", "--color=never", *args], cwd=cwd or self.dir,
                                  input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                                  capture_output=True, timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            self.fail(f"iamc {' '.join(args)} did not finish within {TIME_LIMIT} s (a hang)")
        return Result(proc, time.monotonic() - start)

    def assert_no_crash(self, r):
        self.assertGreaterEqual(r.code, 0, f"killed by signal {-r.code}:\n{r.text[-3000:]}")
        self.assertNotIn(r.code, (3,), f"internal error:\n{r.text[-3000:]}")
        self.assertIn(r.code, (0, 1, 2), f"unexpected exit {r.code}:\n{r.text[-3000:]}")
        for marker in ("AddressSanitizer", "runtime error:", "internal error", "terminate called"):
            self.assertNotIn(marker, r.text, r.text[-3000:])

    def assert_rejected(self, r, codes, file=None, line=None, col=None, exit_codes=(1, 2)):
        """A non-zero exit and a diagnostic whose code is one of `codes`, with file:line:col."""
        self.assert_no_crash(r)
        self.assertIn(r.code, exit_codes, f"exit {r.code}:\n{r.text[-3000:]}")
        codes = (codes,) if isinstance(codes, str) else tuple(codes)
        hits = [d for d in r.diags if d["code"] in codes]
        self.assertTrue(hits, f"no diagnostic with code {'/'.join(codes)} and a position in:\n{r.text[-3000:]}")
        d = hits[0]
        if file is not None:
            self.assertEqual(d["file"], file)
        if line is not None:
            self.assertEqual(int(d["line"]), line, d)
        if col is not None:
            self.assertEqual(int(d["col"]), col, d)
        return d

    # ---- empty and binary ------------------------------------------------------------------

    def test_empty_dsl_file_is_an_empty_project(self):
        # An empty file is a valid, empty source (like an empty C file): no error, exit 0.
        self.write("empty.iam", b"")
        r = self.iamc("empty.iam")
        self.assert_no_crash(r)
        self.assertEqual(r.code, 0, r.text)
        self.assertIn("1 file, 0 grants: 0 errors", r.text)

    def test_empty_yaml_file(self):
        self.write("empty.iam.yaml", b"")
        r = self.iamc("empty.iam.yaml")
        self.assert_no_crash(r)
        if r.code != 0:
            self.assertTrue(r.diags, r.text)

    def test_nul_byte(self):
        self.write("nul.iam", b'let a = "x"\nlet b = "\x00"\n')
        self.assert_rejected(self.iamc("nul.iam"), "I003", "nul.iam", 2, 10, exit_codes=(1,))

    def test_nul_byte_yaml(self):
        self.write("nul.iam.yaml", b"let:\n  a: \x00\n")
        self.assert_rejected(self.iamc("nul.iam.yaml"), "I003", "nul.iam.yaml", 2, 6)

    def test_binary_data(self):
        rng = random.Random(1234)
        data = bytes(rng.randrange(256) for _ in range(64 * 1024))
        self.write("blob.iam", data)
        self.write("blob.iam.yaml", data)
        first_nul = data.index(b"\x00")
        self.assertLess(first_nul, 1024)
        for name in ("blob.iam", "blob.iam.yaml"):
            self.assert_rejected(self.iamc(name), ("I003", "I004"), name, 1)

    def test_binary_without_nul_is_invalid_utf8(self):
        rng = random.Random(99)
        data = bytes(rng.randrange(0x80, 256) for _ in range(4096))
        self.write("hi.iam", b"# ok\n" + data)
        self.assert_rejected(self.iamc("hi.iam"), "I004", "hi.iam", 2, 1)

    # ---- encoding --------------------------------------------------------------------------

    def test_invalid_utf8(self):
        cases = {
            "lone_continuation": b'let a = "\x80"\n',
            "truncated": b'let a = "\xe2\x82"\n',
            "overlong_slash": b'let a = "\xc0\xaf"\n',
            "overlong_3byte": b'let a = "\xe0\x80\xaf"\n',
            "surrogate": b'let a = "\xed\xa0\x80"\n',
            "above_max": b'let a = "\xf4\x90\x80\x80"\n',
            "ff": b'let a = "\xff"\n',
        }
        for name, data in cases.items():
            with self.subTest(name):
                self.write(f"{name}.iam", data)
                d = self.assert_rejected(self.iamc(f"{name}.iam"), "I004", f"{name}.iam", 1, 10)
                self.assertIn("UTF-8", d["msg"])

    def test_invalid_utf8_yaml(self):
        self.write("bad.iam.yaml", b"let:\n  a: \"\xff\"\n")
        self.assert_rejected(self.iamc("bad.iam.yaml"), "I004", "bad.iam.yaml", 2, 7)

    def test_invalid_utf8_after_multibyte_text(self):
        # The column counts code points: "é" is one column even though it is two bytes.
        self.write("col.iam", 'let é'.encode() + b' = "\xfe"\n')
        self.assert_rejected(self.iamc("col.iam"), "I004", "col.iam", 1, 10)

    # ---- unterminated constructs -----------------------------------------------------------

    def test_unterminated_string(self):
        self.write("u.iam", 'target astra prod { account = "abc\n}\n')
        self.assert_rejected(self.iamc("u.iam"), "P002", "u.iam", 1, 31, exit_codes=(1,))

    def test_unterminated_string_at_end_of_file(self):
        self.write("u.iam", 'let a = "abc')
        self.assert_rejected(self.iamc("u.iam"), "P002", "u.iam", 1, 9, exit_codes=(1,))

    def test_unterminated_escape_at_end_of_file(self):
        self.write("u.iam", 'let a = "abc\\')
        self.assert_rejected(self.iamc("u.iam"), ("P002", "P003"), "u.iam", 1)

    def test_unterminated_block_comment_like_input(self):
        # The DSL has line comments only: '/*' is not a comment opener and must be diagnosed.
        self.write("c.iam", "/* never closed\nlet a = user(\"x\")\n")
        self.assert_rejected(self.iamc("c.iam"), "P001", "c.iam", 1, 1, exit_codes=(1,))

    def test_unterminated_block(self):
        self.write("b.iam", 'target astra prod { account = "a" }\nin astra.prod {\n  grant viewer to user("x") on everything\n')
        self.assert_rejected(self.iamc("b.iam"), "P006", "b.iam", exit_codes=(1,))

    def test_unterminated_list(self):
        self.write("l.iam", 'let a = [user("x"), user("y")\n')
        self.assert_rejected(self.iamc("l.iam"), "P006", "l.iam", exit_codes=(1,))

    def test_unterminated_yaml_string(self):
        self.write("u.iam.yaml", 'let:\n  a: "abc\n')
        self.assert_rejected(self.iamc("u.iam.yaml"), "Y001", "u.iam.yaml")

    # ---- depth -----------------------------------------------------------------------------

    def test_deep_list_nesting(self):
        self.write("deep.iam", "let a = " + "[" * DEEP + "]" * DEEP + "\n")
        d = self.assert_rejected(self.iamc("deep.iam"), "P008", "deep.iam", 1, exit_codes=(1,))
        self.assertGreater(int(d["col"]), 9)

    def test_deep_unclosed_list_nesting(self):
        self.write("deep.iam", "let a = " + "[" * DEEP + "\n")
        self.assert_rejected(self.iamc("deep.iam"), "P008", "deep.iam", 1, exit_codes=(1,))

    def test_deep_call_and_record_nesting(self):
        self.write("calls.iam", "let a = " + "f(" * DEEP + ")" * DEEP + "\n")
        self.write("records.iam", "let a = " + "{ a = " * DEEP + "}" * DEEP + "\n")
        for name in ("calls.iam", "records.iam"):
            with self.subTest(name):
                self.assert_rejected(self.iamc(name), "P008", name, 1, exit_codes=(1,))

    def test_deep_nesting_in_a_grant(self):
        src = 'target astra p { account = "a" }\nin astra.p {\n  grant viewer to ' + "[" * DEEP + "\n}\n"
        self.write("g.iam", src)
        self.assert_rejected(self.iamc("g.iam"), "P008", "g.iam", 3, exit_codes=(1,))

    def test_deep_yaml_flow_sequences(self):
        self.write("deep.iam.yaml", "let:\n  a: " + "[" * DEEP + "]" * DEEP + "\n")
        self.assert_rejected(self.iamc("deep.iam.yaml"), ("Y001", "Y007"), "deep.iam.yaml")

    def test_deep_yaml_flow_maps(self):
        self.write("deep.iam.yaml", "let:\n  a: " + "{a: " * DEEP + "}" * DEEP + "\n")
        self.assert_rejected(self.iamc("deep.iam.yaml"), ("Y001", "Y007"), "deep.iam.yaml")

    def test_deep_yaml_block_nesting(self):
        lines = ["let:"] + [" " * (i + 1) + "- " for i in range(2000)]
        self.write("block.iam.yaml", "\n".join(lines) + "x\n")
        self.assert_rejected(self.iamc("block.iam.yaml"), ("Y001", "Y002", "Y007"), "block.iam.yaml")

    def test_long_let_chain(self):
        # 200,000 lets each naming the next: name resolution must not recurse once per link.
        n = DEEP
        lines = ['target astra p { account = "a" }', "in astra.p { grant viewer to a0 }"]
        lines += [f"let a{i} = a{i + 1}" for i in range(n)]
        lines.append(f"let a{n} = user(\"x\")")
        self.write("chain.iam", "\n".join(lines) + "\n")
        r = self.iamc("chain.iam")
        self.assert_no_crash(r)
        if r.code != 0:
            self.assertTrue(r.diags, r.text[-3000:])

    # ---- size ------------------------------------------------------------------------------

    def test_five_megabyte_line(self):
        # One 5 MB line with a mistake at its end: one diagnostic, a windowed excerpt, no flood.
        body = ", ".join(['user("x")'] * (5 * 1024 * 1024 // 11))
        line = 'let a = [' + body + ', oops(]'
        self.assertGreater(len(line), 5_000_000)
        self.write("long.iam", line + "\n")
        r = self.iamc("long.iam")
        self.assert_rejected(r, ("P004", "P006"), "long.iam", 1, exit_codes=(1,))
        self.assertLess(len(r.stderr), 4096, "the source excerpt of a 5 MB line must be windowed")

    def test_five_megabyte_line_of_garbage(self):
        self.write("junk.iam", "@" * (5 * 1024 * 1024) + "\n")
        r = self.iamc("junk.iam")
        self.assert_rejected(r, "P001", "junk.iam", 1, 1, exit_codes=(1,))
        self.assertLess(len(r.stderr), 4096)

    def test_five_megabyte_yaml_line(self):
        self.write("long.iam.yaml", "let: {a: [" + "x, " * (5 * 1024 * 1024 // 3) + "\n")
        r = self.iamc("long.iam.yaml")
        self.assert_rejected(r, ("Y001", "Y002"), "long.iam.yaml")
        self.assertLess(len(r.stderr), 8192)

    def test_hundred_megabyte_file(self):
        chunk = ('let x = user("4c27d25a-9edb-4e85-9438-48dc8e917231")  # padding\n' * 16384).encode()
        with open(os.path.join(self.dir, "huge.iam"), "wb") as fh:
            while fh.tell() < 100 * 1024 * 1024:
                fh.write(chunk)
        self.write("main.iam", 'include "huge.iam"\n')
        # Through an include the limit is reported at the include, with a position.
        self.assert_rejected(self.iamc("main.iam"), "I002", "main.iam", 1, 9)
        # On the command line there is no source position to give: exit 2 (an I/O problem).
        r = self.iamc("huge.iam")
        self.assert_no_crash(r)
        self.assertEqual(r.code, 2, r.text)
        self.assertRegex(r.text, r"error\[I002\]: huge\.iam: ")

    def test_many_errors(self):
        # Every line is a broken statement that starts with a keyword, so each is reported.
        self.write("many.iam", "let = 1\n" * 20000)
        r = self.iamc("many.iam", "--max-diagnostics", "0")
        self.assert_rejected(r, "P005", "many.iam", 1, 5, exit_codes=(1,))
        self.assertEqual(len([d for d in r.diags if d["code"] == "P005"]), 20000)
        # By default the text shows the first 20 and says how many more there were.
        r = self.iamc("many.iam")
        self.assertEqual(len(r.diags), 20)
        self.assertIn("note: 19980 more diagnostics not shown (--max-diagnostics 20; 0 shows all)\n", r.text)
        self.assertIn("20000 errors", r.text)

    def peak_rss_mb(self, *args):
        """Runs iamc alone under a Python parent and returns (exit code, its peak RSS in MB)."""
        probe = ("import resource, subprocess, sys\n"
                 "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
                 "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
        out = subprocess.run([sys.executable, "-c", probe, IAMC, *args], cwd=self.dir, capture_output=True,
                             text=True, timeout=TIME_LIMIT).stdout.split()
        return int(out[0]), int(out[1]) / 1024

    def test_forty_thousand_diagnostics_in_bounded_memory(self):
        # Issue 11: --format json once held every diagnostic as a JSON tree (546 MB for 40k).
        self.write("many.iam", "let = 1\n" * (40000 // SIZE_DIVISOR))
        for fmt in ("json", "sarif", "text", "github"):
            with self.subTest(fmt):
                code, mb = self.peak_rss_mb("check", "--format", fmt, "--max-diagnostics", "0", "many.iam")
                self.assertEqual(code, 1)
                self.assertLess(mb, 200 * MEMORY_FACTOR, f"{fmt}: {mb:.0f} MB for 40,000 diagnostics")

    def test_let_expansion_bomb(self):
        # Issue 11: 40 lets, each listing the previous one twice, stand for 2^40 principals.
        text = 'target k0rdent main { }\nlet l0 = [user("u")]\n'
        text += "".join(f"let l{i} = [l{i - 1}, l{i - 1}]\n" for i in range(1, 41))
        text += 'in k0rdent.main { grant viewer to l40 on org("org-a") }\n'
        self.write("bomb.iam", text)
        r = self.iamc("bomb.iam")
        self.assert_rejected(r, "N010", "bomb.iam", 43, exit_codes=(1,))
        self.assertLess(r.elapsed, 10, "sizing a let chain must be linear")

    def test_let_expansion_total(self):
        # Each use stays under the limit (2^19 values), but the project's total would not: the
        # second use is reported, once, and neither it nor the third is expanded.
        text = 'target k0rdent main { }\nlet l0 = [user("u")]\n'
        text += "".join(f"let l{i} = [l{i - 1}, l{i - 1}]\n" for i in range(1, 20))
        text += "in k0rdent.main {\n" + 'grant viewer to l19 on org("org-a")\n' * 3 + "}\n"
        self.write("wide.iam", text)
        # compile --no-lint, not check: the lint rules compare a grant's principals pairwise, and half a
        # million copies of one principal are a separate matter from the expansion limit.
        start = time.monotonic()
        proc = subprocess.run([IAMC, "compile", "--no-lint", "--color=never", "--emit", "ndjson", "wide.iam"], cwd=self.dir,
                              capture_output=True, timeout=TIME_LIMIT)
        r = Result(proc, time.monotonic() - start)
        self.assert_rejected(r, "N010", "wide.iam", 24, exit_codes=(1,))
        self.assertEqual(len([d for d in r.diags if d["code"] == "N010"]), 1, r.text)
        self.assertEqual(r.stdout, b"")

    def test_thousands_of_copies_of_one_principal_lint_linearly(self):
        # Issue 11: 3 grants of 65,536 copies each of one principal took lint ~97 s (0.03 s without):
        # rules compared a grant's atoms pairwise and reported every copy. Each rule now sees a
        # grant's distinct principals once and reports a grant at most once per duplicated pair:
        # findings are bounded by the grants, not by the copies.
        text = 'target k0rdent main { role deployer { privileged = true } }\nlet l0 = [user("u"), service_account("ci")]\n'
        top = 15 if SIZE_DIVISOR == 1 else 13  # 65,536 copies, or 16,384 under the sanitizer
        text += "".join(f"let l{i} = [l{i - 1}, l{i - 1}]\n" for i in range(1, top + 1))
        text += ('in k0rdent.main {\n  grant viewer to group("g") on org("org-a")\n'
                 + f'  grant viewer to l{top} on org("org-a")\n' * 3
                 + f'  grant deployer to l{top} on org("org-a")\n  grant viewer to l{top} on project("p1")\n}}\n')
        self.write("copies.iam", text)
        for command in (["check"], ["compile", "--emit", "ndjson"]):
            with self.subTest(command[0]):
                start = time.monotonic()
                proc = subprocess.run([IAMC, *command, "--color=never", "--max-diagnostics", "0", "copies.iam"],
                                      cwd=self.dir, capture_output=True, timeout=TIME_LIMIT)
                r = Result(proc, time.monotonic() - start)
                self.assert_no_crash(r)
                codes = sorted(d["code"] for d in r.diags)
                # duplicate-grant once per grant and duplicated principal (u and ci, in each of the
                # five grants of l{top}: its own copies, or the copies of an earlier grant), and once
                # each privileged-wildcard-scope, privileged-service-account and
                # missing-description for deployer: 13, as for one copy of each principal.
                self.assertEqual(codes.count("L004"), 10, r.text[-3000:])
                self.assertEqual(len(codes), 13, r.text[-3000:])
                self.assertLess(r.elapsed, 20 * (10 if SANITIZED else 1), "lint must be linear in the copies")

    def test_endless_stdin_is_refused_at_the_file_limit(self):
        # Issue 11: standard input was read until memory ran out; it has the file limit now.
        with open("/dev/zero", "rb") as zero:
            start = time.monotonic()
            proc = subprocess.run([IAMC, "check", "--color=never", "-"], stdin=zero, capture_output=True,
                                  timeout=TIME_LIMIT)
        self.assertEqual(proc.returncode, 2, proc.stderr[-2000:])
        self.assertIn(b"error[I002]: <stdin>: standard input is larger than the 16 MiB limit", proc.stderr)
        self.assertLess(time.monotonic() - start, 30)
        with open("/dev/zero", "rb") as zero:
            proc = subprocess.run([IAMC, "fmt", "-"], stdin=zero, capture_output=True, timeout=TIME_LIMIT)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"larger than the 16 MiB limit", proc.stderr)

    def test_many_grants_on_one_long_line(self):
        # Issue 11: every position was counted from the start of its line, so n grants on one
        # line cost O(n^2). A non-ASCII character first defeats any all-ASCII shortcut.
        n = 60000 // SIZE_DIVISOR
        line = 'let note = "caf\u00e9" in k0rdent.main { ' + " ".join(
            f'grant viewer to user("u{i}") on org("org-a")' for i in range(n)) + " }\n"
        self.write("long.iam", "target k0rdent main { }\n" + line)
        start = time.monotonic()
        proc = subprocess.run([IAMC, "compile", "--emit", "ndjson", "long.iam"], cwd=self.dir,
                              capture_output=True, timeout=TIME_LIMIT)
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        self.assertEqual(proc.stdout.count(b"\n"), n)
        self.assertLess(time.monotonic() - start, 20 * (10 if SANITIZED else 1))
        # Diagnostics at every grant of the line, positions included (C001 for each).
        self.write("long.iam", "target k0rdent main { }\n" + line.replace("grant viewer", "grant nosuch"))
        start = time.monotonic()
        proc = subprocess.run([IAMC, "check", "--format", "json", "--max-diagnostics", "0", "long.iam"],
                              cwd=self.dir, capture_output=True, timeout=TIME_LIMIT)
        self.assertEqual(proc.returncode, 1, proc.stderr[-2000:])
        self.assertEqual(proc.stdout.count(b'"code": "C001"'), n)
        self.assertLess(time.monotonic() - start, 20 * (10 if SANITIZED else 1))

    # ---- includes --------------------------------------------------------------------------

    def test_include_cycle(self):
        self.write("a.iam", 'include "b.iam"\n')
        self.write("b.iam", 'include "c.iam"\n')
        self.write("c.iam", '# closes the loop\ninclude "a.iam"\n')
        self.assert_rejected(self.iamc("a.iam"), "I005", "c.iam", 2, 9, exit_codes=(1,))

    def test_self_include(self):
        self.write("self.iam", 'include "self.iam"\n')
        self.assert_rejected(self.iamc("self.iam"), "I005", "self.iam", 1, 9, exit_codes=(1,))

    def test_include_outside_root(self):
        self.write("outside.iam", "")
        self.write("proj/.iamc.yaml", "")
        self.write("proj/main.iam", 'include "../outside.iam"\ninclude "/etc/passwd.iam"\n')
        r = self.iamc("main.iam", cwd=os.path.join(self.dir, "proj"))
        self.assert_rejected(r, "I006", "main.iam", 1, 9, exit_codes=(1,))
        self.assertEqual([(d["line"], d["col"]) for d in r.diags if d["code"] == "I006"], [("1", "9"), ("2", "9")])

    def test_include_outside_root_through_symlink(self):
        self.write("secret/x.iam", 'let s = user("x")\n')
        self.write("proj/.iamc.yaml", "")
        os.symlink(os.path.join(self.dir, "secret"), os.path.join(self.dir, "proj", "link"))
        self.write("proj/main.iam", 'include "link/x.iam"\n')
        r = self.iamc("main.iam", cwd=os.path.join(self.dir, "proj"))
        self.assert_rejected(r, "I006", "main.iam", 1, 9, exit_codes=(1,))

    # ---- missing, unreadable, not a file ---------------------------------------------------

    def test_missing_file_on_command_line(self):
        r = self.iamc("missing.iam")
        self.assert_no_crash(r)
        self.assertEqual(r.code, 2, r.text)
        self.assertRegex(r.text, r"error\[I001\]: missing\.iam: ")

    def test_missing_include(self):
        self.write("main.iam", '# a comment\n  include "missing.iam"\n')
        self.assert_rejected(self.iamc("main.iam"), "I001", "main.iam", 2, 11)

    def test_dangling_symlink_include(self):
        os.symlink(os.path.join(self.dir, "nowhere.iam"), os.path.join(self.dir, "dangling.iam"))
        self.write("main.iam", 'include "dangling.iam"\n')
        self.assert_rejected(self.iamc("main.iam"), "I001", "main.iam", 1, 9)

    def test_unreadable_file(self):
        path = self.write("locked.iam", 'let a = user("x")\n')
        os.chmod(path, 0)
        self.write("main.iam", 'include "locked.iam"\n')
        if os.geteuid() == 0 or os.access(path, os.R_OK):
            # Root reads any file whatever its mode (CI runs as root): the include must simply work.
            r = self.iamc("main.iam")
            self.assert_no_crash(r)
            self.assertEqual(r.code, 0, r.text)
            # A file no one can open as a regular file still gets I001: a FIFO.
            os.mkfifo(os.path.join(self.dir, "fifo.iam"))
            self.write("main2.iam", 'include "fifo.iam"\n')
            self.assert_rejected(self.iamc("main2.iam"), "I001", "main2.iam", 1, 9)
        else:
            self.assert_rejected(self.iamc("main.iam"), "I001", "main.iam", 1, 9)
            r = self.iamc("locked.iam")
            self.assert_no_crash(r)
            self.assertEqual(r.code, 2, r.text)
            self.assertRegex(r.text, r"error\[I001\]: locked\.iam: ")

    def test_unreadable_directory_is_skipped_or_reported(self):
        self.write("d/ok.iam", 'let a = user("x")\n')
        self.write("d/locked/x.iam", 'let b = user("y")\n')
        os.chmod(os.path.join(self.dir, "d", "locked"), 0)
        r = self.iamc("d")
        self.assert_no_crash(r)

    def test_directory_where_a_file_is_expected(self):
        os.makedirs(os.path.join(self.dir, "dir.iam"))
        self.write("main.iam", 'include "dir.iam"\n')
        d = self.assert_rejected(self.iamc("main.iam"), "I001", "main.iam", 1, 9)
        self.assertIn("directory", d["msg"])

    def test_path_through_a_file(self):
        self.write("plain.iam", "")
        self.write("main.iam", 'include "plain.iam/x.iam"\n')
        self.assert_rejected(self.iamc("main.iam"), "I001", "main.iam", 1, 9)

    def test_include_of_unknown_file_type(self):
        self.write("main.iam", 'include "notes.txt"\n')
        self.assert_rejected(self.iamc("main.iam"), "I008", "main.iam", 1, 9)

    def test_unknown_file_type_on_command_line(self):
        self.write("notes.txt", "hello")
        r = self.iamc("notes.txt")
        self.assert_no_crash(r)
        self.assertEqual(r.code, 2, r.text)
        self.assertRegex(r.text, r"error\[I008\]: notes\.txt: ")

    # ---- YAML-specific -----------------------------------------------------------------------

    def test_yaml_alias_bomb(self):
        lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        for i in range(1, 12):
            refs = ", ".join([f"*a{i - 1}"] * 9)
            lines.append(f"a{i}: &a{i} [{refs}]")
        lines.append("let:\n  bomb: *a11")
        self.write("bomb.iam.yaml", "\n".join(lines) + "\n")
        self.assert_rejected(self.iamc("bomb.iam.yaml"), "Y006", "bomb.iam.yaml")

    def test_yaml_duplicate_keys(self):
        self.write("dup.iam.yaml", "targets:\n  - target: astra\n    name: prod\n    name: dev\n")
        self.assert_rejected(self.iamc("dup.iam.yaml"), "Y005", "dup.iam.yaml", 4, 5)

    def test_yaml_duplicate_top_level_keys(self):
        self.write("dup.iam.yaml", "let:\n  a: {user: x}\nlet:\n  b: {user: y}\n")
        self.assert_rejected(self.iamc("dup.iam.yaml"), "Y005", "dup.iam.yaml", 3, 1)

    def test_yaml_not_a_map(self):
        self.write("list.iam.yaml", "- 1\n- 2\n")
        self.assert_rejected(self.iamc("list.iam.yaml"), ("Y002",), "list.iam.yaml", 1, 1)

    # ---- standard input ------------------------------------------------------------------------

    def test_stdin_with_filename(self):
        r = self.iamc("-", "--stdin-filename", "team/main.iam", stdin=b"taget astra dev\n")
        self.assert_rejected(r, "P001", "team/main.iam", 1, 1, exit_codes=(1,))

    def test_stdin_default_name(self):
        r = self.iamc("-", stdin=b'let a = "\xff"\n')
        self.assert_rejected(r, "I004", "<stdin>", 1, 10, exit_codes=(1,))

    def test_stdin_nul_bytes(self):
        r = self.iamc("-", "--stdin-filename", "x.iam", stdin=b"\x00\x01\x02")
        self.assert_rejected(r, "I003", "x.iam", 1, 1, exit_codes=(1,))

    def test_stdin_yaml_by_filename(self):
        r = self.iamc("-", "--stdin-filename", "x.iam.yaml", stdin=b"targets: [\n")
        self.assert_rejected(r, "Y001", "x.iam.yaml")

    def test_stdin_empty_and_closed(self):
        r = self.iamc("-", "--stdin-filename", "x.iam")  # stdin is /dev/null
        self.assert_no_crash(r)
        self.assertEqual(r.code, 0, r.text)

    def test_stdin_deep_nesting(self):
        r = self.iamc("-", "--stdin-filename", "x.iam", stdin=("let a = " + "[" * DEEP).encode())
        self.assert_rejected(r, "P008", "x.iam", 1, exit_codes=(1,))

    # ---- usage -------------------------------------------------------------------------------

    def test_usage_errors_exit_2(self):
        for args in (["--format=xml", "x.iam"], ["--color=sometimes", "x.iam"], [], ["--no-such-flag", "x.iam"]):
            with self.subTest(args=args):
                r = self.iamc(*args)
                self.assert_no_crash(r)
                self.assertEqual(r.code, 2, r.text)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    IAMC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
