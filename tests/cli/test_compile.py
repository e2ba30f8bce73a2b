#!/usr/bin/env python3
"""`iamc compile` as a process: the seed bodies, all-or-nothing output, atomic replacement of the
output directory, removal of stale files, determinism across runs and input orders, --emit curl
and --target. Run with IAMC=/path/to/iamc (ctest sets it); unittest discovers nothing else.
"""
import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

from tree_snapshot import snapshot

IAMC = os.environ.get("IAMC", "iamc")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The five seed bodies of issue 3, exactly as specified (compact, key order significant).
SEEDS = {
    "k0rdent": '{"role":"viewer","principal":{"type":"user","id":"user-v5w6x7"},"scope":{"type":"org","resource":"org-s1t2u3"},"orgId":"org-s1t2u3"}',
    "connhex": '{"name":"My Viewer Policy","id":"custom-viewer-policy","members":["team:local:*"],"statements":[{"role":"viewer","tenants":["tenant1","tenant2"],"effect":"ALLOW"},{"role":"myRole","tenants":["exampleTenant"],"effect":"ALLOW"}],"tenants":[]}',
    "redpanda": '{"role_binding":{"account_id":"d1qgqs6rb0h0c8u1j0a0","role_name":"Reader","scope":{"resource_id":"cjcuq79c4vs94fcufc2g","resource_type":"SCOPE_RESOURCE_TYPE_CLUSTER"}}}',
    "astra": '{"type":"application/astra-roleBinding","version":"1.1","userID":"4c27d25a-9edb-4e85-9438-48dc8e917231","accountID":"9fd87309-067f-48c9-a331-527796c14cf3","role":"viewer","roleConstraints":["*"]}',
    "frontier": '{"roleId":"8e73f4a2-3763-4dc6-a00e-7a9aebeaa971","title":"Policy title","resource":"app/guardian:70f69c3a-334b-4f25-90b8-4d4f3be6b8e2","principal":"app/user:92f69c3a-334b-4f25-90b8-4d4f3be6b825","metadata":{"labels":{"key":"value"},"description":"Policy description"}}',
}

TARGETS = """target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
target k0rdent main { }
"""
GRANT_A = """in astra.prod { grant viewer to user("4c27d25a-9edb-4e85-9438-48dc8e917231") }
"""
GRANT_B = """in k0rdent.main { grant viewer to user("user-v5w6x7") on org("org-s1t2u3") { title = "it's \\"quoted\\"" } }
"""
BROKEN = """in astra.prod { grant viewer to nobody }
"""


def run(args, cwd, **kw):
    return subprocess.run([IAMC] + args, cwd=cwd, capture_output=True, timeout=60, **kw)


class CompileTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-cli-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, text, root=None):
        path = os.path.join(root or self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path

    def test_seed_bodies_are_exact(self):
        proc = run(["compile", "--emit", "ndjson", "--color=never", "examples/seeds"], REPO)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = {}
        for line in proc.stdout.decode().splitlines():
            request = json.loads(line)
            got[request["target"]] = json.dumps(request["body"], separators=(",", ":"), ensure_ascii=False)
        self.assertEqual(got, SEEDS)
        out = os.path.join(self.tmp, "out")
        proc = run(["compile", "--color=never", "-o", out, "examples/seeds"], REPO)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for target, seed in SEEDS.items():
            [instance] = os.listdir(os.path.join(out, target))  # DIR/<target>/<instance>/
            [name] = os.listdir(os.path.join(out, target, instance))
            with open(os.path.join(out, target, instance, name), encoding="utf-8") as fh:
                pretty = fh.read()
            self.assertEqual(pretty, json.dumps(json.loads(seed), indent=2, ensure_ascii=False) + "\n")

    def test_errors_leave_existing_output_untouched(self):
        self.write("src/targets.iam", TARGETS)
        self.write("src/a.iam", GRANT_A)
        out = os.path.join(self.tmp, "out")
        self.assertEqual(run(["compile", "--color=never", "-o", out, "src"], self.tmp).returncode, 0)
        before = snapshot(self.tmp)
        self.write("src/b.iam", BROKEN)
        before["src/b.iam"] = BROKEN.encode()
        proc = run(["compile", "--color=never", "-o", out, "src"], self.tmp)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"error[", proc.stderr)
        self.assertEqual(snapshot(self.tmp), before)
        # --emit ndjson prints nothing either
        proc = run(["compile", "--emit", "ndjson", "--color=never", "src"], self.tmp)
        self.assertEqual((proc.returncode, proc.stdout), (1, b""))

    def test_errors_create_no_output_directory(self):
        self.write("src/targets.iam", TARGETS)
        self.write("src/b.iam", BROKEN)
        proc = run(["compile", "--color=never", "-o", "out", "src"], self.tmp)
        self.assertEqual(proc.returncode, 1)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out")))

    def test_replacement_removes_stale_files_and_temporaries(self):
        self.write("src/targets.iam", TARGETS)
        self.write("src/a.iam", GRANT_A)
        self.write("src/b.iam", GRANT_B)
        self.assertEqual(run(["compile", "--color=never", "-o", "out", "src"], self.tmp).returncode, 0)
        self.assertEqual(sorted(os.listdir(os.path.join(self.tmp, "out"))),
                         [".iamc-manifest", "astra", "k0rdent", "requests.ndjson"])
        os.remove(os.path.join(self.tmp, "src/b.iam"))
        self.assertEqual(run(["compile", "--color=never", "-o", "out", "src"], self.tmp).returncode, 0)
        files = snapshot(os.path.join(self.tmp, "out"))
        self.assertEqual(sorted(files), [".iamc-manifest", "astra/", "astra/prod/",
                                         "astra/prod/0001-viewer-4c27d25a-9edb-4e85-9438-48dc8e917231.json",
                                         "requests.ndjson"])
        self.assertEqual(sorted(os.listdir(self.tmp)), ["out", "src"])  # no temporary left beside it

    def test_refuses_to_replace_a_directory_it_did_not_write(self):
        self.write("src/targets.iam", TARGETS)
        self.write("src/a.iam", GRANT_A)
        self.write("home/notes.txt", "precious")
        before = snapshot(self.tmp)
        proc = run(["compile", "--color=never", "-o", "home", "src"], self.tmp)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"refusing to replace", proc.stderr)
        self.assertEqual(snapshot(self.tmp), before)

    def test_output_is_deterministic_across_runs_and_input_orders(self):
        outputs = []
        for order in (["targets.iam", "a.iam", "b.iam"], ["b.iam", "a.iam", "targets.iam"]):
            root = tempfile.mkdtemp(dir=self.tmp)
            texts = {"targets.iam": TARGETS, "a.iam": GRANT_A, "b.iam": GRANT_B}
            for name in order:  # files created in a different order on disk
                self.write(os.path.join("src", name), texts[name], root)
            for args in (["src"], ["src/" + n for n in order]):
                out = os.path.join(root, "out")
                proc = run(["compile", "--color=never", "-o", out] + args, root)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                outputs.append(snapshot(out))
                ndjson = run(["compile", "--emit", "ndjson", "--color=never"] + args, root)
                outputs.append({"ndjson": ndjson.stdout})
        self.assertEqual(outputs[0], outputs[2])
        self.assertEqual(outputs[0], outputs[4])
        self.assertEqual(outputs[0], outputs[6])
        self.assertEqual(outputs[1], outputs[3])
        self.assertEqual(outputs[1], outputs[5])
        self.assertEqual(outputs[1], outputs[7])

    def test_curl_script_sends_the_exact_bodies(self):
        self.write("src/targets.iam", TARGETS)
        self.write("src/a.iam", GRANT_A)
        self.write("src/b.iam", GRANT_B)
        script = run(["compile", "--emit", "curl", "--color=never", "src"], self.tmp)
        self.assertEqual(script.returncode, 0, script.stderr)
        ndjson = run(["compile", "--emit", "ndjson", "--color=never", "src"], self.tmp)
        requests = [json.loads(line) for line in ndjson.stdout.decode().splitlines()]
        # A fake curl that records its arguments and its standard input, one file each per call.
        bindir = os.path.join(self.tmp, "bin")
        self.write("bin/curl", '#!/bin/sh\nn=$(ls "$CALLS" | grep -c argv)\n'
                   'for a in "$@"; do printf "%s\\0" "$a"; done > "$CALLS/$n.argv"\ncat > "$CALLS/$n.stdin"\n')
        os.chmod(os.path.join(bindir, "curl"), stat.S_IRWXU)
        calls = os.path.join(self.tmp, "calls")
        os.mkdir(calls)
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], CALLS=calls,
                   IAMC_ASTRA_PROD_URL="https://astra.example/", IAMC_ASTRA_PROD_TOKEN="tok-a",
                   IAMC_K0RDENT_MAIN_URL="https://k0.example", IAMC_K0RDENT_MAIN_TOKEN="tok-k")
        proc = subprocess.run(["sh", "-c", script.stdout.decode()], env=env, capture_output=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(os.listdir(calls)), 2 * len(requests))
        for i, request in enumerate(requests):
            with open(os.path.join(calls, f"{i}.argv"), "rb") as fh:
                argv = fh.read().decode().split("\0")[:-1]
            with open(os.path.join(calls, f"{i}.stdin"), "rb") as fh:
                config = fh.read().decode()
            body = argv[argv.index("--data-binary") + 1]
            self.assertEqual(json.loads(body), request["body"])
            base = {"astra": "https://astra.example", "k0rdent": "https://k0.example"}[request["target"]]
            self.assertIn(base + request["path"], argv)
            self.assertIn("--fail-with-body", argv)
            # The token reaches curl on its standard input (--config -), never in its arguments.
            token = {"astra": "tok-a", "k0rdent": "tok-k"}[request["target"]]
            self.assertEqual(argv[:2], ["--config", "-"])
            self.assertEqual(config, f'header = "Authorization: Bearer {token}"\n')
            self.assertFalse(any(token in a for a in argv))
            # Each request's source is echoed before it runs.
            self.assertIn(f"iamc: {request['target']}.{request['instance']} {request['source']}", proc.stderr.decode())
        # Without the environment the script stops before sending anything.
        shutil.rmtree(calls)
        os.mkdir(calls)
        env.pop("IAMC_ASTRA_PROD_TOKEN")
        proc = subprocess.run(["sh", "-c", script.stdout.decode()], env=env, capture_output=True, timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual(os.listdir(calls), [])

    def test_target_option(self):
        self.write("src/targets.iam", TARGETS)
        self.write("src/a.iam", GRANT_A)
        self.write("src/b.iam", GRANT_B)
        proc = run(["compile", "--emit", "ndjson", "--target", "k0rdent", "src"], self.tmp)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([json.loads(l)["target"] for l in proc.stdout.decode().splitlines()], ["k0rdent"])
        proc = run(["compile", "--emit", "ndjson", "--target", "astra.prod", "--target", "k0rdent", "src"], self.tmp)
        self.assertEqual(len(proc.stdout.decode().splitlines()), 2)
        proc = run(["compile", "--emit", "ndjson", "--target", "aws", "src"], self.tmp)
        self.assertEqual((proc.returncode, proc.stdout), (2, b""))

    def test_files_mode_needs_an_output_directory(self):
        self.write("src/targets.iam", TARGETS)
        proc = run(["compile", "src"], self.tmp)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"-o DIR", proc.stderr)


if __name__ == "__main__":
    unittest.main()
