# SPDX-License-Identifier: GPL-2.0-or-later
"""The API through nginx and the FastCGI front door: the same answers as the
embedded HTTP server, byte for byte where it matters."""
import urllib.parse

import pytest

from conftest import unique
from test_api_support import (assert_problem, drop_network, keyless_plan, make_customer, make_key,
                              pmk_hex, random_mac, random_passphrase, random_v4_cidr,
                              stored_pmk, tokens, unchanged, wifi_escape, zbar)


def strip_times(o):
    if isinstance(o, list):
        return [strip_times(x) for x in o]
    if isinstance(o, dict):
        return {k: strip_times(v) for k, v in o.items() if k not in ("created_at", "updated_at")}
    return o


def test_main_flow_through_fastcgi(api, api_fcgi, sql):
    plan = unique("fcgi plan")
    r = api_fcgi.post("/api/v1/plans", {"name": plan, "keys_per_customer": 1, "vlan": 99,
                                        "rate_down_kbps": 8000})
    assert r.status == 201, r
    assert r.headers["Content-Type"] == "application/json"
    qplan = urllib.parse.quote(plan)
    assert api_fcgi.get(f"/api/v1/plans/{qplan}").json == api.get(f"/api/v1/plans/{qplan}").json

    ssid = unique("fcgi")
    r = api_fcgi.post("/api/v1/networks", {"ssid": ssid})
    assert r.status == 201, r
    net = r.json

    r = api_fcgi.post("/api/v1/nas", {"name": unique("fcgi"), "address": random_v4_cidr(),
                                      "secret": "fcgi-secret-123456"})
    assert r.status == 201 and b"fcgi-secret-1" not in r.body

    ext = unique("fcgi")
    r = api_fcgi.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": "Via FastCGI"})
    assert r.status == 201, r
    assert api_fcgi.put(f"/api/v1/customers/{ext}", {"plan": plan}).status == 200
    assert api_fcgi.get(f"/api/v1/customers/{ext}").json == api.get(f"/api/v1/customers/{ext}").json

    keys = api_fcgi.get(f"/api/v1/customers/{ext}/keys").json
    assert keys == api.get(f"/api/v1/customers/{ext}/keys").json
    key = next(k for k in keys if k["network"] == net["id"])
    assert len(key["passphrase"]) == 12
    assert stored_pmk(sql, key["id"]) == pmk_hex(key["passphrase"], ssid)

    new = random_passphrase()
    r = api_fcgi.post(f"/api/v1/keys/{key['id']}/rotate", {"passphrase": new})
    assert r.status == 200 and r.json["passphrase"] == new
    r = api_fcgi.post(f"/api/v1/keys/{key['id']}/rotate")
    assert r.status == 200 and r.json["passphrase"] != new

    mac = random_mac()
    r = api_fcgi.post("/api/v1/devices", {"mac": mac.replace(":", "-").upper(),
                                          "customer": ext, "key": key["id"]})
    assert r.status == 201 and r.json["mac"] == mac
    dev = r.json["id"]
    r = api_fcgi.get(f"/api/v1/decision?mac={mac}&ssid={urllib.parse.quote(ssid)}")
    assert r.json["decision"] == "accept" and r.json["vlan"] == 99
    assert r.json == api.get(f"/api/v1/decision?mac={mac}&ssid={urllib.parse.quote(ssid)}").json

    assert api_fcgi.patch(f"/api/v1/devices/{dev}", {"name": "tv"}).json["name"] == "tv"
    assert api_fcgi.delete(f"/api/v1/devices/{dev}").status == 204
    r = api_fcgi.delete(f"/api/v1/customers/{ext}")
    assert r.status == 200 and r.json["status"] == "terminated"


