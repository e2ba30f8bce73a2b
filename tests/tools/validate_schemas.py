#!/usr/bin/env python3
"""Validates every request body iamc emits against the targets' official schemas.

Bodies come from the compile goldens (every line of tests/golden/compile*/**/*.stdout that is an
NDJSON request: {"target": ..., "body": ...}) and, with --iamc, from compiling examples/ with
`iamc compile --emit ndjson examples` and from compiling every input of the other golden suites
(check, diagnostics, lint, yaml, ...) on its own with `iamc compile --no-lint --emit ndjson`: a
case the checker accepts is a body iamc would send, whatever suite it was written for. Schemas (the specs directory defaults to <repo>/tests/specs, the
vendors' files copied into the repository; tests/specs/README.md gives each one's origin):

  k0rdent   k0rdent/create-policy-request.schema.json (JSON Schema)
  connhex   connhex/create-policy-request.schema.json (JSON Schema)
  astra     astra/astra.json, components.schemas["roleBinding_1.1_post_request_body"] (OpenAPI 3)
  redpanda  redpanda/cloud-controlplane.yaml, components.schemas.CreateRoleBindingRequest (OpenAPI 3)
  frontier  frontier/apidocs.swagger.yaml, definitions.v1beta1PolicyRequestBody (Swagger 2), after
            unwrapping the Connect transport's {"body": ...} and renaming roleId to the proto name role_id

OpenAPI schemas are turned into JSON Schema draft 7: siblings of $ref are dropped (OpenAPI 3.0
ignores them; Astra puts media types in `type` there), `nullable` adds null. Objects that list
their properties get additionalProperties: false unless they say otherwise, so a misspelt key
fails even where the vendor's schema is lenient.

Every request is also checked against the endpoints the specs define: its method and path must
match an operation of the vendor's spec (path templates from astra.json, cloud-controlplane.yaml,
apidocs.swagger.yaml, the upstream Chef Automate policy.swagger.json with Connhex's /iam prefix,
frontier.proto's Connect rpcs, and k0rdent/endpoints.json written from the k0rdent API reference).
That covers what `iamc plan` emits besides creates (its goldens, tests/golden/plan*/**/*.stdout,
are read too): a Connhex update (PUT /iam/policies/{id}) has its body validated against the
Connhex schema and must name the policy of its path; a DELETE has no body and its path must be a
delete operation of the spec; Frontier's Connect DeletePolicy body must hold exactly the fields
of DeletePolicyRequest. Every target must show creates and deletes, and Connhex an update.

Usage: validate_schemas.py [--specs DIR] [--iamc PATH] [--repo DIR]
Prints one line per invalid body and a closing count; exits 1 when any body is invalid.
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

STANDARD_TYPES = {"object", "array", "string", "number", "integer", "boolean", "null"}


def to_draft7(node):
    """OpenAPI schema object -> JSON Schema draft 7 (recursively, a new object)."""
    if isinstance(node, list):
        return [to_draft7(n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": node["$ref"]}
    out = {}
    for key, value in node.items():
        if key == "type" and isinstance(value, str) and value not in STANDARD_TYPES:
            continue
        if key in ("properties", "definitions", "schemas") and isinstance(value, dict):
            out[key] = {k: to_draft7(v) for k, v in value.items()}
        elif key in ("example", "examples", "nullable", "readOnly", "writeOnly", "discriminator", "xml"):
            continue
        else:
            out[key] = to_draft7(value)
    if node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = list(out["enum"]) + [None]
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def openapi_schema(document, pointer):
    """A draft-7 schema for one component, carrying the converted document so $refs resolve."""
    root = to_draft7(document)
    root = {k: v for k, v in root.items() if k in ("components", "definitions")}
    root["allOf"] = [{"$ref": pointer}]
    return root


def load_schemas(specs):
    def load_json(*parts):
        with open(os.path.join(specs, *parts), encoding="utf-8") as fh:
            return json.load(fh)

    def load_yaml(*parts):
        with open(os.path.join(specs, *parts), encoding="utf-8") as fh:
            return yaml.safe_load(fh)

    return {
        "k0rdent": load_json("k0rdent", "create-policy-request.schema.json"),
        "connhex": load_json("connhex", "create-policy-request.schema.json"),
        "astra": openapi_schema(load_json("astra", "astra.json"),
                                "#/components/schemas/roleBinding_1.1_post_request_body"),
        "redpanda": openapi_schema(load_yaml("redpanda", "cloud-controlplane.yaml"),
                                   "#/components/schemas/CreateRoleBindingRequest"),
        "frontier": openapi_schema(load_yaml("frontier", "apidocs.swagger.yaml"),
                                   "#/definitions/v1beta1PolicyRequestBody"),
    }


def spec_operations(specs):
    """{target: [(METHOD, compiled path regex, template)]} from the specs' own path tables."""
    def load(*parts):
        with open(os.path.join(specs, *parts), encoding="utf-8") as fh:
            return yaml.safe_load(fh) if parts[-1].endswith(".yaml") else json.load(fh)

    def table(paths, prefix_from="", prefix_to=""):
        ops = []
        for template, item in paths.items():
            if prefix_from and not template.startswith(prefix_from):
                continue
            template = prefix_to + template[len(prefix_from):]
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            for method in item:
                if method in ("get", "put", "post", "delete", "patch"):
                    ops.append((method.upper(), re.compile(pattern + "$"), template))
        return ops

    frontier_rpcs = re.findall(r"^\s*rpc (\w+)\(", open(os.path.join(specs, "frontier", "frontier.proto"),
                                                          encoding="utf-8").read(), re.M)
    frontier = table(load("frontier", "apidocs.swagger.yaml")["paths"])
    frontier += [("POST", re.compile(re.escape(f"/raystack.frontier.v1beta1.FrontierService/{rpc}") + "$"),
                  f"Connect {rpc}") for rpc in frontier_rpcs]
    return {
        "astra": table(load("astra", "astra.json")["paths"]),
        "redpanda": table(load("redpanda", "cloud-controlplane.yaml")["paths"]),
        "frontier": frontier,
        # Connhex serves Chef Automate's IAM v2 API under /iam instead of /apis/iam/v2.
        "connhex": table(load("connhex", "chef-automate-upstream", "api", "external", "iam", "v2",
                              "policy.swagger.json")["paths"], "/apis/iam/v2", "/iam"),
        "k0rdent": table(load("k0rdent", "endpoints.json")["paths"]),
    }


