#!/usr/bin/env python3
"""The README's 30-second example, run as a user would: `iamc check access.iam` prints exactly what
the README shows (one finding for one mistake: the misspelt let, and no "never used" for the let it
meant), and exits 1. Run with IAMC=/path/to/iamc and the repository root as the first argument."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
REPO = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")


class ReadmeExampleTest(unittest.TestCase):
    def test_check_output_is_what_the_readme_shows(self):
        with open(os.path.join(REPO, "README.md"), encoding="utf-8") as fh:
            readme = fh.read()
        source = re.search(r"`access\.iam`:\n\n```\n(.*?)```", readme, re.S).group(1)
        shown = re.search(r"```\n\$ iamc check access\.iam\n(.*?)\$ echo \$\?\n(\d+)\n```", readme, re.S)
        expected_output, expected_exit = shown.group(1), int(shown.group(2))
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "access.iam"), "w", encoding="utf-8") as fh:
                fh.write(source)
            r = subprocess.run([IAMC, "check", "--color=never", "access.iam"], cwd=tmp, capture_output=True,
                               text=True, timeout=60)
        self.assertEqual(r.stderr, expected_output)
        self.assertEqual(r.returncode, expected_exit)
        self.assertEqual(r.stderr.count("error["), 1)
        self.assertNotIn("L009", r.stderr)


if __name__ == "__main__":
    unittest.main()
