#!/usr/bin/env python3
"""`iamc pull` and `iamc apply` as processes against the fakes of the five APIs (tests/fakes/),
each a real HTTP server on 127.0.0.1: the cycle pull -> plan -> apply -> pull -> plan ends with
no changes on every target; faults (429 with Retry-After, 503, a dropped connection after the
server acted, a 500, a slow answer, malformed JSON) are retried or stop the run, and a re-run
ends in exactly the desired state with no duplicate binding; the token never appears in any
output, journal or state file. Retry waits are shortened with --retry-base-delay: no test waits
on a clock. Run with IAMC=/path/to/iamc.
"""
import glob
import json
import os
import pty
import secrets
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "fakes"))

import astra  # noqa: E402
import connhex  # noqa: E402
import frontier  # noqa: E402
import k0rdent  # noqa: E402
import redpanda  # noqa: E402

IAMC = os.environ.get("IAMC", "iamc")
ACCOUNT = "29e1f39f-2bf4-44ba-a191-5b84ef414c95"
FAST = ["--retry-base-delay", "0.01", "--retry-max-time", "20", "--max-retries", "4"]

SOURCES = {
    "astra.iam": """target astra prod {{
  account = "{account}"
  base_url = "{url}"
}}
let sre = group("8b5b54da-ae53-497a-963d-1fc89990525b")
in astra.prod {{
  grant viewer to user("d07dac0a-a328-4840-a216-12de16bbd484")
    on namespace(label: "team=robotics"), namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")
  grant member to sre on all_namespaces
  grant owner to user("4c27d25a-9edb-4e85-9438-48dc8e917231")
}}
""",
    "redpanda.iam": """target redpanda cloud { role TopicPublisher }
let ci = service_account("l73egrn4dse7sldrhe3g")
in redpanda.cloud {
  grant Admin to group("lfmgoktoqbkk7hk1fk8g")
  grant Reader to group("pvni28tmgphkuovohdig") on resource_group("4ac64c5b-deac-4798-8809-38b58e9058cb")
  grant Writer to ci on cluster("2hp9h7d0754tckg74r9g")
  grant TopicPublisher to ci on topic("orders", dataplane: "ndkj7if8jloe89bak2ng")
}
""",
    "frontier.iam": """target frontier portal {
  role fleet_auditor = "f96f588e-edef-4d46-8285-4d2dff983f39"
}
let portal_org = org("80786ae1-c7ad-430d-abdc-ff904ba1ec8c")
in frontier.portal {
  grant app_organization_owner to user("c003a401-b521-463f-8a60-f7b25eef8e34") on portal_org
  grant app_organization_viewer to group("cde5b05a-028d-4449-a894-343355879bf3") on portal_org
  grant fleet_auditor to service_account("cf21671e-dbd1-4d54-bbaa-84981e4bfea0")
    on resource("fleet/robot:2eee3bcd-a311-4a47-951a-cbac9e115452")
}
""",
    "connhex.iam": """target connhex iot { role fleet-operator }
in connhex.iot {
  policy fleet-viewers {
    name = "Fleet viewers"
    members = [team("engineering"), team("support")]
    allow viewer on all_tenants
  }
  policy fleet-oncall {
    name = "Fleet on-call"
    members = [user("ada.okafor")]
    tenants = ["northwind-eu"]
    allow fleet-operator on tenant("northwind-eu")
  }
}
""",
    "k0rdent.iam": """target k0rdent prod {
  org = "org-nw1"
  role operator
}
in k0rdent.prod {
  grant viewer to group("group-engineering") on everything
  grant operator to user("user-ada-okafor") on project("proj-fleet-prod")
}
""",
}


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


class ApplyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iamc-apply-")
        self.token = "tok-" + secrets.token_hex(16)
        self.astra = astra.Astra(self.token, ACCOUNT).start()
        self.redpanda = redpanda.Redpanda(self.token).start()
        self.frontier = frontier.Frontier(self.token).start()
        self.connhex = connhex.Connhex(self.token).start()
        self.k0rdent = k0rdent.K0rdent(self.token).start()
        self.fakes = [self.astra, self.redpanda, self.frontier, self.connhex, self.k0rdent]
        self.k0rdent.page_size = 1  # it has two bindings: two pages
        self.src = os.path.join(self.tmp, "src")
        os.makedirs(self.src)
        for name, text in SOURCES.items():
            if name == "astra.iam":
                text = text.format(account=ACCOUNT, url=self.astra.url)
            with open(os.path.join(self.src, name), "w") as fh:
                fh.write(text)
        self.state = os.path.join(self.tmp, "state")
        self.env = dict(os.environ)
        for key in list(self.env):
            if key.startswith("IAMC_") and key not in ("IAMC_CI", "IAMC_SANITIZED"):
                del self.env[key]
        # Astra's URL is its `base_url` setting; the others come from the environment. Astra's
        # token comes from a file, the others' from the environment.
        token_file = os.path.join(self.tmp, "astra.token")
        with open(token_file, "w") as fh:
            fh.write(self.token + "\n")
        self.env["IAMC_ASTRA_PROD_TOKEN_FILE"] = token_file
        for fake, instance in [(self.redpanda, "CLOUD"), (self.frontier, "PORTAL"), (self.connhex, "IOT"),
                               (self.k0rdent, "PROD")]:
            self.env[f"IAMC_{fake.name.upper()}_{instance}_URL"] = fake.url
            self.env[f"IAMC_{fake.name.upper()}_{instance}_TOKEN"] = self.token
        self.outputs = []

    def tearDown(self):
        for fake in self.fakes:
            fake.stop()
        try:
            self.assert_token_nowhere()
        finally:
            shutil.rmtree(self.tmp)

    def iamc(self, args, stdin=subprocess.DEVNULL):
        r = subprocess.run([IAMC] + args, cwd=self.tmp, env=self.env, capture_output=True, stdin=stdin, timeout=120)
        self.outputs.append(r.stdout + r.stderr)
        return r

    def assert_token_nowhere(self):
        """The token is in no output and no file iamc wrote (journals, state, saved plans)."""
        token = self.token.encode()
        for out in self.outputs:
            self.assertNotIn(token, out)
        for path in glob.glob(os.path.join(self.tmp, "**"), recursive=True) + glob.glob(
                os.path.join(self.tmp, ".iamc", "*")):
            if os.path.isfile(path) and not path.endswith(".token"):
                with open(path, "rb") as fh:
                    self.assertNotIn(token, fh.read(), path)

    def ok(self, r, code=0):
        self.assertEqual(r.returncode, code, (r.stdout + r.stderr).decode(errors="replace"))
        return r.stdout.decode()

    def plan_changes(self):
        r = self.iamc(["plan", "--color=never", "--prune", "--detailed-exitcode", "--state", self.state, "src"])
        self.assertIn(r.returncode, (0, 3), r.stderr.decode())
        return r.returncode == 3, r.stdout.decode()

    def assert_converged(self):
        self.ok(self.iamc(["pull", "--color=never", "--state", self.state, "src"] + FAST))
        changed, text = self.plan_changes()
        self.assertFalse(changed, text)
        self.assertIn("Plan: 0 to create, 0 to update, 0 to delete,", text)

    def assert_no_duplicates(self):
        keys = [astra.Astra.key(b) for b in self.astra.bindings]
        self.assertEqual(len(keys), len(set(keys)))
        keys = [redpanda.Redpanda.key(b) for b in self.redpanda.bindings]
        self.assertEqual(len(keys), len(set(keys)))
        keys = [(p["role_id"], p["resource"], p["principal"]) for p in self.frontier.policies]
        self.assertEqual(len(keys), len(set(keys)))
        keys = [k0rdent.K0rdent.key(p) for p in self.k0rdent.policies]
        self.assertEqual(len(keys), len(set(keys)))

    def journals(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.tmp, ".iamc", "apply-*.ndjson"))):
            with open(path) as fh:
                out.append([json.loads(line) for line in fh])
        return out

    # -- the cycle ---------------------------------------------------------------------------
    def test_pull_plan_apply_pull_plan_converges_on_every_target(self):
        # Live bindings iamc does not manage: one to be deleted by --prune, one to be updated.
        self.redpanda.bindings.append({"id": "rb-stray", "account_id": "stray", "role_name": "Reader",
                                       "scope": {"resource_type": "SCOPE_RESOURCE_TYPE_ORGANIZATION"}})
        self.connhex.policies.append({"id": "fleet-viewers", "name": "Fleet viewers", "type": "CUSTOM",
                                      "members": ["team:local:engineering"],
                                      "statements": [{"effect": "ALLOW", "role": "viewer", "resources": ["*"]}],
                                      "tenants": []})
        out = self.ok(self.iamc(["pull", "--color=never", "--state", self.state, "src"] + FAST))
        self.assertIn("redpanda.cloud.json: 1 live binding in 1 page.", out)
        plan = self.iamc(["plan", "--color=never", "--prune", "--emit", "ndjson", "--state", self.state, "src"])
        self.ok(plan)
        plan_file = os.path.join(self.tmp, "plan.ndjson")
        with open(plan_file, "wb") as fh:
            fh.write(plan.stdout)
        actions = [json.loads(line)["action"] for line in plan.stdout.decode().splitlines()]
        # A saved plan has no sources: every URL comes from the environment.
        self.env["IAMC_ASTRA_PROD_URL"] = self.astra.url
        self.assertIn("update", actions)
        self.assertIn("delete", actions)
        out = self.ok(self.iamc(["apply", "--color=never", "--yes", "plan.ndjson"] + FAST))
        creates = actions.count("create")
        self.assertIn(f"Apply: {creates} created, 1 updated, 1 deleted, 0 failed.", out)
        self.assert_converged()
        self.assert_no_duplicates()
        # Every request was iamc's, with its User-Agent; pages were followed (page size 2).
        for fake in self.fakes:
            for method, path, query, headers, body in fake.requests:
                self.assertTrue(headers.get("User-Agent", "").startswith("iamc/"), headers)
        self.assertTrue(any("continue" in q for m, p, q, h, b in self.astra.requests if m == "GET"))
        # Astra's writes carry its media type both ways, as its SDK sends them (from the saved plan).
        astra_posts = [h for m, p, q, h, b in self.astra.requests if m == "POST"]
        self.assertTrue(astra_posts)
        for h in astra_posts:
            self.assertEqual(h.get("Accept"), "application/astra-roleBinding+json", h)
            self.assertEqual(h.get("Content-Type"), "application/astra-roleBinding+json", h)
        self.assertTrue(any("page_token" in q for m, p, q, h, b in self.redpanda.requests if m == "GET"))
        self.assertTrue(any("pageToken" in q for m, p, q, h, b in self.k0rdent.requests if m == "GET"))
        # The journal: one line per request, each with its source and status; creates carry the id.
        (journal,) = self.journals()
        lines = [j for j in journal if "action" in j]
        self.assertEqual(len(lines), len(actions))
        for j in lines:
            self.assertIn(j["outcome"], ("done",))
            self.assertTrue(j["source"])
            self.assertIn(j["status"], (200, 201, 204))
            if j["action"] == "create" and j["target"] != "connhex":
                self.assertTrue(j.get("id"), j)
        # Applying the same saved plan again: every create is a 409, which is done, not a failure.
        self.redpanda.bindings.append({"id": "rb-stray", "account_id": "stray", "role_name": "Reader",
                                       "scope": {"resource_type": "SCOPE_RESOURCE_TYPE_ORGANIZATION"}})
        out = self.ok(self.iamc(["apply", "--color=never", "--yes", "plan.ndjson"] + FAST))
        self.assertIn("found the binding already there (HTTP 409)", out)
        self.assert_no_duplicates()

    def test_apply_from_sources_pulls_plans_and_runs_in_parallel(self):
        out = self.ok(self.iamc(["apply", "--color=never", "--yes", "--parallel", "3", "--rate", "1000",
                                 "--state", self.state, "src"] + FAST))
        self.assertIn("Plan: 14 to create, 0 to update, 0 to delete, 0 unchanged, 0 unmanaged kept.", out)
        self.assertIn("Apply: 14 created, 0 updated, 0 deleted, 0 failed.", out)
        self.assert_converged()
        out = self.ok(self.iamc(["apply", "--color=never", "--state", self.state, "src"] + FAST))
        self.assertIn("Nothing to apply", out)

    # -- faults ------------------------------------------------------------------------------
    def test_retries_on_429_with_retry_after_and_on_503(self):
        self.astra.inject(429, method="POST", retry_after=0, times=2)
        self.redpanda.inject(503, method="POST", times=2)
        self.connhex.inject(502, method="GET")  # reads are retried too
        r = self.iamc(["apply", "--color=never", "--yes", "--state", self.state, "src"] + FAST)
        out = self.ok(r)
        err = r.stderr.decode()
        self.assertIn("HTTP 429; retry 1", err)
        self.assertIn("HTTP 429; retry 2", err)
        self.assertIn("HTTP 503; retry 2", err)
        self.assertIn("connhex.iot: GET /iam/policies: HTTP 502; retry 1", err)
        self.assertIn("Apply: 14 created, 0 updated, 0 deleted, 0 failed.", out)
        (journal,) = self.journals()
        attempts = [j["attempts"] for j in journal if j.get("target") in ("astra", "redpanda")]
        self.assertEqual(sorted(attempts)[-2:], [3, 3])
        self.assert_converged()
        self.assert_no_duplicates()

    def test_a_dropped_connection_mid_apply_then_a_rerun_ends_in_the_desired_state(self):
        self.frontier.inject("drop", method="POST")  # the server acts, the answer is lost
        r = self.iamc(["apply", "--color=never", "--yes", "--state", self.state, "src"] + FAST)
        out = self.ok(r, 1)
        err = r.stderr.decode()
        self.assertIn("frontier.portal: POST /v1beta1/policies from src/frontier.iam:", err)
        self.assertIn("may have acted on it", err)
        self.assertIn("the journal is .iamc/apply-", err)
        self.assertRegex(out, r"Apply: \d+ created, 0 updated, 0 deleted, 1 failed\.")
        (journal,) = self.journals()
        self.assertEqual([j["outcome"] for j in journal if j.get("outcome") == "failed"], ["failed"])
        self.assertEqual(len(self.frontier.policies), 1)  # the lost answer's create is live
        # The re-run plans from a fresh pull: the dropped create is live and is not repeated.
        out = self.ok(self.iamc(["apply", "--color=never", "--yes", "--state", self.state, "src"] + FAST))
        self.assertIn("0 failed.", out)
        self.assert_converged()
        self.assert_no_duplicates()
        self.assertEqual(len(self.frontier.policies), 3)

    def test_a_rejected_request_stops_the_run_with_the_servers_reason(self):
        self.connhex.inject(403, method="POST")
        self.k0rdent.inject(500, method="POST")
        r = self.iamc(["apply", "--color=never", "--yes", "--parallel", "1", "--state", self.state, "src"] + FAST)
        self.ok(r, 1)
        err = r.stderr.decode()
        self.assertRegex(err, r"(connhex\.iot: POST /iam/policies from src/connhex\.iam:\d+ failed: HTTP 403: injected fault"
                              r"|k0rdent\.prod: POST /v1/regions/global/iam/policies from src/k0rdent\.iam:\d+ failed: "
                              r"HTTP 500: internal: injected fault|k0rdent\.prod: .* HTTP 500: injected fault)")
        self.assertIn("no further request was started", err)
        self.ok(self.iamc(["apply", "--color=never", "--yes", "--state", self.state, "src"] + FAST))
        self.assert_converged()
        self.assert_no_duplicates()

    def test_a_failed_pull_leaves_the_state_untouched(self):
        # An answer slower than --timeout: the GET is sent again (reads are idempotent).
        self.k0rdent.inject("slow", method="GET", delay=2)
        r = self.iamc(["pull", "--color=never", "--timeout", "1", "--state", self.state, "src"] + FAST)
        self.ok(r)
        self.assertIn("k0rdent.prod: GET /v1/regions/global/iam/policies?pageSize=500&orgId=org-nw1: Operation timed out",
                      r.stderr.decode())
        before = {f: read(os.path.join(self.state, f)) for f in os.listdir(self.state)}
        self.redpanda.bindings.append({"id": "rb-new", "account_id": "x", "role_name": "Reader",
                                       "scope": {"resource_type": "SCOPE_RESOURCE_TYPE_ORGANIZATION"}})
        self.k0rdent.inject("malformed", method="GET", times=10)
        r = self.iamc(["pull", "--color=never", "--state", self.state, "src"] + FAST)
        self.ok(r, 1)
        self.assertIn("k0rdent.prod: the list response (page 1) is not valid JSON", r.stderr.decode())
        self.assertIn("nothing was written", r.stderr.decode())
        after = {f: read(os.path.join(self.state, f)) for f in os.listdir(self.state)}
        self.assertEqual(before, after)
        # --target: only the instances named are fetched and written.
        self.ok(self.iamc(["pull", "--color=never", "--target", "redpanda", "--state", self.state, "src"] + FAST))
        self.assertIn(b"rb-new", read(os.path.join(self.state, "redpanda.cloud.json")))

    # -- refusals ----------------------------------------------------------------------------
    def test_no_terminal_and_no_yes_refuses_and_sends_nothing(self):
        r = self.iamc(["apply", "--color=never", "--state", self.state, "src"] + FAST)
        self.ok(r, 2)
        self.assertIn("standard input is not a terminal", r.stderr.decode())
        for fake in self.fakes:
            self.assertEqual([m for m, *_ in fake.requests if m != "GET"], [])

    def test_confirmation_on_a_terminal(self):
        for answer, code in ((b"no\n", 1), (b"yes\n", 0)):
            master, slave = pty.openpty()
            os.write(master, answer)
            r = self.iamc(["apply", "--color=never", "--state", self.state, "src"] + FAST, stdin=slave)
            os.close(slave)
            os.close(master)
            self.assertEqual(r.returncode, code, r.stderr.decode())
            self.assertIn(b"Apply these 14 changes? Only 'yes' is accepted:", r.stderr)
            posts = [m for m, *_ in self.astra.requests if m == "POST"]
            self.assertEqual(len(posts), 0 if code else 3)
        self.assert_converged()

    def test_frontier_over_connect(self):
        with open(os.path.join(self.src, "frontier.iam"), "w") as fh:
            fh.write(SOURCES["frontier.iam"].replace("target frontier portal {", 'target frontier portal {\n  transport = "connect"'))
        self.ok(self.iamc(["apply", "--color=never", "--yes", "--state", self.state, "src"] + FAST))
        self.assert_converged()
        calls = {p for m, p, *_ in self.frontier.requests}
        self.assertIn("/raystack.frontier.v1beta1.FrontierService/ListPolicies", calls)
        self.assertIn("/raystack.frontier.v1beta1.FrontierService/ListRoles", calls)
        self.assertIn("/raystack.frontier.v1beta1.FrontierService/CreatePolicy", calls)
        self.assertEqual(len(self.frontier.policies), 3)

    def test_curl_script_echoes_sources_and_prints_the_servers_answer(self):
        self.ok(self.iamc(["pull", "--color=never", "--state", self.state, "src"] + FAST))
        script = self.ok(self.iamc(["plan", "--color=never", "--emit", "curl", "--state", self.state, "src"]))
        self.assertNotIn("IAMC_ASTRA_PROD_URL:?", script)  # its default is the target's base_url
        self.connhex.inject(403, method="POST")
        env = dict(self.env, IAMC_ASTRA_PROD_TOKEN=self.token)
        r = subprocess.run(["sh", "-c", script], cwd=self.tmp, env=env, capture_output=True, timeout=120)
        self.outputs.append(r.stdout + r.stderr)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"iamc: astra.prod create src/astra.iam:7", r.stderr)
        self.assertIn(b"iamc: connhex.iot create src/connhex.iam:3", r.stderr)
        self.assertIn(b'"message": "injected fault"', r.stdout)  # --fail-with-body: the server's reason
        self.assertNotIn(b"iamc: frontier.portal", r.stderr)  # it stopped at the rejected request
        self.assertEqual(len(self.astra.bindings), 3)
        # What the script did is live; apply finishes the job without repeating it.
        self.ok(self.iamc(["apply", "--color=never", "--yes", "--state", self.state, "src"] + FAST))
        self.assert_converged()
        self.assert_no_duplicates()

    def test_tls_certificates_are_always_verified(self):
        cert, key = os.path.join(self.tmp, "cert.pem"), os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
        secure = redpanda.Redpanda(self.token, tls=(cert, key)).start()
        self.fakes.append(secure)
        self.env["IAMC_REDPANDA_CLOUD_URL"] = secure.url
        # A certificate no CA vouches for: refused at once (no retry), nothing written.
        r = self.iamc(["pull", "--color=never", "--target", "redpanda", "--state", self.state, "src"] + FAST)
        self.ok(r, 1)
        self.assertIn("redpanda.cloud: GET /v1/role-bindings?page_size=100 failed after 1 attempt(s)", r.stderr.decode())
        self.assertIn("certificate", r.stderr.decode())
        self.assertFalse(os.path.exists(self.state))
        # --cacert names the CA (here the certificate itself): verified, and the pull succeeds.
        self.ok(self.iamc(["pull", "--color=never", "--target", "redpanda", "--cacert", cert, "--state", self.state, "src"]
                          + FAST))
        self.assertTrue(os.path.exists(os.path.join(self.state, "redpanda.cloud.json")))

    def test_a_saved_plan_that_could_smuggle_a_header_is_refused(self):
        plan_file = os.path.join(self.tmp, "evil.ndjson")
        with open(plan_file, "w") as fh:
            fh.write(json.dumps({"target": "redpanda", "instance": "cloud", "action": "create", "method": "POST",
                                 "path": "/v1/role-bindings",
                                 "headers": {"Content-Type": "application/json\r\nX-Injected: 1"}, "body": {}}) + "\n")
        r = self.iamc(["apply", "--color=never", "--yes", "evil.ndjson"] + FAST)
        self.ok(r, 2)
        self.assertIn("evil.ndjson:1: the Content-Type header holds control characters", r.stderr.decode())
        self.assertEqual(self.redpanda.requests, [])
        # The same through Accept (Astra's plans carry one).
        with open(plan_file, "w") as fh:
            fh.write(json.dumps({"target": "redpanda", "instance": "cloud", "action": "create", "method": "POST",
                                 "path": "/v1/role-bindings",
                                 "headers": {"Content-Type": "application/json", "Accept": "a\nX-Injected: 1"},
                                 "body": {}}) + "\n")
        r = self.iamc(["apply", "--color=never", "--yes", "evil.ndjson"] + FAST)
        self.ok(r, 2)
        self.assertIn("evil.ndjson:1: the Accept header holds control characters", r.stderr.decode())
        self.assertEqual(self.redpanda.requests, [])

    def test_libcurl_is_loaded_only_to_talk_to_a_server(self):
        # libcurl and its thirty dependencies are not linked (they cost every run ~10 ms of
        # relocation): net/ loads libcurl.so.4 when pull or apply first sends a request.
        dynamic = subprocess.run(["readelf", "-d", IAMC], capture_output=True, text=True, check=True).stdout
        self.assertIn("(NEEDED)", dynamic)
        self.assertNotIn("libcurl", dynamic)
        # Without a loadable libcurl, commands that need none still work, and pull says what to install.
        broken = os.path.join(self.tmp, "broken-lib")
        os.makedirs(broken)
        with open(os.path.join(broken, "libcurl.so.4"), "wb") as fh:
            fh.write(b"not a shared library")
        self.env["LD_LIBRARY_PATH"] = broken
        self.ok(self.iamc(["check", "--color=never", "src"]))
        r = self.iamc(["pull", "--color=never", "--target", "redpanda", "--state", self.state, "src"] + FAST)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cannot load libcurl", r.stderr.decode())
        self.assertIn("install the libcurl4 package", r.stderr.decode())
        self.assertFalse(os.path.exists(self.state))
        self.assertEqual(self.redpanda.requests, [])

    def test_missing_credentials_name_the_variable(self):
        del self.env["IAMC_REDPANDA_CLOUD_TOKEN"]
        self.env["IAMC_K0RDENT_PROD_URL"] = "http://example.com"
        r = self.iamc(["pull", "--color=never", "--state", self.state, "src"] + FAST)
        self.ok(r, 2)
        err = r.stderr.decode()
        self.assertIn("set IAMC_REDPANDA_CLOUD_TOKEN (a bearer token) or IAMC_REDPANDA_CLOUD_TOKEN_FILE", err)
        self.assertIn("IAMC_K0RDENT_PROD_URL is not an https:// URL", err)
        self.assertFalse(os.path.exists(self.state))
        for fake in self.fakes:
            self.assertEqual(fake.requests, [])

    def test_a_wrong_token_is_reported_without_the_token(self):
        self.env["IAMC_REDPANDA_CLOUD_TOKEN"] = self.token[::-1]
        r = self.iamc(["pull", "--color=never", "--state", self.state, "src"] + FAST)
        self.ok(r, 1)
        self.assertIn("HTTP 401: missing or invalid bearer token", r.stderr.decode())
        self.assertNotIn(self.token[::-1].encode(), r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