def proto_fields(specs, message):
    """The field names of one message of frontier.proto."""
    text = open(os.path.join(specs, "frontier", "frontier.proto"), encoding="utf-8").read()
    match = re.search(r"^message " + message + r" \{(.*?)^\}", text, re.M | re.S)
    if not match:
        raise ValueError(f"frontier.proto has no message {message}")
    return set(re.findall(r"^\s*(?:repeated\s+)?[\w.]+\s+(\w+)\s*=\s*\d+", match.group(1), re.M))


def request_kind(request):
    """create, update or delete: plan says so; compile's requests are creates."""
    if "action" in request:
        return request["action"]
    return "create"


def check_endpoint(request, operations, specs):
    """Problems with the request's method and path (and a delete's or update's body shape)."""
    target, method, path = request["target"], request.get("method"), request.get("path", "")
    kind = request_kind(request)
    matches = [t for m, rx, t in operations.get(target, []) if m == method and rx.match(path)]
    problems = []
    if not matches:
        problems.append(f"{method} {path} is not an operation of the {target} spec")
    if kind == "delete":
        if target == "frontier" and path.endswith("/DeletePolicy"):
            body = request.get("body")
            fields = proto_fields(specs, "DeletePolicyRequest")
            if not isinstance(body, dict) or set(body) != fields or not all(isinstance(v, str) and v for v in body.values()):
                problems.append(f"a Connect DeletePolicy body must be exactly {sorted(fields)} with string values, got {body!r}")
        else:
            if method != "DELETE":
                problems.append(f"a delete must use DELETE, not {method}")
            if "body" in request:
                problems.append("a DELETE request carries no body")
    if kind == "update":
        if method not in ("PUT", "PATCH"):
            problems.append(f"an update must use PUT or PATCH, not {method}")
        body = request.get("body")
        last = path.rsplit("/", 1)[-1]
        if isinstance(body, dict) and "id" in body and body["id"] != last:
            problems.append(f"the body's id {body['id']!r} is not the path's {last!r}")
    return problems


def frontier_body(request):
    body = request["body"]
    if request.get("path", "").endswith("/CreatePolicy"):
        if set(body) != {"body"}:
            raise ValueError("a Connect CreatePolicy request must be {\"body\": {...}}")
        body = body["body"]
    body = copy.deepcopy(body)
    if "roleId" in body:
        body["role_id"] = body.pop("roleId")
    return body


def requests_from_lines(text, origin):
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and "target" in value and "method" in value:
            yield f"{origin}:{number}", value


