#!/usr/bin/env python3
"""The command line's conventions, as a user meets them: did-you-mean for commands and options,
`iamc help`, --version and --help anywhere, NO_COLOR per no-color.org, exit 2 for usage errors.
Run with IAMC=/path/to/iamc (ctest sets it)."""
import os
import subprocess
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
SOURCE = ('target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
          'in astra.prod {\n  grant viewer to user("nope") on everything\n}\n')


def run(*args, env=None):
    return subprocess.run([IAMC, *args], capture_output=True, text=True, timeout=60, env=env)


class ConventionsTest(unittest.TestCase):
    def test_unknown_command_suggests(self):
        r = run("chek", "x.iam")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown command 'chek'; did you mean 'check'?", r.stderr)

    def test_unknown_command_without_a_close_one(self):
        r = run("zzzzzz")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown command 'zzzzzz'", r.stderr)
        self.assertNotIn("did you mean", r.stderr)

    def test_unknown_option_suggests(self):
        r = run("check", "--formt", "json", "x.iam")
        self.assertEqual(r.returncode, 2)
        self.assertIn("iamc check: unknown option '--formt'; did you mean '--format'?", r.stderr)

    def test_unknown_top_level_option_suggests(self):
        r = run("--versoin")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean '--version'?", r.stderr)

    def test_help_command(self):
        r = run("help")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("compile", r.stdout)
        r = run("help", "compile")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("--emit", r.stdout)

    def test_version_anywhere(self):
        top = run("--version")
        self.assertEqual(top.returncode, 0)
        self.assertTrue(top.stdout.startswith("iamc "), top.stdout)
        for args in (["check", "--version"], ["compile", "x.iam", "--version"]):
            r = run(*args)
            self.assertEqual((r.returncode, r.stdout), (0, top.stdout), args)

    def test_help_anywhere(self):
        r = run("check", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--fail-level", r.stdout)

    def test_no_color_only_when_non_empty(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.iam")
            with open(path, "w") as f:
                f.write(SOURCE)
            # --color=auto with stderr not a terminal is plain anyway: force the terminal test out
            # of the way by comparing `always` (colour) against NO_COLOR's effect on `auto` through
            # a pseudo-terminal.
            import pty
            def on_tty(env):
                pid, fd = pty.fork()
                if pid == 0:
                    os.execve(IAMC, [IAMC, "check", path], env)
                out = b""
                while True:
                    try:
                        chunk = os.read(fd, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    out += chunk
                os.waitpid(pid, 0)
                return out
            base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
            self.assertIn(b"\x1b[", on_tty(base), "no colour on a terminal")
            self.assertIn(b"\x1b[", on_tty(dict(base, NO_COLOR="")), "an empty NO_COLOR turned colour off")
            self.assertNotIn(b"\x1b[", on_tty(dict(base, NO_COLOR="1")), "NO_COLOR=1 left colour on")


if __name__ == "__main__":
    unittest.main()