def test_passphrase_needs_secrets_through_fastcgi(api_fcgi, keyless_plan, tokens, api):
    ext = make_customer(api, keyless_plan)["external_id"]
    net = api.get("/api/v1/networks").json[0]["id"]
    key = make_key(api, ext, net)
    r = api_fcgi.get(f"/api/v1/keys/{key['id']}", token=tokens["read"])
    assert r.status == 200 and "passphrase" not in r.json
    assert key["passphrase"].encode() not in r.body
    assert api_fcgi.get(f"/api/v1/keys/{key['id']}").json["passphrase"] == key["passphrase"]
    assert_problem(api_fcgi.get(f"/api/v1/keys/{key['id']}/qr.png", token=tokens["rw"]),
                   403, "insufficient_scope", None)


def test_qr_identical_through_both_doors(api, api_fcgi, keyless_plan):
    ssid = 'fc;gi:"' + unique("")[-8:]
    net = api.post("/api/v1/networks", {"ssid": ssid}).json
    ext = make_customer(api, keyless_plan)["external_id"]
    key = make_key(api, ext, net["id"], passphrase='a\\b,c;d:"' + random_passphrase(6))
    for fmt, media in (("png", "image/png"), ("svg", "image/svg+xml")):
        a = api.get(f"/api/v1/keys/{key['id']}/qr.{fmt}")
        b = api_fcgi.get(f"/api/v1/keys/{key['id']}/qr.{fmt}")
        assert a.status == b.status == 200
        assert a.headers["Content-Type"] == b.headers["Content-Type"] == media
        assert a.body == b.body
    assert zbar(api_fcgi.get(f"/api/v1/keys/{key['id']}/qr.png").body) == \
        f"WIFI:T:WPA;S:{wifi_escape(ssid)};P:{wifi_escape(key['passphrase'])};;"
    drop_network(api, net["id"], keys=[key["id"]])


PROBLEM_REQUESTS = [
    ("GET", "/api/v1/keys/4294967295", None, None, None),
    ("GET", "/api/v1/plans/no%20such%20plan", None, None, None),
    ("POST", "/api/v1/plans", None, b'{"name":', None),
    ("POST", "/api/v1/plans", {"name": 5}, None, None),
    ("POST", "/api/v1/plans", {"bogus": 1}, None, None),
    ("POST", "/api/v1/plans", {"vlan": 4095, "name": "x"}, None, None),
    ("POST", "/api/v1/plans", {"name": "x"}, None, "text/plain"),
    ("POST", "/api/v1/plans", None, b'{"name":"' + b"x" * 70000 + b'"}', None),
    ("POST", "/api/v1/devices", {"mac": "zz", "customer": "x"}, None, None),
    ("PUT", "/api/v1/plans", {"name": "x"}, None, None),
    ("GET", "/api/v1/customers?page=0", None, None, None),
    ("GET", "/api/v1/customers?per_page=201", None, None, None),
    ("GET", "/api/v1/devices?mac=nope", None, None, None),
    ("GET", "/api/v1/decision?mac=aabbccddeeff&ssid=" + "s" * 33, None, None, None),
    ("GET", "/api/v1/nothing", None, None, None),
    ("PUT", "/api/v1/customers/a%20b", {"plan": "x"}, None, None),
    ("GET", "/api/v1/customers/" + "x" * 129, None, None, None),
]


@pytest.mark.parametrize("method,path,body,raw,ctype", PROBLEM_REQUESTS,
                         ids=[f"{m} {p[:40]}" for m, p, _, _, _ in PROBLEM_REQUESTS])
def test_problem_bodies_identical(api, api_fcgi, sql, method, path, body, raw, ctype):
    kw = {"body": body, "raw": raw}
    if ctype:
        kw["content_type"] = ctype
    with unchanged(sql):
        a = api.request(method, path, **kw)
        b = api_fcgi.request(method, path, **kw)
    assert 400 <= a.status < 500, a
    assert (a.status, a.headers["Content-Type"], a.body) == \
        (b.status, b.headers["Content-Type"], b.body)


@pytest.mark.parametrize("auth", [None, "Bearer nope", "Basic eDp5"])
def test_auth_problems_identical(api, api_fcgi, auth):
    headers = {"Authorization": auth} if auth else {}
    a = api.get("/api/v1/plans", token="", headers=headers)
    b = api_fcgi.get("/api/v1/plans", token="", headers=headers)
    assert a.status == b.status == 401
    assert a.body == b.body
    assert a.headers["WWW-Authenticate"] == b.headers["WWW-Authenticate"]


