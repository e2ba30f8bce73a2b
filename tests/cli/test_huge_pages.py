#!/usr/bin/env python3
"""Huge pages for large runs (compiler/driver/main.cpp): iamc starts itself again once with
glibc's tunable glibc.malloc.hugetlb=1 when its arguments may name a large input, keeps any
tunables the user set, and leaves a user's own hugetlb setting alone. Observed through the
environment of the `git` that `iamc diff REV REV` runs: a fake git on PATH records it.
Run with IAMC=/path/to/iamc (ctest sets it)."""
import os
import stat
import subprocess
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
FAKE_GIT = """#!/bin/sh
printf '%s' "${GLIBC_TUNABLES-<unset>}" > "$IAMC_TEST_RECORD"
exit 1
"""


class HugePagesTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.dir = self._dir.name
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        git = os.path.join(bin_dir, "git")
        with open(git, "w") as f:
            f.write(FAKE_GIT)
        os.chmod(git, os.stat(git).st_mode | stat.S_IXUSR)
        self.record = os.path.join(self.dir, "record")
        self.env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], IAMC_TEST_RECORD=self.record)
        self.env.pop("GLIBC_TUNABLES", None)

    def tearDown(self):
        self._dir.cleanup()

    def tunables_seen_by_git(self, tunables=None):
        env = dict(self.env)
        if tunables is not None:
            env["GLIBC_TUNABLES"] = tunables
        r = subprocess.run([IAMC, "diff", "main", "HEAD"], cwd=self.dir, env=env, capture_output=True, text=True,
                           timeout=60)
        self.assertNotEqual(r.returncode, 0, "the fake git fails every call")
        with open(self.record) as f:
            return f.read()

    def test_a_run_that_may_be_large_asks_for_huge_pages(self):
        if os.environ.get("IAMC_SANITIZED"):
            self.skipTest("AddressSanitizer's allocator ignores glibc's tunables: no restart")
        self.assertEqual(self.tunables_seen_by_git(), "glibc.malloc.hugetlb=1")

    def test_the_users_tunables_are_kept(self):
        if os.environ.get("IAMC_SANITIZED"):
            self.skipTest("AddressSanitizer's allocator ignores glibc's tunables: no restart")
        self.assertEqual(self.tunables_seen_by_git("glibc.malloc.arena_max=2"),
                         "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")

    def test_the_users_own_hugetlb_setting_is_left_alone(self):
        self.assertEqual(self.tunables_seen_by_git("glibc.malloc.hugetlb=0"), "glibc.malloc.hugetlb=0")

    def test_output_is_the_same_either_way(self):
        source = os.path.join(self.dir, "p", "a.iam")
        os.makedirs(os.path.dirname(source))
        with open(source, "w") as f:
            f.write('target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
                    'in astra.prod {\n  grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231") on everything\n}\n')
        outs = []
        for tunables in (None, "glibc.malloc.hugetlb=0"):
            env = dict(self.env)
            if tunables:
                env["GLIBC_TUNABLES"] = tunables
            r = subprocess.run([IAMC, "compile", "--emit", "ndjson", os.path.dirname(source)], env=env,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            outs.append((r.stdout, r.stderr))
        self.assertEqual(outs[0], outs[1])
        self.assertIn('"target":"astra"', outs[0][0])


if __name__ == "__main__":
    unittest.main()
