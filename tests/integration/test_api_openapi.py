# SPDX-License-Identifier: GPL-2.0-or-later
"""api/openapi.json against the route table (api/api_routes.c), the
declared request fields (api/api_*.c) and what the server really returns."""
import json
import os
import re

import pytest

from conftest import TOP, unique
from test_api_support import (OPENAPI, ROUTES_C, keyless_plan, make_customer,
                              make_device, make_key, network,
                              random_mac, random_v4_cidr, tokens)

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
ROUTE_RE = re.compile(
    r'\{\s*"([A-Z]+)",\s*"(/[^"]*)",\s*(\w+),\s*(AUTH_PUBLIC|WS|[RWSA])\s*\}')

# The path parameter names, in order, that each "{}" of the table stands for.
PARAM_NAMES = {
    "/api/v1/plans/{}": ["name"],
    "/api/v1/networks/{}": ["id"],
    "/api/v1/nas/{}": ["id"],
    "/api/v1/customers/{}": ["external_id"],
    "/api/v1/customers/{}/keys": ["external_id"],
    "/api/v1/customers/{}/activation": ["external_id"],
    "/api/v1/keys/{}": ["id"],
    "/api/v1/keys/{}/rotate": ["id"],
    "/api/v1/keys/{}/qr.png": ["id"],
    "/api/v1/keys/{}/qr.svg": ["id"],
    "/api/v1/devices/{}": ["id"],
}
SCOPES = {"AUTH_PUBLIC": [], "R": ["read"], "W": ["write"], "S": ["read", "secrets"],
          "WS": ["write", "secrets"], "A": ["admin"]}

# operationId -> (file, json_in_field array, required array or None)
BODIES = {
    "createPlan": ("api_plans.c", "api_plans_fields", ["name"]),
    "updatePlan": ("api_plans.c", "api_plans_fields", []),
    "createNetwork": ("api_networks.c", "api_networks_fields", ["ssid"]),
    "updateNetwork": ("api_networks.c", "api_networks_fields", []),
    "createNas": ("api_nas.c", "api_nas_fields", ["name", "address"]),
    "updateNas": ("api_nas.c", "api_nas_fields", []),
    "putCustomer": ("api_customers.c", "api_customers_fields", []),
    "patchCustomer": ("api_customers.c", "api_customers_fields", []),
    "createKey": ("api_keys.c", "api_keys_fields", []),
    "updateKey": ("api_keys.c", "api_keys_patch_fields", []),
    "rotateKey": ("api_keys.c", "api_keys_rotate_fields", []),
    "issueActivation": ("api_customers.c", "api_activation_fields", []),
    "addDevice": ("api_devices.c", "api_devices_fields", ["mac", "customer"]),
    "updateDevice": ("api_devices.c", "api_devices_patch_fields", []),
}
# Declared by a handler but refused by it on purpose, so not documented.
REFUSED = {("createKey", "status")}


def c_routes():
    with open(ROUTES_C) as f:
        text = f.read()
    table = text[text.index("api_route_table[]"):]
    table = table[:table.index("};")]
    routes = ROUTE_RE.findall(table)
    # Every entry of the table must have been understood by the regex.
    assert len(routes) == table.count('{ "'), "unparsed route table entries"
    return routes


@pytest.fixture(scope="module")
def doc():
    with open(OPENAPI) as f:
        return json.load(f)


def operations(doc):
    for path, item in doc["paths"].items():
        for method, o in item.items():
            if method in METHODS:
                yield path, method, o


def to_pattern(path):
    return re.sub(r"\{[^}/]+\}", "{}", path)


def resolve(doc, node):
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        node = doc
        for part in ref[2:].split("/"):
            node = node[part]
    return node


# --- the route table and the document agree ------------------------------

def test_route_table_is_parsed():
    routes = c_routes()
    assert len(routes) >= 36
    assert len(set((m, p) for m, p, _, _ in routes)) == len(routes)