def golden_requests(repo):
    golden = os.path.join(repo, "tests", "golden")
    for suite in sorted(os.listdir(golden)):
        if not suite.startswith("compile") and not suite.startswith("plan"):
            continue
        for root, _, files in sorted(os.walk(os.path.join(golden, suite))):
            for name in sorted(files):
                if name.endswith(".stdout"):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as fh:
                        yield from requests_from_lines(fh.read(), os.path.relpath(path, repo))


def example_requests(repo, iamc):
    # Each example is a project of its own (its .iamc.yaml); compile takes one project at a time.
    examples = os.path.join(repo, "examples")
    for name in sorted(os.listdir(examples)):
        if not os.path.isfile(os.path.join(examples, name, ".iamc.yaml")):
            continue
        folder = f"examples/{name}"
        proc = subprocess.run([iamc, "compile", "--emit", "ndjson", "--color=never", folder],
                              cwd=repo, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"iamc compile {folder} failed ({proc.returncode}):\n{proc.stderr}")
        yield from requests_from_lines(proc.stdout, f"{folder} (iamc compile --emit ndjson)")


def golden_input_requests(repo, iamc):
    golden = os.path.join(repo, "tests", "golden")
    for suite in sorted(os.listdir(golden)):
        if suite.startswith("compile") or suite.startswith("plan") or suite == "fmt" or not os.path.isdir(os.path.join(golden, suite)):
            continue
        for root, dirs, files in sorted(os.walk(os.path.join(golden, suite))):
            dirs[:] = sorted(d for d in dirs if d != "inc")
            for name in sorted(files):
                if not (name.endswith(".iam") or name.endswith(".iam.yaml")):
                    continue
                path = os.path.join(root, name)
                proc = subprocess.run([iamc, "compile", "--no-lint", "--emit", "ndjson", "--color=never", name],
                                      cwd=root, capture_output=True, timeout=60)  # some inputs are not UTF-8
                if proc.returncode == 0:
                    yield from requests_from_lines(proc.stdout.decode("utf-8", "replace"),
                                                   os.path.relpath(path, repo) + " (compiled)")


def main():
    repo_default = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", default=repo_default)
    parser.add_argument("--specs", default=None, help="default: <repo>/tests/specs")
    parser.add_argument("--iamc", default=None, help="also compile examples/ with this binary")
    args = parser.parse_args()
    if args.iamc:
        args.iamc = os.path.abspath(args.iamc)  # golden inputs compile in their own directories
    specs = args.specs or os.path.join(args.repo, "tests", "specs")
    schemas = load_schemas(specs)
    validators = {}
    for target, schema in schemas.items():
        jsonschema.Draft7Validator.check_schema(schema)
        validators[target] = jsonschema.Draft7Validator(schema)

    sources = [golden_requests(args.repo)]
    if args.iamc:
        sources.append(example_requests(args.repo, args.iamc))
        sources.append(golden_input_requests(args.repo, args.iamc))
    operations = spec_operations(specs)
    checked = failed = 0
    seen = set()  # (target, kind)
    for source in sources:
        for origin, request in source:
            target = request["target"]
            kind = request_kind(request)
            checked += 1
            seen.add((target, kind))
            if target == "frontier" and kind == "delete" and request.get("path", "").endswith("/DeletePolicy"):
                seen.add((target, "delete via Connect DeletePolicy"))
            try:
                if target not in validators:
                    raise ValueError(f"unknown target {target!r}")
                errors = [ValueError(p) for p in check_endpoint(request, operations, specs)]
                # Creates and updates carry the resource; a delete's body (Connect) was checked above.
                if kind != "delete":
                    if "body" not in request:
                        raise ValueError(f"a {kind} request has no body")
                    body = frontier_body(request) if target == "frontier" else request["body"]
                    errors += sorted(validators[target].iter_errors(body), key=lambda e: list(e.path))
            except ValueError as e:
                errors = [e]
            for e in errors:
                failed += 1
                where = "/".join(str(p) for p in getattr(e, "path", [])) or "(request)"
                print(f"INVALID {origin}: {target} {kind} {where}: {getattr(e, 'message', e)}")
    expected = {(t, k) for t in validators for k in ("create", "delete")} | {("connhex", "update")}
    expected |= {("frontier", "delete via Connect DeletePolicy")}
    missing = expected - seen
    if missing:
        print(f"no requests seen for: {', '.join(f'{t} {k}' for t, k in sorted(missing))}")
        failed += 1
    print(f"{checked} requests checked, {failed} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