def test_scope_problem_identical(api, api_fcgi, tokens):
    a = api.post("/api/v1/plans", {"name": "x"}, token=tokens["read"])
    b = api_fcgi.post("/api/v1/plans", {"name": "x"}, token=tokens["read"])
    assert a.status == b.status == 403 and a.body == b.body


def test_too_large_for_nginx(api_fcgi, sql):
    with unchanged(sql):
        r = api_fcgi.post("/api/v1/plans", raw=b'{"name":"' + b"x" * (2 << 20) + b'"}')
    assert_problem(r, 413, "body_too_large", None)


def test_percent_encoded_path_segments(api, api_fcgi, keyless_plan):
    plan = unique("Plan with spaces")
    api.post("/api/v1/plans", {"name": plan})
    for client in (api, api_fcgi):
        for path in ("/api/v1/plans/" + urllib.parse.quote(plan),
                     "/api/v1/plans/" + "".join(f"%{b:02X}" for b in plan.encode())):
            r = client.get(path)
            assert r.status == 200 and r.json["name"] == plan, (client.base, path, r)
    ext = unique("a.b_c:d@e")
    api_fcgi.put("/api/v1/customers/" + urllib.parse.quote(ext, safe=""), {"plan": keyless_plan})
    for client in (api, api_fcgi):
        r = client.get("/api/v1/customers/" + urllib.parse.quote(ext, safe=""))
        assert r.status == 200 and r.json["external_id"] == ext
        r = client.get("/api/v1/customers/" + ext.replace("@", "%40").replace(":", "%3a"))
        assert r.status == 200 and r.json["external_id"] == ext
        # An encoded slash is part of the segment, so no route has it.
        assert_problem(client.get("/api/v1/customers/a%2Fb"), 404, "not_found")


def test_query_strings(api, api_fcgi):
    plan = unique("fq")
    api.post("/api/v1/plans", {"name": plan, "keys_per_customer": 0})
    word = unique("Q").replace("-", "")
    for i, name in enumerate(["Ann Lee " + word, "Bo+Ek " + word, "100% " + word]):
        api.put(f"/api/v1/customers/{word}-{i}", {"plan": plan, "name": name,
                                                  "status": "suspended" if i else "active"})
    queries = [
        f"plan={plan}", f"plan={plan}&per_page=1&page=2", f"plan={plan}&status=suspended",
        "search=Ann+Lee", f"search=ann%20lee+{word}", "search=Bo%2BEk", "search=100%25",
        f"search={word}&per_page=2", f"status=active&plan={plan}&search={word}",
        f"plan={urllib.parse.quote(plan)}&page=1&per_page=200&unknown=1",
    ]
    for q in queries:
        a = api.get("/api/v1/customers?" + q)
        b = api_fcgi.get("/api/v1/customers?" + q)
        assert a.status == b.status == 200, (q, a, b)
        assert a.json == b.json, q
    assert api_fcgi.get(f"/api/v1/customers?search=Bo%2BEk+{word}").json["total"] == 1
    assert api_fcgi.get(f"/api/v1/customers?search=100%25+{word}").json["total"] == 1
    assert api_fcgi.get(f"/api/v1/customers?plan={plan}&per_page=1&page=3").json["items"][0][
        "external_id"] == f"{word}-2"


@pytest.mark.parametrize("query", ["page", "per_page", "search=%zz", "search", "search=",
                                   "search=%", "status=active&status=suspended", "&&",
                                   "search=a+b%2Bc", "page=1&page=2"])
def test_query_edge_cases_identical(api, api_fcgi, query):
    a = api.get("/api/v1/customers?" + query)
    b = api_fcgi.get("/api/v1/customers?" + query)
    assert a.status == b.status, (a, b)
    if a.status >= 400:
        assert a.body == b.body
    else:
        assert a.json["total"] == b.json["total"]
