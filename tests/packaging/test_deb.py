#!/usr/bin/env python3
"""The Debian package as a user gets it: `cpack -G DEB` in the build directory makes
iamc_<version>_amd64.deb; its contents and control fields are what docs/install.md promises, its
Depends name the package of every shared library the binary needs, and the installed iamc runs:
`iamc --version`, `iamc check` on the packaged examples, and every documentation link it prints
that is a file:// URL names a page the package installed.

Under CI as root (IAMC_CI=1) the package is installed into the machine with `dpkg -i` and removed
afterwards; elsewhere it is unpacked into a temporary directory with `dpkg -x` (a shared developer
machine is left alone). Skips (exit 77) without cpack or dpkg-deb.

Usage: test_deb.py BUILD_DIR REPO_ROOT   (IAMC=/path/to/iamc, the binary of BUILD_DIR)"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build-dev"
REPO = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
INSTALL_FOR_REAL = os.environ.get("IAMC_CI") == "1" and os.geteuid() == 0


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


def cache_value(name):
    with open(os.path.join(BUILD, "CMakeCache.txt"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(name + ":"):
                return line.split("=", 1)[1].strip()
    raise KeyError(name)


class DebTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="iamc-deb-")
        r = run(["cpack", "-G", "DEB", "-B", cls.out, "--config", os.path.join(BUILD, "CPackConfig.cmake")], cwd=BUILD)
        assert r.returncode == 0, r.stdout + r.stderr
        cls.version = run([IAMC, "--version"]).stdout.split()[-1]
        cls.prefix = cache_value("CMAKE_INSTALL_PREFIX").rstrip("/")
        cls.deb = os.path.join(cls.out, f"iamc_{cls.version}_amd64.deb")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def test_named_for_debian(self):
        self.assertRegex(self.version, r"^\d+\.\d+\.\d+$")
        self.assertTrue(os.path.isfile(self.deb), os.listdir(self.out))

    def test_contents(self):
        r = run(["dpkg-deb", "-c", self.deb])
        self.assertEqual(r.returncode, 0, r.stderr)
        files = {line.split()[-1].lstrip(".") for line in r.stdout.splitlines()}
        p = self.prefix
        expected = [f"{p}/bin/iamc", f"{p}/share/doc/iamc/README.md", f"{p}/share/doc/iamc/cli.md",
                    f"{p}/share/doc/iamc/diagnostics/N002.md", f"{p}/share/doc/iamc/rules/duplicate-grant.md",
                    f"{p}/share/doc/iamc/examples/northwind/astra.iam",
                    # the man page and completions the build generates (cmake/Packaging.cmake)
                    f"{p}/share/man/man1/iamc.1", f"{p}/share/bash-completion/completions/iamc",
                    f"{p}/share/zsh/vendor-completions/_iamc"]
        for path in expected:
            self.assertIn(path, files)
        # Nothing from the build or the tests leaks in.
        self.assertFalse([f for f in files if "/tests/" in f or "CMakeFiles" in f or f.endswith(".o")])

    def test_control_fields(self):
        r = run(["dpkg-deb", "-I", self.deb])
        self.assertEqual(r.returncode, 0, r.stderr)
        fields = dict(re.findall(r"^ ([A-Za-z-]+): (.*)$", r.stdout, re.M))
        self.assertEqual(fields["Package"], "iamc")
        self.assertEqual(fields["Version"], self.version)
        self.assertEqual(fields["Architecture"], "amd64")
        self.assertTrue(fields["Maintainer"])
        depends = {d.strip().split()[0] for d in fields["Depends"].split(",")}
        # Every shared library the binary needs, by the Debian package that holds it.
        needed = re.findall(r"NEEDED\s+(\S+)", run(["objdump", "-p", IAMC]).stdout)
        self.assertIn("libyaml-0.so.2", needed)
        # libcurl is loaded with dlopen by pull and apply (compiler/net/http.cpp): not NEEDED, but
        # a dependency all the same, at the version whose CURLOPT_PROTOCOLS_STR iamc uses.
        self.assertNotIn("libcurl.so.4", needed)
        self.assertRegex(fields["Depends"], r"(^|, )libcurl4 \(>= 7\.85\)")
        for lib in needed:
            owner = run(["dpkg", "-S", f"*/{lib}"]).stdout.split(":")[0]
            self.assertTrue(owner, lib)
            self.assertIn(owner, depends, f"{lib} is in {owner}, not in Depends: {fields['Depends']}")
        self.assertTrue({"libyaml-0-2", "libcurl4"} <= depends, depends)
        # fmt and the C++ runtime are linked in (start-up: nothing of libstdc++ to relocate).
        for lib in ("libfmt.so.9", "libstdc++.so.6"):
            self.assertNotIn(lib, needed)

    def check_installed(self, root):
        iamc = os.path.join(root + self.prefix, "bin", "iamc")
        r = run([iamc, "--version"])
        self.assertEqual((r.returncode, r.stdout), (0, f"iamc {self.version}\n"), r.stderr)
        examples = os.path.join(root + self.prefix, "share/doc/iamc/examples/northwind")
        r = run([iamc, "check", "--color=never", examples], cwd=examples)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"\b0 errors\b")
        # A file:// documentation base (no repository URL at build time) names the installed pages.
        for line in run([iamc, "--list-codes"]).stdout.splitlines():
            url = line.split("\t")[3]
            if url.startswith("file://"):
                self.assertTrue(os.path.isfile(root + url[len("file://"):]), url)

    def test_installed_iamc_runs(self):
        if INSTALL_FOR_REAL:
            r = run(["dpkg", "-i", self.deb])
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            try:
                self.check_installed("")
                self.assertEqual(run(["dpkg-query", "-W", "-f=${Status}", "iamc"]).stdout, "install ok installed")
            finally:
                run(["dpkg", "-r", "iamc"])
            return
        root = tempfile.mkdtemp(prefix="iamc-deb-root-")
        try:
            r = run(["dpkg-deb", "-x", self.deb, root])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.check_installed(root)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if not (shutil.which("cpack") and shutil.which("dpkg-deb") and shutil.which("objdump")):
        print("cpack, dpkg-deb or objdump is not installed: skipped")
        sys.exit(77)
    unittest.main(argv=sys.argv[:1], verbosity=2)
