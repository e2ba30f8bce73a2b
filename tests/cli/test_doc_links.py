#!/usr/bin/env python3
"""Documentation links, as users meet them: every diagnostic code the binary knows has a page in
docs/, and SARIF (helpUri), JSON diagnostics ("url"), the LSP (codeDescription) and --help all
link to it through the one base URL chosen at build time (IAMC_DOCS_BASE_URL).

Usage: test_doc_links.py REPO_ROOT DOCS_BASE_URL   (IAMC=/path/to/iamc; ctest passes both)"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

IAMC = os.environ.get("IAMC", "iamc")
REPO = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.getcwd()
BASE = sys.argv[2] if len(sys.argv) > 2 else ""
# A privileged grant without a description (L008, a lint rule with a page under docs/rules/) and an
# unknown name (N002, a page under docs/diagnostics/).
SOURCE = ('target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }\n'
          'in astra.prod {\n  grant admin to sre on everything\n}\n')


def run(*args, **kw):
    return subprocess.run([IAMC, *args], capture_output=True, text=True, timeout=60, **kw)


def listed_codes():
    r = run("--list-codes")
    assert r.returncode == 0, r.stderr
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert all(len(row) == 4 for row in rows), rows
    return {code: (name, severity, url) for code, name, severity, url in rows}


class DocLinksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.codes = listed_codes()

    def test_listing_is_the_registry(self):
        # The listing is every IAMC_DIAG of codes.def, no more, no less.
        with open(os.path.join(REPO, "compiler/diagnostics/codes.def"), encoding="utf-8") as fh:
            registered = re.findall(r'^IAMC_DIAG\(\w+, "(\w+)", "([\w-]+)"', fh.read(), re.M)
        self.assertGreater(len(registered), 50)
        self.assertEqual(sorted(self.codes), sorted(code for code, _ in registered))
        for code, name in registered:
            self.assertEqual(self.codes[code][0], name)

    def test_every_code_has_its_page(self):
        prefixes = set()
        for code, (name, _, url) in self.codes.items():
            prefixes.add(code[0])
            self.assertTrue(url.startswith(BASE), f"{code}: {url} is not under {BASE}")
            page = url[len(BASE):]
            # Lint rules (L001-L899) are documented by name, everything else by code.
            lint_rule = code[0] == "L" and code[1] != "9"
            self.assertEqual(page, f"rules/{name}.md" if lint_rule else f"diagnostics/{code}.md", code)
            path = os.path.join(REPO, "docs", page)
            self.assertTrue(os.path.isfile(path), f"{code} ({name}) has no page: docs/{page}")
            with open(path, encoding="utf-8") as fh:
                first = fh.readline()
            self.assertIn(code, first, f"docs/{page} does not start by naming {code}")
        # Every family of codes is there (input, syntax, YAML, names, checks, lint, state, tests).
        self.assertTrue({"I", "P", "Y", "N", "C", "L", "S", "T"} <= prefixes, prefixes)

    def test_base_is_the_configured_one(self):
        self.assertTrue(BASE.endswith("/"), BASE)
        self.assertRegex(BASE, r"^(https?|file)://")
        self.assertNotIn("iamc.dev", BASE)

    def test_help_links_to_pages_that_exist(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        links = re.findall(re.escape(BASE) + r"(\S+)", r.stdout)
        self.assertIn("cli.md", links)
        for page in links:
            self.assertTrue(os.path.isfile(os.path.join(REPO, "docs", page)), page)

    def findings(self, *extra):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "grants.iam")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(SOURCE)
            return run("check", *extra, path, cwd=d)

    def test_json_diagnostics_link_to_the_page(self):
        r = self.findings("--format", "json")
        diags = json.loads(r.stdout)["diagnostics"]
        self.assertEqual({d["code"] for d in diags} >= {"N002", "L008"}, True, diags)
        for d in diags:
            self.assertEqual(d["url"], self.codes[d["code"]][2])

    def test_sarif_help_uris_are_the_pages(self):
        r = self.findings("--format", "sarif")
        driver = json.loads(r.stdout)["runs"][0]["tool"]["driver"]
        self.assertEqual(len(driver["rules"]), len(self.codes))
        for rule in driver["rules"]:
            self.assertEqual(rule["helpUri"], self.codes[rule["id"]][2])
        self.assertTrue(driver["informationUri"].startswith(BASE))

    def test_lsp_code_descriptions_are_the_pages(self):
        with tempfile.TemporaryDirectory() as d:
            uri = "file://" + os.path.join(d, "grants.iam")
            msgs = [
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
                {"jsonrpc": "2.0", "method": "initialized", "params": {}},
                {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": uri, "languageId": "iamc", "version": 1, "text": SOURCE}}},
                {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
                {"jsonrpc": "2.0", "method": "exit", "params": None},
            ]
            stdin = b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(b), b)
                             for b in (json.dumps(m).encode() for m in msgs))
            r = subprocess.run([IAMC, "lsp"], input=stdin, capture_output=True, timeout=60, cwd=d)
        bodies = re.split(rb"Content-Length: \d+\r\n\r\n", r.stdout)
        diags = [dg for b in bodies if b for m in [json.loads(b)]
                 if m.get("method") == "textDocument/publishDiagnostics" for dg in m["params"]["diagnostics"]]
        self.assertEqual({dg["code"] for dg in diags} >= {"N002", "L008"}, True, diags)
        for dg in diags:
            self.assertEqual(dg["codeDescription"]["href"], self.codes[dg["code"]][2])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
