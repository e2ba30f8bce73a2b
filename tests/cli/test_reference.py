#!/usr/bin/env python3
"""The man page and the shell completions (issue 15, part 5), as users meet them: the man page
through groff with warnings on, the bash completion in a real bash, the zsh completion in a real
zsh (with the completion system's builtins recorded). Each is checked against `iamc COMMAND
--help`, so an option --help shows and the man page or a completion lacks fails here.
Run with IAMC=/path/to/iamc (ctest sets it)."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
COMMANDS = ["check", "compile", "fmt", "lsp", "diff", "who", "what", "report", "test", "plan", "import",
            "pull", "apply"]


def generate(kind):
    r = subprocess.run([IAMC, "--generate", kind], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def help_options(command):
    r = subprocess.run([IAMC, command, "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    names = set()
    for line in r.stdout.splitlines():
        m = re.match(r"\s+((?:-{1,2}[A-Za-z][\w-]*,?\s*)+)", line)
        if m:
            names.update(n for n in re.split(r"[,\s]+", m.group(1)) if n.startswith("-"))
    names.discard("-h")
    names.discard("--help")
    assert names, f"no options read from `iamc {command} --help`"
    return names


class ManPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.source = generate("man")

    def render(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed")
        r = subprocess.run(["groff", "-man", "-ww", "-Tutf8", "-P", "-c", "-P", "-b", "-P", "-u"],
                           input=self.source, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "", "groff warned about the man page")
        return r.stdout.replace("\u2010", "-").replace("\u2212", "-")

    def test_every_command_and_option_of_help_is_in_the_man_page(self):
        text = self.render()
        self.assertIn("iamc - a policy-as-code compiler", text)
        # Each command's section: from its heading (indented 3) to the next heading of any level.
        sections = dict(re.findall(r"^   (\S+)\n(.*?)(?=^ {0,3}\S)", text, re.M | re.S))
        for command in COMMANDS:
            self.assertIn(command, sections)
            body = sections[command]
            for option in help_options(command):
                self.assertRegex(body, rf"(?<![\w-]){re.escape(option)}(?![\w-])", f"{command} {option}")

    def test_exit_status_and_version(self):
        text = self.render()
        self.assertIn("EXIT STATUS", text)
        version = subprocess.run([IAMC, "--version"], capture_output=True, text=True).stdout.split()[1]
        self.assertIn(f'"iamc {version}"', self.source)

    def test_written_to_a_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "iamc.1")
            r = subprocess.run([IAMC, "--generate", "man", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(path) as f:
                self.assertEqual(f.read(), self.source)
            r = subprocess.run([IAMC, "--generate", "manpage"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 2)
            self.assertIn("expected man, bash or zsh", r.stderr)


class BashCompletionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.script = os.path.join(cls.dir, "iamc.bash")
        with open(cls.script, "w") as f:
            f.write(generate("bash"))
        os.makedirs(os.path.join(cls.dir, "state"))
        open(os.path.join(cls.dir, "stack.iam"), "w").close()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def complete(self, *words):
        """COMPREPLY for the command line `words`, the last one being completed."""
        array = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
        program = (f"source '{self.script}'; COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}; _iamc; "
                   "printf '%s\\n' \"${COMPREPLY[@]}\"")
        r = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True,
                           cwd=self.dir, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        return [w for w in r.stdout.splitlines() if w]

    def test_commands(self):
        self.assertEqual(self.complete("iamc", "chec"), ["check"])
        self.assertEqual(sorted(self.complete("iamc", "")), sorted(COMMANDS + ["help", "-h", "--help", "--version",
                                                                               "--list-codes", "--generate"]))
        self.assertEqual(self.complete("iamc", "help", "comp"), ["compile"])

    def test_every_option_of_help(self):
        for command in COMMANDS:
            offered = set(self.complete("iamc", command, "-"))
            self.assertLessEqual(help_options(command), offered, command)

    def test_values(self):
        self.assertEqual(self.complete("iamc", "check", "--format", ""), ["text", "json", "sarif", "github"])
        self.assertEqual(self.complete("iamc", "compile", "x.iam", "--emit", "n"), ["ndjson"])
        self.assertEqual(self.complete("iamc", "plan", "--state", "st"), ["state"])  # folders only
        self.assertEqual(sorted(self.complete("iamc", "check", "st")), ["stack.iam", "state"])
        self.assertEqual(self.complete("iamc", "check", "-j", ""), [])


class ZshCompletionTest(unittest.TestCase):
    def test_dispatch_in_zsh(self):
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "_iamc")
            with open(path, "w") as f:
                f.write(generate("zsh"))
            r = subprocess.run(["zsh", "-n", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            # The completion system's builtins, recorded: what _iamc asks them to offer.
            stubs = ("_arguments() { print -rl -- ARGS \"$@\" }; _describe() { print -rl -- DESCRIBE \"$@\" };"
                     " compadd() { print -rl -- COMPADD \"$@\" };"
                     f" source {path!r} >/dev/null 2>&1;")

            def run(words, current):
                program = f"{stubs} words=(iamc {' '.join(words)}); CURRENT={current}; _iamc"
                zr = subprocess.run(["zsh", "-f", "-c", program],
                                    capture_output=True, text=True, timeout=60)
                self.assertEqual(zr.returncode, 0, zr.stderr)
                return zr.stdout.splitlines()

            top = run([""], 2)
            self.assertIn("DESCRIBE", top)
            self.assertIn("--version", top)
            for command in COMMANDS:
                specs = run([command, "-"], 3)
                self.assertEqual(specs[0], "ARGS", command)
                for option in help_options(command):
                    self.assertTrue(any(re.match(rf"\*?{re.escape(option)}=?\[", s) for s in specs), (command, option))
            check = run(["check", "--format"], 3)
            self.assertIn("--format=[diagnostics format\\: text, json, sarif (SARIF 2.1.0) or github (workflow "
                          "annotations)]:TEXT:(text json sarif github)", check)


if __name__ == "__main__":
    unittest.main()