def test_document_is_openapi_3_0_3(doc):
    assert doc["openapi"] == "3.0.3"
    assert doc["info"]["title"] and doc["info"]["version"]
    assert isinstance(doc["paths"], dict) and doc["paths"]
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    for scope in ("read", "write", "secrets", "admin"):
        assert f"`{scope}`" in scheme["description"]
    assert doc["security"] == [{"bearerAuth": []}]
    for name in ("Plan", "Network", "Nas", "Customer", "CustomerPage", "Key",
                 "Device", "Decision", "Problem"):
        assert doc["components"]["schemas"][name]["type"] == "object", name


def test_every_route_is_documented(doc):
    documented = {(m.upper(), to_pattern(p)) for p, m, _ in operations(doc)}
    missing = [(m, p) for m, p, _, _ in c_routes() if (m, p) not in documented]
    assert not missing, f"routes missing from api/openapi.json: {missing}"


def test_every_documented_operation_is_a_route(doc):
    table = {(m, p) for m, p, _, _ in c_routes()}
    extra = [(m.upper(), p) for p, m, _ in operations(doc)
             if (m.upper(), to_pattern(p)) not in table]
    assert not extra, f"operations in api/openapi.json with no route: {extra}"


def test_path_parameter_names(doc):
    """Each {} of the table is documented under its expected name."""
    by_pattern = {}
    for path in doc["paths"]:
        assert to_pattern(path) not in by_pattern, f"two spellings of {path}"
        by_pattern[to_pattern(path)] = path
    for _, pattern, _, _ in c_routes():
        names = re.findall(r"\{([^}]+)\}", by_pattern[pattern])
        assert names == PARAM_NAMES.get(pattern, []), (pattern, names)


def test_path_parameters_are_declared(doc):
    for path, method, o in operations(doc):
        params = [resolve(doc, p) for p in
                  doc["paths"][path].get("parameters", []) + o.get("parameters", [])]
        declared = {p["name"] for p in params if p["in"] == "path"}
        for name in re.findall(r"\{([^}]+)\}", path):
            assert name in declared, (method, path, name)
        for p in params:
            if p["in"] == "path":
                assert p["required"] is True, (path, p)
                assert p["name"] in re.findall(r"\{([^}]+)\}", path), (path, p)
            assert "schema" in p, (path, p)


def test_scopes_match_the_route_table(doc):
    ops = {(m.upper(), to_pattern(p)): o for p, m, o in operations(doc)}
    for method, pattern, handler, scope in c_routes():
        o = ops[(method, pattern)]
        assert o["x-mpsk-scopes"] == SCOPES[scope], (method, pattern, handler)
        if scope == "AUTH_PUBLIC":
            assert o.get("security") == [], (method, pattern)
            assert "401" not in o["responses"], (method, pattern)
        else:
            assert "security" not in o or o["security"] == [{"bearerAuth": []}]
            assert "401" in o["responses"] and "403" in o["responses"], (method, pattern)


def test_operations_are_complete(doc):
    ids = []
    for path, method, o in operations(doc):
        ids.append(o["operationId"])
        assert o.get("summary"), (method, path)
        assert o["responses"], (method, path)
        for status, resp in o["responses"].items():
            assert re.fullmatch(r"[1-5][0-9][0-9]|default", status), (path, status)
            resp = resolve(doc, resp)
            assert resp["description"], (path, status)
            if status.startswith("4"):
                assert "application/problem+json" in resp["content"], (path, status)
        codes = set(o["responses"])
        assert codes & {"200", "201", "204"}, (method, path)
        if "{" in path and method != "put":  # PUT creates what is not there
            assert "404" in codes, (method, path)
        if "requestBody" in o:
            assert {"400", "413", "415", "422"} <= codes, (method, path)
            body = resolve(doc, o["requestBody"])
            assert list(body["content"]) == ["application/json"], path
        if method in ("post", "put", "patch"):
            assert "requestBody" in o, (method, path)
    assert len(ids) == len(set(ids)), "duplicate operationId"


