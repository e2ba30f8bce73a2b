#!/usr/bin/env python3
"""Every request iamc sends to a vendor that publishes an OpenAPI description (Astra, Redpanda,
Frontier's REST gateway, Connhex's upstream Chef Automate IAM v2) is validated by Stoplight
Prism (pinned, installed by .ci/install) against the specs in tests/specs/: Prism runs in proxy
mode with --errors in front of each fake (tests/fakes/), so a request the spec rejects is
answered 422 and never reaches the fake, which fails the apply; the test also reads Prism's log
for any validation message. k0rdent publishes no OpenAPI description here (only the create
body's schema, checked by compile_schemas).

Prism is found through IAMC_PRISM, else in the cache folder .ci/install fills. Without it the
test is skipped with a message, except under CI (IAMC_CI set, as .ci/test does), where it fails.
Run with IAMC=/path/to/iamc.
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml  # python3-yaml (Debian; pre-commit depends on it)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SPECS = os.path.join(REPO, "tests", "specs")
sys.path.insert(0, os.path.join(REPO, "tests", "fakes"))
sys.path.insert(0, HERE)

import astra  # noqa: E402
import connhex  # noqa: E402
import frontier  # noqa: E402
import redpanda  # noqa: E402
from test_apply import ACCOUNT, FAST, SOURCES  # noqa: E402

IAMC = os.environ.get("IAMC", "iamc")
PRISM_VERSION = "5.16.0"


def find_prism():
    if os.environ.get("IAMC_PRISM"):
        return os.environ["IAMC_PRISM"]
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.environ.get("IAMC_PRISM_DIR") or os.path.join(cache, "iamc", f"prism-{PRISM_VERSION}")
    path = os.path.join(path, "node_modules", ".bin", "prism")
    return path if os.access(path, os.X_OK) else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What iamc sends and what the vendors' published descriptions say differ in two known,
# documented ways; each is bridged here, explicitly, before Prism sees the request (the specs
# are byte-for-byte copies and stay so; Prism's checks stay whole):
def frontier_rewrite(path, body):
    # Frontier's swagger (v1beta1PolicyRequestBody) names the role `role_id`; iamc sends the
    # documented example's `roleId`, which the gateway also accepts (protobuf JSON accepts both
    # the field's name and its lowerCamelCase form). Renamed here so the rest of the body is
    # validated against the swagger as it is.
    if body and "roleId" in body and "role_id" not in body:
        body = dict(body)
        body["role_id"] = body.pop("roleId")
    return path, body


def connhex_rewrite(path, body):
    # Connhex serves its upstream's IAM v2 policies under /iam/policies; the upstream's spec
    # (Chef Automate) names them /apis/iam/v2/policies.
    if path.startswith("/iam/"):
        path = "/apis/iam/v2/" + path[len("/iam/"):]
    return path, body


def only_paths(spec_path, keep, tmp, name, text=None):
    """The spec with only the paths iamc calls (every other part, components included, as it is):
    Prism builds a route for every operation of a spec before it listens, and Astra's has
    thousands; the operations iamc uses are validated exactly as in the whole spec."""
    if text is None:
        with open(spec_path) as fh:
            text = fh.read()
    spec = json.loads(text) if spec_path.endswith(".json") else yaml.safe_load(text)
    spec["paths"] = {p: v for p, v in spec["paths"].items() if any(k(p) for k in keep)}
    assert spec["paths"], f"no path of {name} is kept: revisit only_paths()"
    out = os.path.join(tmp, f"{name}.spec.json")
    with open(out, "w") as fh:
        json.dump(spec, fh)
    return out


def frontier_spec(tmp):
    """The Frontier swagger with its Bearer scheme as Swagger 2 can state it: the copy declares
    `Bearer` as `type: oauth2` with no flow (not valid Swagger 2), which Prism cannot match to
    an `Authorization: Bearer` header and so rejects every bearer request as unauthorised. The
    description beside it says what is meant ("Access token or JWT token, prefixed by Bearer"):
    an API key in the Authorization header, which is how it is restated here. Nothing else
    changes, and the requirement is still checked (a request without the header is refused)."""
    with open(os.path.join(SPECS, "frontier", "apidocs.swagger.yaml")) as fh:
        text = fh.read()
    before = "  Bearer:\n    type: oauth2\n    description: 'Access token or JWT token, prefixed by Bearer: Bearer <token>'\n    name: 'Bearer '\n"
    after = "  Bearer:\n    type: apiKey\n    description: 'Access token or JWT token, prefixed by Bearer: Bearer <token>'\n    name: Authorization\n"
    assert before in text, "the Frontier swagger's security definitions changed: revisit frontier_spec()"
    return only_paths("apidocs.swagger.yaml", [lambda p: p.startswith(("/v1beta1/policies", "/v1beta1/roles"))], tmp,
                      "frontier", text.replace(before, after))


class Rewriter:
    """A small HTTP proxy: iamc -> Rewriter -> Prism (proxy mode) -> fake."""

    def __init__(self, upstream_port, rewrite):
        self.upstream_port, self.rewrite = upstream_port, rewrite
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                path, body = proxy.rewrite(self.path, body)
                data = json.dumps(body).encode() if body is not None else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length", "host")}
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=60)
                conn.request(self.command, path, body=data, headers=headers)
                resp = conn.getresponse()
                payload = resp.read()
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"


class PrismTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        prism = find_prism()
        if prism is None:
            message = (f"Stoplight Prism {PRISM_VERSION} not found: run .ci/install (it installs it with npm), "
                       "or set IAMC_PRISM to its executable")
            if os.environ.get("IAMC_CI"):
                raise AssertionError(message)
            raise unittest.SkipTest(message)
        cls.tmp = tempfile.mkdtemp(prefix="iamc-prism-")
        cls.token = "tok-prism"
        cls.fakes = {
            "astra": astra.Astra(cls.token, ACCOUNT).start(),
            "redpanda": redpanda.Redpanda(cls.token).start(),
            "frontier": frontier.Frontier(cls.token).start(),
            "connhex": connhex.Connhex(cls.token).start(),
        }
        specs = {
            "astra": only_paths(os.path.join(SPECS, "astra", "astra.json"), [lambda p: "/roleBindings" in p], cls.tmp,
                                "astra"),
            "redpanda": only_paths(os.path.join(SPECS, "redpanda", "cloud-controlplane.yaml"),
                                   [lambda p: p.startswith("/v1/role-bindings")], cls.tmp, "redpanda"),
            "frontier": frontier_spec(cls.tmp),
            "connhex": os.path.join(SPECS, "connhex", "chef-automate-upstream", "api", "external", "iam", "v2",
                                    "policy.swagger.json"),
        }
        rewrites = {"frontier": frontier_rewrite, "connhex": connhex_rewrite}
        cls.prisms, cls.logs, cls.entry = {}, {}, {}
        for name, spec in specs.items():
            port = free_port()
            log = os.path.join(cls.tmp, f"prism-{name}.log")
            cls.logs[name] = log
            with open(log, "wb") as fh:
                cls.prisms[name] = subprocess.Popen(
                    [prism, "proxy", spec, cls.fakes[name].url, "--errors", "-h", "127.0.0.1", "-p", str(port)],
                    stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            cls.entry[name] = Rewriter(port, rewrites.get(name, lambda p, b: (p, b)))
        # Prism parses the (large) specs before it listens: wait for each port, bounded.
        for name, proc in cls.prisms.items():
            port = cls.entry[name].upstream_port
            deadline = time.monotonic() + 240
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        with open(cls.logs[name], errors="replace") as fh:
                            raise AssertionError(f"Prism for {name} did not start:\n{fh.read()[-2000:]}")
                    time.sleep(0.2)

    @classmethod
    def tearDownClass(cls):
        for proc in cls.prisms.values():
            proc.terminate()
            proc.wait(timeout=30)
        for fake in cls.fakes.values():
            fake.stop()
        shutil.rmtree(cls.tmp)

    def prism_complaints(self, name):
        with open(self.logs[name], errors="replace") as fh:
            lines = fh.read().splitlines()
        start = next((i for i, line in enumerate(lines) if "Prism is listening" in line), 0)
        return [line for line in lines[start:] if "✖" in line or "⚠" in line or "iolation" in line]

    def test_every_request_iamc_sends_is_valid_against_the_vendors_spec(self):
        src = os.path.join(self.tmp, "src")
        os.makedirs(src)
        for name in ("astra", "redpanda", "frontier", "connhex"):
            text = SOURCES[name + ".iam"]
            if name == "astra":
                text = text.format(account=ACCOUNT, url=self.entry["astra"].url)
            with open(os.path.join(src, name + ".iam"), "w") as fh:
                fh.write(text)
        # Something to delete and something to update, so every kind of request is sent.
        self.fakes["redpanda"].bindings.append({"id": "rb-stray", "account_id": "stray", "role_name": "Reader",
                                                "scope": {"resource_type": "SCOPE_RESOURCE_TYPE_ORGANIZATION"}})
        self.fakes["connhex"].policies.append({"id": "fleet-viewers", "name": "Old", "type": "CUSTOM",
                                               "members": ["team:local:engineering"],
                                               "statements": [{"effect": "ALLOW", "role": "viewer", "resources": ["*"]}],
                                               "tenants": []})
        env = {k: v for k, v in os.environ.items() if not k.startswith("IAMC_") or k in ("IAMC_CI",)}
        env["IAMC_ASTRA_PROD_TOKEN"] = self.token
        for name, instance in [("redpanda", "CLOUD"), ("frontier", "PORTAL"), ("connhex", "IOT")]:
            env[f"IAMC_{name.upper()}_{instance}_URL"] = self.entry[name].url
            env[f"IAMC_{name.upper()}_{instance}_TOKEN"] = self.token
        state = os.path.join(self.tmp, "state")
        r = subprocess.run([IAMC, "apply", "--color=never", "--yes", "--prune", "--state", state, "src"] + FAST,
                           cwd=self.tmp, env=env, capture_output=True, timeout=300)
        out = (r.stdout + r.stderr).decode(errors="replace")
        self.assertEqual(r.returncode, 0, out)
        self.assertIn("Apply: 11 created, 1 updated, 1 deleted, 0 failed.", out)
        for name in self.prisms:
            self.assertEqual(self.prism_complaints(name), [], name)
            methods = {m for m, *_ in self.fakes[name].requests}
            self.assertIn("GET", methods, name)  # the pull went through Prism too
        # Prism does reject what the spec forbids (so a silent log means something).
        bad = urllib.request.Request(self.entry["redpanda"].url + "/v1/role-bindings", method="POST",
                                     data=b'{"role_binding": {"scope": {"resource_type": "NOT_A_TYPE"}}}',
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.token})
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(bad, timeout=60)
        self.assertEqual(caught.exception.code, 422)


if __name__ == "__main__":
    unittest.main(verbosity=2)