def test_query_parameters(doc):
    def query(path, method):
        o = doc["paths"][path][method]
        return {resolve(doc, p)["name"] for p in o.get("parameters", [])
                if resolve(doc, p)["in"] == "query"}
    assert query("/api/v1/customers", "get") == {"status", "plan", "building", "search", "page", "per_page"}
    assert query("/api/v1/devices", "get") == {"customer", "key", "mac"}
    assert query("/api/v1/decision", "get") == {"mac", "ssid"}


def test_every_ref_resolves(doc):
    def walk(node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(doc, node)
            for k, v in node.items():
                walk(v, where + "/" + str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")
    walk(doc, "#")


def c_fields(filename, array):
    with open(os.path.join(TOP, "api", filename)) as f:
        text = f.read()
    start = text.index(f"json_in_field {array}[]")
    block = text[start:text.index("};", start)]
    out = {}
    for name, typ, nullable, lo, hi in re.findall(
            r'\{\s*"(\w+)",\s*JSON_IN_(\w+),\s*(\d),\s*(-?\d+)(?:LL)?,\s*(-?\d+)(?:LL)?\s*\}', block):
        out[name] = (typ, nullable == "1", int(lo), int(hi))
    assert out or re.fullmatch(r"[^{]*\{\s*\{\s*NULL[^}]*\},\s*", block), (filename, array)
    return out


def test_request_bodies_match_the_declared_fields(doc):
    ops = {o["operationId"]: o for _, _, o in operations(doc)}
    assert set(BODIES) == {i for i, o in ops.items() if "requestBody" in o}
    for opid, (filename, array, required) in BODIES.items():
        schema = resolve(doc, resolve(doc, ops[opid]["requestBody"])
                         ["content"]["application/json"]["schema"])
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False, opid
        declared = c_fields(filename, array)
        props = schema["properties"]
        expected = {n for n in declared if (opid, n) not in REFUSED}
        assert set(props) == expected, (opid, set(props) ^ expected)
        assert sorted(schema.get("required", [])) == sorted(required), opid
        for name in expected:
            typ, nullable, lo, hi = declared[name]
            p = props[name]
            assert bool(p.get("nullable")) == nullable, (opid, name)
            if typ == "STRING":
                assert p["type"] == "string", (opid, name)
                assert (p["minLength"], p["maxLength"]) == (lo, hi), (opid, name)
            elif typ == "INT":
                assert p["type"] == "integer", (opid, name)
                assert (p["minimum"], p["maximum"]) == (lo, hi), (opid, name)
            elif typ == "BOOL":
                assert p["type"] == "boolean", (opid, name)
            else:
                assert p["type"] == "array", (opid, name)


# --- the served document ---------------------------------------------------

def test_served_document_equals_the_file(api):
    with open(OPENAPI, "rb") as f:
        raw = f.read()
    r = api.get("/api/v1/openapi.json", token="")
    assert r.status == 200, r
    assert r.headers["Content-Type"].startswith("application/json")
    assert json.loads(r.body) == json.loads(raw)
    assert r.body == raw


def test_served_document_through_fastcgi(api_fcgi):
    with open(OPENAPI, "rb") as f:
        raw = f.read()
    r = api_fcgi.get("/api/v1/openapi.json", token="")
    assert r.status == 200, r
    assert r.body == raw


# --- the schemas describe what the server really sends ----------------------

DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def validate(doc, value, schema, where="$"):
    """A small JSON Schema (OpenAPI 3.0 subset) check; raises AssertionError."""
    schema = resolve(doc, schema)
    if value is None:
        assert schema.get("nullable"), f"{where}: null not allowed"
        return
    t = schema.get("type")
    if t == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r} not integer"
        assert value >= schema.get("minimum", value), f"{where}: {value} < minimum"
        assert value <= schema.get("maximum", value), f"{where}: {value} > maximum"
    elif t == "number":
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
    elif t:
        assert isinstance(value, TYPES[t]), f"{where}: {value!r} is not {t}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if t == "string":
        n = len(value.encode())
        assert n >= schema.get("minLength", 0), f"{where}: too short"
        assert n <= schema.get("maxLength", n), f"{where}: too long"
        if "pattern" in schema:
            assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
        if schema.get("format") == "date-time":
            assert DATE_TIME.fullmatch(value), f"{where}: {value!r} is not a UTC date-time"
    if t == "object":
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            assert name in value, f"{where}: missing {name}"
        for name, v in value.items():
            if name in props:
                validate(doc, v, props[name], f"{where}.{name}")
            else:
                assert schema.get("additionalProperties", True) is not False, \
                    f"{where}: undocumented member {name!r}"
    if t == "array" and "items" in schema:
        for i, v in enumerate(value):
            validate(doc, v, schema["items"], f"{where}[{i}]")


def response_schema(doc, path, method, status, media="application/json"):
    resp = resolve(doc, doc["paths"][path][method]["responses"][str(status)])
    return resp["content"][media]["schema"]


def check(doc, r, path, method):
    """r's body matches what the document says for its status."""
    media = "application/problem+json" if r.status >= 400 else "application/json"
    assert r.headers["Content-Type"].startswith(media), r
    assert str(r.status) in doc["paths"][path][method]["responses"], (path, method, r)
    validate(doc, r.json, response_schema(doc, path, method, r.status, media))


def test_responses_match_the_schemas(doc, api, sql, tokens, network, keyless_plan):
    check(doc, api.get("/api/v1/health", token=""), "/api/v1/health", "get")

    plan = unique("oas-plan")
    r = api.post("/api/v1/plans", {"name": plan, "vlan_range": "3001-3001",
                                   "rate_down_kbps": 5000, "max_devices": 4,
                                   "keys_per_customer": 0})
    check(doc, r, "/api/v1/plans", "post")
    check(doc, api.get(f"/api/v1/plans/{plan}"), "/api/v1/plans/{name}", "get")
    check(doc, api.get("/api/v1/plans"), "/api/v1/plans", "get")
    check(doc, api.patch(f"/api/v1/plans/{plan}", {"rate_up_kbps": 100}),
          "/api/v1/plans/{name}", "patch")

    check(doc, api.get(f"/api/v1/networks/{network['id']}"), "/api/v1/networks/{id}", "get")
    check(doc, api.get("/api/v1/networks"), "/api/v1/networks", "get")
    r = api.post("/api/v1/networks", {"ssid": unique("oas")})
    check(doc, r, "/api/v1/networks", "post")
    check(doc, api.patch(f"/api/v1/networks/{r.json['id']}", {"site": None}),
          "/api/v1/networks/{id}", "patch")
    assert api.delete(f"/api/v1/networks/{r.json['id']}").status == 204

    r = api.post("/api/v1/nas", {"name": unique("oas"), "address": random_v4_cidr(),
                                 "secret": "s3cret-s3cret-s3cret"})
    check(doc, r, "/api/v1/nas", "post")
    nas = r.json["id"]
    check(doc, api.get(f"/api/v1/nas/{nas}"), "/api/v1/nas/{id}", "get")
    check(doc, api.get("/api/v1/nas"), "/api/v1/nas", "get")
    check(doc, api.patch(f"/api/v1/nas/{nas}", {"vendor": "mikrotik"}), "/api/v1/nas/{id}", "patch")

    ext = unique("oas")
    r = api.put(f"/api/v1/customers/{ext}", {"plan": keyless_plan, "name": "Ann",
                                             "email": "ann@example.org"})
    check(doc, r, "/api/v1/customers/{external_id}", "put")
    check(doc, api.put(f"/api/v1/customers/{ext}", {"plan": keyless_plan}),
          "/api/v1/customers/{external_id}", "put")
    check(doc, api.get(f"/api/v1/customers/{ext}"), "/api/v1/customers/{external_id}", "get")
    check(doc, api.get(f"/api/v1/customers?search={ext}&per_page=5"), "/api/v1/customers", "get")
    check(doc, api.patch(f"/api/v1/customers/{ext}", {"status": "suspended"}),
          "/api/v1/customers/{external_id}", "patch")

    r = api.post(f"/api/v1/customers/{ext}/keys", {"network": network["id"], "label": "x",
                                                 "valid_until": "2099-01-01T00:00:00Z"})
    check(doc, r, "/api/v1/customers/{external_id}/keys", "post")
    key = r.json["id"]
    assert "passphrase" in r.json
    check(doc, api.get(f"/api/v1/keys/{key}"), "/api/v1/keys/{id}", "get")
    check(doc, api.get(f"/api/v1/keys/{key}", token=tokens["read"]), "/api/v1/keys/{id}", "get")
    check(doc, api.get(f"/api/v1/customers/{ext}/keys"), "/api/v1/customers/{external_id}/keys", "get")
    check(doc, api.patch(f"/api/v1/keys/{key}", {"vlan": 12}), "/api/v1/keys/{id}", "patch")
    check(doc, api.post(f"/api/v1/keys/{key}/rotate"), "/api/v1/keys/{id}/rotate", "post")

    r = api.post("/api/v1/devices", {"mac": random_mac(), "customer": ext, "key": key})
    check(doc, r, "/api/v1/devices", "post")
    dev = r.json
    check(doc, api.get(f"/api/v1/devices/{dev['id']}"), "/api/v1/devices/{id}", "get")
    check(doc, api.get(f"/api/v1/devices?customer={ext}"), "/api/v1/devices", "get")
    check(doc, api.patch(f"/api/v1/devices/{dev['id']}", {"name": "tv"}), "/api/v1/devices/{id}", "patch")

    check(doc, api.get(f"/api/v1/decision?mac={dev['mac']}"), "/api/v1/decision", "get")
    api.patch(f"/api/v1/customers/{ext}", {"status": "active"})
    r = api.get(f"/api/v1/decision?mac={dev['mac']}")
    assert r.json["decision"] == "accept"
    check(doc, r, "/api/v1/decision", "get")
    check(doc, api.get(f"/api/v1/decision?mac={random_mac()}"), "/api/v1/decision", "get")

    check(doc, api.delete(f"/api/v1/customers/{ext}"), "/api/v1/customers/{external_id}", "delete")

    # Problems, from several operations.
    check(doc, api.get("/api/v1/keys/999999999"), "/api/v1/keys/{id}", "get")
    check(doc, api.post("/api/v1/plans", {"name": 1}), "/api/v1/plans", "post")
    check(doc, api.post("/api/v1/plans", raw=b"{"), "/api/v1/plans", "post")
    check(doc, api.get("/api/v1/plans", token=""), "/api/v1/plans", "get")
    check(doc, api.post("/api/v1/plans", {"name": "x"}, token=tokens["read"]), "/api/v1/plans", "post")
    check(doc, api.post("/api/v1/plans", {"name": plan}), "/api/v1/plans", "post")
    check(doc, api.get("/api/v1/customers?page=0"), "/api/v1/customers", "get")


def test_qr_media_types_are_documented(doc, api, network, keyless_plan):
    ext = make_customer(api, keyless_plan)["external_id"]
    key = make_key(api, ext, network["id"])["id"]
    for fmt, media in (("png", "image/png"), ("svg", "image/svg+xml")):
        r = api.get(f"/api/v1/keys/{key}/qr.{fmt}")
        assert r.status == 200 and r.headers["Content-Type"] == media
        assert media in doc["paths"]["/api/v1/keys/{id}/qr." + fmt]["get"]["responses"]["200"]["content"]


def test_delete_responses_are_204_without_body(doc, api, network, keyless_plan):
    ext = make_customer(api, keyless_plan)["external_id"]
    key = make_key(api, ext, network["id"])["id"]
    dev = make_device(api, ext, key)["id"]
    for path, oapath in ((f"/api/v1/devices/{dev}", "/api/v1/devices/{id}"),
                         (f"/api/v1/keys/{key}", "/api/v1/keys/{id}")):
        r = api.delete(path)
        assert r.status == 204 and r.body == b"", r
        assert "204" in doc["paths"][oapath]["delete"]["responses"]
