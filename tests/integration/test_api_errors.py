# SPDX-License-Identifier: GPL-2.0-or-later
"""Bad input to every endpoint: each gets a clear 4xx problem (never a 500)
with the right code and field, and leaves the database as it was."""
import http.client
import json
import os
import random
import urllib.parse
import re
import subprocess

import pytest

from conftest import make_token, unique
from test_api_support import (PROBLEM, ROUTES_C, assert_4xx_problem, assert_problem,
                              make_customer, make_device, make_key, random_mac,
                              random_passphrase, random_v4_cidr, shared_network,
                              shared_plan, tokens, unchanged)


@pytest.fixture(scope="module")
def w(api):
    """A small world every bad request here aims at."""
    net = shared_network(api)
    plan = shared_plan(api)
    cust = make_customer(api, plan)["external_id"]
    other = make_customer(api, plan)["external_id"]
    passphrase = random_passphrase()
    key = make_key(api, cust, net["id"], passphrase=passphrase)
    key2 = make_key(api, cust, net["id"], valid_from="2030-01-01T00:00:00Z")
    dev = make_device(api, cust, key["id"])
    r = api.post("/api/v1/nas", {"name": unique("nas"), "address": random_v4_cidr(),
                                 "secret": "abcdefgh-ijklmnop"})
    assert r.status == 201, r
    return {"net": net["id"], "ssid": net["ssid"], "plan": plan, "cust": cust,
            "other": other, "key": key["id"], "key2": key2["id"], "passphrase": passphrase,
            "dev": dev["id"], "mac": dev["mac"], "nas": r.json["id"]}


def fill(path, w):
    """The concrete path: {newcust} is a fresh external id every time."""
    return path.format(newcust=unique("new"), **{k: v for k, v in w.items()})


# Every endpoint that takes a JSON body, with a body it would accept.
BODY = {
    "POST /api/v1/plans": lambda w: {"name": unique("plan")},
    "PATCH /api/v1/plans/{plan}": lambda w: {"rate_up_kbps": 77},
    "POST /api/v1/networks": lambda w: {"ssid": unique("net")},
    "PATCH /api/v1/networks/{net}": lambda w: {"site": "changed"},
    "POST /api/v1/nas": lambda w: {"name": unique("nas"), "address": random_v4_cidr(),
                                   "secret": "abcdefgh-ijklmnop"},
    "PATCH /api/v1/nas/{nas}": lambda w: {"coa_port": 1700},
    "PUT /api/v1/customers/{newcust}": lambda w: {"plan": w["plan"]},
    "PUT /api/v1/customers/{cust}": lambda w: {"name": "changed"},
    "PATCH /api/v1/customers/{cust}": lambda w: {"status": "active", "name": "patched"},
    "POST /api/v1/customers/{cust}/keys": lambda w: {"network": w["net"]},
    "PATCH /api/v1/keys/{key}": lambda w: {"label": "changed"},
    "POST /api/v1/keys/{key}/rotate": lambda w: {"passphrase": random_passphrase()},
    "POST /api/v1/devices": lambda w: {"mac": random_mac(), "customer": w["cust"],
                                       "key": w["key"]},
    "PATCH /api/v1/devices/{dev}": lambda w: {"name": "changed"},
}
ENDPOINTS = list(BODY)

# Per endpoint: members and values of the wrong JSON type.
WRONG_TYPE = {
    "POST /api/v1/plans": [("name", 5), ("vlan", "5"), ("vlan", 5.5), ("keys_per_customer", None),
                           ("key_scope", True), ("rate_down_kbps", [1]), ("max_devices", {})],
    "PATCH /api/v1/plans/{plan}": [("vlan", "5"), ("vlan_range", 100), ("keys_per_customer", 1.0),
                                   ("name", None)],
    "POST /api/v1/networks": [("ssid", 1), ("ssid", None), ("site", 5), ("unknown_device_policy", [])],
    "PATCH /api/v1/networks/{net}": [("site", 1), ("ssid", ["x"])],
    "POST /api/v1/nas": [("name", 1), ("address", 10), ("secret", 12345678),
                         ("require_message_authenticator", "yes"), ("coa_port", "3799")],
    "PATCH /api/v1/nas/{nas}": [("coa_port", "1812"), ("require_message_authenticator", 0),
                                ("secret", None)],
    "PUT /api/v1/customers/{newcust}": [("plan", 1), ("name", ["x"]), ("parent", 5)],
    "PUT /api/v1/customers/{cust}": [("status", 1), ("email", False)],
    "PATCH /api/v1/customers/{cust}": [("email", 5), ("phone", 5), ("external_id", 5)],
    "POST /api/v1/customers/{cust}/keys": [("network", "1"), ("passphrase", 12345678),
                                           ("vlan", "10"), ("valid_from", 1700000000),
                                           ("kind", None), ("label", 5)],
    "PATCH /api/v1/keys/{key}": [("vlan", 1.5), ("status", None), ("max_devices", "2"),
                                 ("valid_until", True)],
    "POST /api/v1/keys/{key}/rotate": [("passphrase", 12345678), ("passphrase", None)],
    "POST /api/v1/devices": [("mac", 1), ("customer", 5), ("key", "1"), ("network", 1.0)],
    "PATCH /api/v1/devices/{dev}": [("key", "1"), ("name", None)],
}

MALFORMED = [b"{", b'{"a":', b'{"a":1,}', b'{"a":1} {"b":2}', b"nul", b'{"a":01}',
             b'{"a":"x"}garbage', b'{name:"x"}', b'{"a":[1,2,]}', b'{"a":"\\x41"}',
             b'{"a":1 /*c*/}', b"{'a':1}", b"\n", b"   ", b'\xef\xbb\xbf{"a":1}', b'{"a":"x"}\x00',
             b"{" * 9 + b"}" * 9, b'{"a":' * 10 + b"1" + b"}" * 10, b'[' * 50 + b']' * 50]


def send(api, endpoint, w, **kw):
    method, path = endpoint.split(" ", 1)
    return api.request(method, fill(path, w), **kw)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("raw", MALFORMED, ids=[repr(m[:12]) for m in MALFORMED])
def test_malformed_json(api, sql, w, endpoint, raw):
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, raw=raw), 400, "malformed_json", None)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if "rotate" not in e])
def test_empty_body(api, sql, w, endpoint):
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, raw=b""), 400, "malformed_json", None)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("raw", [b"[]", b'["a"]', b'"x"', b"1 ", b"{}[]"])
def test_body_not_an_object(api, sql, w, endpoint, raw):
    with unchanged(sql):
        r = send(api, endpoint, w, raw=raw)
        if raw == b"{}[]":
            assert_problem(r, 400, "malformed_json", None)
        else:
            assert_problem(r, 422, "invalid_type", None)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("raw", [b"1", b"null", b"true", b"false"])
def test_bare_scalar_body(api, sql, w, endpoint, raw):
    # json-c returns no object for these (null is NULL; a number at the very
    # end is not known to be complete): refused as malformed rather than as
    # "not an object". Either is a fine answer.
    with unchanged(sql):
        r = send(api, endpoint, w, raw=raw)
        assert (r.status, r.json["code"]) in ((400, "malformed_json"), (422, "invalid_type"))
        assert_4xx_problem(r)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("member", ["bogus", "Name", "id", "created_at", ""])
def test_unknown_field(api, sql, w, endpoint, member):
    body = BODY[endpoint](w)
    if member in body:
        pytest.skip("a declared member here")
    body[member] = 1
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "unknown_field", member)


@pytest.mark.parametrize("endpoint,member,value",
                         [(e, m, v) for e, cases in WRONG_TYPE.items() for m, v in cases])
def test_wrong_type(api, sql, w, endpoint, member, value):
    body = BODY[endpoint](w)
    body[member] = value
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "invalid_type", member)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_oversize_body(api, sql, w, endpoint):
    raw = b'{"name":"' + b"x" * (64 * 1024) + b'"}'
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, raw=raw), 413, "body_too_large", None)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_oversize_body_through_fastcgi(api_fcgi, sql, w, endpoint):
    # Past the program's limit, within nginx's: the program refuses it.
    raw = b'{"name":"' + b"x" * (200 * 1024) + b'"}'
    with unchanged(sql):
        assert_problem(send(api_fcgi, endpoint, w, raw=raw), 413, "body_too_large", None)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_oversize_body_through_nginx(api_fcgi, sql, w, endpoint):
    # Past nginx's client_max_body_size (1 MiB): nginx answers, still as problem JSON.
    raw = b'{"name":"' + b"x" * (1024 * 1024 + 10) + b'"}'
    with unchanged(sql):
        assert_problem(send(api_fcgi, endpoint, w, raw=raw), 413, "body_too_large", None)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("ctype", [None, "text/plain", "application/x-www-form-urlencoded",
                                   "application/xml", "multipart/form-data; boundary=x",
                                   "json", "text/json"])
def test_wrong_content_type(api, sql, w, endpoint, ctype):
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=BODY[endpoint](w), content_type=ctype),
                       415, "unsupported_media_type", None)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_content_type_at_all(stack, sql, token, w, endpoint):
    """Without any Content-Type header (urllib would add a form one)."""
    method, path = endpoint.split(" ", 1)
    url = urllib.parse.urlsplit(stack["MPSK_API_URL"])
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = json.dumps(BODY[endpoint](w)).encode()
    with unchanged(sql):
        conn.request(method, fill(path, w), body=body,
                     headers={"Authorization": "Bearer " + token})
        r = conn.getresponse()
        data = r.read()
        assert r.status == 415, data
        assert r.getheader("Content-Type").startswith(PROBLEM)
        assert json.loads(data)["code"] == "unsupported_media_type"
    conn.close()


@pytest.mark.parametrize("ctype", ["application/json; charset=utf-8", "Application/JSON"])
def test_content_type_parameters_are_fine(api, ctype):
    r = api.post("/api/v1/plans", {"name": unique("plan")}, content_type=ctype)
    assert r.status == 201, r


_RNG = random.Random(20261126)
GARBAGE = [bytes(_RNG.randrange(256) for _ in range(n)) for n in (1, 7, 100, 1000)] + [
    b'{"a":' + b"9" * 400 + b"}", b'{"name":-0}', b'{"vlan":1e400}',
    b'{"' + b"k" * 5000 + b'":1}', b'{"name":"\\u0000"}', b'\x00\x00\x00',
    b'{"name":{"name":{"name":1}}}', b'{"name":[null]}',
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("raw", GARBAGE, ids=[f"garbage{i}" for i in range(len(GARBAGE))])
def test_garbage_is_a_client_error(api, sql, w, endpoint, raw):
    with unchanged(sql):
        assert_4xx_problem(send(api, endpoint, w, raw=raw))


# --- members with bounds -------------------------------------------------------

BAD_MACS = [
    ("aa:bb:cc:dd:ee", "invalid_mac"), ("aa:bb:cc:dd:ee:ff:00", "invalid_mac"),
    ("aa:bb:cc:dd:ee:fg", "invalid_mac"), ("aa:bb-cc:dd:ee:ff", "invalid_mac"),
    ("aa-bb-cc-dd-ee:ff", "invalid_mac"), ("aabb.ccdd-eeff", "invalid_mac"),
    ("aabbccddeef", "invalid_mac"), ("aabbccddeeff0", "invalid_mac"),
    ("aa bb cc dd ee ff", "invalid_mac"), ("gggggggggggg", "invalid_mac"),
    ("aa.bb.cc.dd.ee.ff", "invalid_mac"), ("aabb:ccdd:eeff", "invalid_mac"),
    ("aabbc.cddee.ff", "invalid_mac"), (" aabbccddeeff", "invalid_mac"),
    ("aabbccddeeff ", "invalid_mac"), ("0x:bb:cc:dd:ee:ff", "invalid_mac"),
    ("aa::bb:cc:dd:ee:ff", "invalid_mac"), ("a:bb:cc:dd:ee:fff", "invalid_mac"),
    ("", "invalid_length"), ("a" * 33, "invalid_length"),
]


@pytest.mark.parametrize("mac,code", BAD_MACS, ids=[m or "empty" for m, _ in BAD_MACS])
def test_bad_mac(api, sql, w, mac, code):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": mac, "customer": w["cust"],
                                                    "key": w["key"]}), 422, code, "mac")


@pytest.mark.parametrize("mac", [m for m, c in BAD_MACS if c == "invalid_mac"])
def test_bad_mac_in_queries(api, sql, mac):
    q = mac.replace(" ", "%20")
    with unchanged(sql):
        assert_problem(api.get("/api/v1/devices?mac=" + q), 400, "invalid_mac", "mac")
        assert_problem(api.get("/api/v1/decision?mac=" + q), 400, "invalid_mac", "mac")


BAD_PASSPHRASES = [
    ("7 chars", "abcdefg", "invalid_length"),
    ("64 non-hex", "g" * 64, "invalid_passphrase"),
    ("64 mixed", "0123456789abcdef" * 3 + "0123456789abcdeg", "invalid_passphrase"),
    ("65 chars", "a" * 65, "invalid_length"),
    ("65 hex", "a" * 65, "invalid_length"),
    ("empty", "", "invalid_length"),
    ("control char", "abc\x01defgh", "invalid_passphrase"),
    ("tab", "abc\tdefgh", "invalid_passphrase"),
    ("newline", "abcdefgh\n", "invalid_passphrase"),
    ("DEL", "abcdefg\x7f", "invalid_passphrase"),
    ("non-ASCII", "p\u00e4sswort1", "invalid_passphrase"),
    ("emoji", "password\U0001f600", "invalid_passphrase"),
    ("NUL", "abcd\x00efgh", "invalid_value"),
]


@pytest.mark.parametrize("endpoint", ["POST /api/v1/customers/{cust}/keys",
                                      "POST /api/v1/keys/{key}/rotate"])
@pytest.mark.parametrize("name,passphrase,code", BAD_PASSPHRASES,
                         ids=[n for n, _, _ in BAD_PASSPHRASES])
def test_bad_passphrase(api, sql, w, endpoint, name, passphrase, code):
    body = BODY[endpoint](w)
    body["passphrase"] = passphrase
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, code, "passphrase")


def test_duplicate_passphrase(api, sql, w):
    with unchanged(sql):
        assert_problem(api.post(f"/api/v1/customers/{w['other']}/keys",
                                {"network": w["net"], "passphrase": w["passphrase"]}),
                       409, "duplicate_passphrase", "passphrase")
        assert_problem(api.post(f"/api/v1/customers/{w['cust']}/keys",
                                {"ssid": w["ssid"], "passphrase": w["passphrase"]}),
                       409, "duplicate_passphrase", "passphrase")
        assert_problem(api.post(f"/api/v1/keys/{w['key2']}/rotate",
                                {"passphrase": w["passphrase"]}),
                       409, "duplicate_passphrase", "passphrase")


VLAN_ENDPOINTS = ["POST /api/v1/plans", "PATCH /api/v1/plans/{plan}",
                  "POST /api/v1/customers/{cust}/keys", "PATCH /api/v1/keys/{key}"]


@pytest.mark.parametrize("endpoint", VLAN_ENDPOINTS)
@pytest.mark.parametrize("vlan", [0, 4095, -1, 65536, 2 ** 63, -2 ** 63 - 1, 10 ** 30])
def test_vlan_out_of_range(api, sql, w, endpoint, vlan):
    body = BODY[endpoint](w)
    body["vlan"] = vlan
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "out_of_range", "vlan")


@pytest.mark.parametrize("endpoint,member,value", [
    ("POST /api/v1/plans", "rate_down_kbps", 0), ("POST /api/v1/plans", "rate_up_kbps", 100000001),
    ("POST /api/v1/plans", "keys_per_customer", 17), ("POST /api/v1/plans", "keys_per_customer", -1),
    ("POST /api/v1/plans", "max_devices", 0), ("POST /api/v1/plans", "max_devices", 1001),
    ("PATCH /api/v1/keys/{key}", "max_devices", 0), ("PATCH /api/v1/keys/{key}", "rate_up_kbps", 0),
    ("POST /api/v1/customers/{cust}/keys", "network", 0),
    ("POST /api/v1/customers/{cust}/keys", "network", 4294967296),
    ("POST /api/v1/devices", "key", 0), ("POST /api/v1/devices", "key", -5),
    ("PATCH /api/v1/devices/{dev}", "key", 4294967296),
    ("POST /api/v1/nas", "coa_port", 0), ("PATCH /api/v1/nas/{nas}", "coa_port", 70000),
])
def test_numbers_out_of_range(api, sql, w, endpoint, member, value):
    body = BODY[endpoint](w)
    body[member] = value
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "out_of_range", member)


@pytest.mark.parametrize("endpoint", ["POST /api/v1/plans", "PATCH /api/v1/plans/{plan}"])
@pytest.mark.parametrize("rng,code", [
    ("0-10", "invalid_vlan_range"), ("10-4095", "invalid_vlan_range"),
    ("20-10", "invalid_vlan_range"), ("a-b", "invalid_vlan_range"),
    ("10-", "invalid_vlan_range"), ("10_20", "invalid_vlan_range"),
    ("1-2-3", "invalid_vlan_range"), ("10-20x", "invalid_vlan_range"),
    ("-10-20", "invalid_vlan_range"), ("4095-4096", "invalid_vlan_range"),
    ("5", "invalid_length"), ("10", "invalid_length"), ("1000-20000", "invalid_length"),
])
def test_bad_vlan_range(api, sql, w, endpoint, rng, code):
    body = BODY[endpoint](w)
    body["vlan_range"] = rng
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, code, "vlan_range")


SSID_ENDPOINTS = ["POST /api/v1/networks", "PATCH /api/v1/networks/{net}"]


@pytest.mark.parametrize("endpoint", SSID_ENDPOINTS + ["POST /api/v1/customers/{cust}/keys"])
@pytest.mark.parametrize("ssid", ["s" * 33, "\u20ac" * 11, "\U0001f600" * 8 + "x", ""],
                         ids=["33 bytes", "11 three-byte chars", "4-byte chars", "empty"])
def test_ssid_length(api, sql, w, endpoint, ssid):
    body = {"ssid": ssid}
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "invalid_length", "ssid")


@pytest.mark.parametrize("endpoint", SSID_ENDPOINTS)
@pytest.mark.parametrize("raw", [b"\xff", b"a\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                                 b"\xe2\x82", b"\x80abc", b"\xf8\x88\x80\x80\x80"],
                         ids=["ff", "fe", "overlong", "surrogate", "above 10FFFF", "truncated",
                              "continuation", "5 bytes"])
def test_ssid_invalid_utf8(api, sql, w, endpoint, raw):
    with unchanged(sql):
        r = send(api, endpoint, w, raw=b'{"ssid":"' + raw + b'"}')
        body = assert_problem(r, 422, field="ssid")
        assert body["code"] in ("invalid_value", "invalid_ssid"), body


@pytest.mark.parametrize("policy", ["allow", "REJECT", "accept"])
def test_bad_unknown_device_policy(api, sql, w, policy):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/networks", {"ssid": unique("n"),
                                                     "unknown_device_policy": policy}),
                       422, "invalid_policy", "unknown_device_policy")


@pytest.mark.parametrize("name", ["a/b", "semi;colon", "tab\tname", "caf\u00e9", "x" * 65, ""])
def test_bad_plan_names(api, sql, w, name):
    code = "invalid_length" if len(name.encode()) > 64 or not name else "invalid_name"
    with unchanged(sql):
        assert_problem(api.post("/api/v1/plans", {"name": name}), 422, code, "name")
        assert_problem(api.patch(f"/api/v1/plans/{w['plan']}", {"name": name}), 422, code, "name")


@pytest.mark.parametrize("scope", ["all", "team"])
def test_bad_key_scope(api, sql, w, scope):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/plans", {"name": unique("p"), "key_scope": scope}),
                       422, "invalid_key_scope", "key_scope")


# --- external ids ----------------------------------------------------------------

BAD_EXTERNAL_IDS = [("129 characters", "x" * 129), ("space", "a%20b"), ("plus", "a+b"),
                    ("non-ASCII", "caf%C3%A9"), ("angle", "a%3Cb"), ("quote", "a'b"),
                    ("percent", "a%25b"), ("hash", "a%23b"), ("comma", "a,b"),
                    ("255 characters", "y" * 255)]


@pytest.mark.parametrize("name,ext", BAD_EXTERNAL_IDS, ids=[n for n, _ in BAD_EXTERNAL_IDS])
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_bad_external_id(api, sql, w, name, ext, method):
    with unchanged(sql):
        assert_problem(api.request(method, f"/api/v1/customers/{ext}", body={"plan": w["plan"]}),
                       422, "invalid_external_id", "external_id")
        assert_problem(api.get(f"/api/v1/customers/{ext}"), 404, "not_found")


@pytest.mark.parametrize("ext", ["a%2Fb", "a/b", "x" * 256, "x" * 2000, ""])
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_external_id_that_is_no_path_segment(api, sql, w, ext, method):
    body = {"plan": w["plan"]} if method in ("PUT", "PATCH") else None
    with unchanged(sql):
        assert_problem(api.request(method, f"/api/v1/customers/{ext}", body=body), 404,
                       "not_found", None)


@pytest.mark.parametrize("value", ["", "x" * 129])
def test_bad_external_id_in_body(api, sql, w, value):
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{w['cust']}", {"external_id": value}),
                       422, "invalid_length", "external_id")


def test_external_id_mismatch(api, sql, w):
    with unchanged(sql):
        for method in ("PUT", "PATCH"):
            assert_problem(api.request(method, f"/api/v1/customers/{w['cust']}",
                                       body={"external_id": w["other"]}),
                           422, "external_id_mismatch", "external_id")


# --- times -----------------------------------------------------------------------

BAD_TIMES = ["2026-13-01T00:00:00Z", "2026-01-01 00:00:00", "2026-01-01", "2026-02-30T00:00:00Z",
             "2026-01-01T25:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
             "2026-01-01T00:00:00", "2026-01-01T00:00:00+2400", "2026-01-01T00:00:00+24:00",
             "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "yesterday",
             "1700000000", "2026-1-1T00:00:00Z", "2026-01-01T00:00:00ZZ", "+2026-01-01T00:00:00Z",
             "2023-02-29T00:00:00Z", "2026-01-01X00:00:00Z", "2026-01-01T00:00:00 Z"]


@pytest.mark.parametrize("endpoint", ["POST /api/v1/customers/{cust}/keys", "PATCH /api/v1/keys/{key}"])
@pytest.mark.parametrize("member", ["valid_from", "valid_until"])
@pytest.mark.parametrize("value", BAD_TIMES)
def test_bad_time(api, sql, w, endpoint, member, value):
    body = BODY[endpoint](w)
    body[member] = value
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "invalid_time", member)


@pytest.mark.parametrize("endpoint", ["POST /api/v1/customers/{cust}/keys", "PATCH /api/v1/keys/{key}"])
@pytest.mark.parametrize("value,code", [("", "invalid_length"), ("2" * 41, "invalid_length")])
def test_time_length(api, sql, w, endpoint, value, code):
    body = BODY[endpoint](w)
    body["valid_from"] = value
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, code, "valid_from")


@pytest.mark.parametrize("endpoint", ["POST /api/v1/customers/{cust}/keys", "PATCH /api/v1/keys/{key}"])
@pytest.mark.parametrize("start,end", [
    ("2026-06-01T00:00:00Z", "2026-05-31T23:59:59Z"),
    ("2026-06-01T00:00:00Z", "2026-06-01T00:00:00Z"),
    ("2026-06-01T00:00:00Z", "2026-06-01T01:00:00+02:00"),
])
def test_valid_until_before_valid_from(api, sql, w, endpoint, start, end):
    body = BODY[endpoint](w)
    body.update(valid_from=start, valid_until=end)
    with unchanged(sql):
        assert_problem(send(api, endpoint, w, body=body), 422, "invalid_validity", "valid_until")


def test_valid_until_before_the_stored_valid_from(api, sql, w):
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/keys/{w['key2']}",
                                 {"valid_until": "2029-01-01T00:00:00Z"}),
                       422, "invalid_validity", "valid_until")


# --- the route table: authentication, scopes, ids, methods --------------------------

ROUTE_RE = re.compile(r'\{\s*"([A-Z]+)",\s*"(/[^"]*)",\s*(\w+),\s*(AUTH_PUBLIC|[RWSA])\s*\}')


def routes():
    with open(ROUTES_C) as f:
        return ROUTE_RE.findall(f.read())


# What each {} stands for in a real request.
PARAM = {"/api/v1/plans/{}": "{plan}", "/api/v1/networks/{}": "{net}", "/api/v1/nas/{}": "{nas}",
         "/api/v1/customers/{}": "{cust}", "/api/v1/customers/{}/keys": "{cust}",
         "/api/v1/keys/{}": "{key}", "/api/v1/keys/{}/rotate": "{key}",
         "/api/v1/keys/{}/qr.png": "{key}", "/api/v1/keys/{}/qr.svg": "{key}",
         "/api/v1/devices/{}": "{dev}"}


def concrete(pattern):
    return pattern.replace("{}", PARAM.get(pattern, "{}"))


def request_for(method, pattern, w, **kw):
    """A request this route would accept from a full token."""
    path = concrete(pattern)
    endpoint = f"{method} {path}"
    body = BODY[endpoint](w) if endpoint in BODY else None
    if pattern == "/api/v1/decision":
        path += "?mac=" + w["mac"]
    return dict(method=method, path=fill(path, w), body=body, **kw)


AUTHENTICATED = [(m, p) for m, p, _, s in routes() if s != "AUTH_PUBLIC"]
READ = [(m, p) for m, p, _, s in routes() if s == "R"]
WRITE = [(m, p) for m, p, _, s in routes() if s == "W"]
SECRETS = [(m, p) for m, p, _, s in routes() if s == "S"]
ADMIN = [(m, p) for m, p, _, s in routes() if s == "A"]


@pytest.fixture(scope="module")
def revoked(stack):
    name = unique("revoked")
    tok = make_token(stack, "read,write,secrets", name)
    subprocess.run([os.path.join(stack["MPSK_BUILD"], "mpsk"), "-c", stack["MPSK_CONFIG"],
                    "token", "revoke", "--name", name], check=True, capture_output=True)
    return tok


def bad_auth(kind, token, revoked):
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return {
        "missing": ({}, "unauthorized"),
        "basic": ({"Authorization": "Basic dXNlcjpwYXNz"}, "unauthorized"),
        "bearer without token": ({"Authorization": "Bearer"}, "unauthorized"),
        "empty bearer": ({"Authorization": "Bearer "}, "invalid_token"),
        "malformed": ({"Authorization": "Bearer not-a-token"}, "invalid_token"),
        "unknown": ({"Authorization": "Bearer mpsk_" + "".join(random.choice(letters) for _ in range(16))
                     + "_" + "".join(random.choice(letters) for _ in range(40))}, "invalid_token"),
        "wrong secret": ({"Authorization": "Bearer " + token[:22] + "A" * 40}, "invalid_token"),
        "truncated": ({"Authorization": "Bearer " + token[:-1]}, "invalid_token"),
        "extended": ({"Authorization": "Bearer " + token + "x"}, "invalid_token"),
        "revoked": ({"Authorization": "Bearer " + revoked}, "invalid_token"),
    }[kind]


AUTH_KINDS = ["missing", "basic", "bearer without token", "empty bearer", "malformed", "unknown",
              "wrong secret", "truncated", "extended", "revoked"]


@pytest.mark.parametrize("method,pattern", AUTHENTICATED, ids=[f"{m} {p}" for m, p in AUTHENTICATED])
@pytest.mark.parametrize("kind", AUTH_KINDS)
def test_bad_token(api, sql, w, token, revoked, method, pattern, kind):
    headers, code = bad_auth(kind, token, revoked)
    rq = request_for(method, pattern, w, token="", headers=headers)
    with unchanged(sql):
        r = api.request(rq.pop("method"), rq.pop("path"), **rq)
        assert_problem(r, 401, code, None)
        assert r.headers.get("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.parametrize("method,pattern", WRITE, ids=[f"{m} {p}" for m, p in WRITE])
@pytest.mark.parametrize("who", ["read", "rs"])
def test_read_token_cannot_write(api, sql, w, tokens, method, pattern, who):
    rq = request_for(method, pattern, w, token=tokens[who])
    with unchanged(sql):
        r = api.request(rq.pop("method"), rq.pop("path"), **rq)
        body = assert_problem(r, 403, "insufficient_scope", None)
        assert "write" in body["detail"]


@pytest.mark.parametrize("method,pattern", ADMIN, ids=[f"{m} {p}" for m, p in ADMIN])
@pytest.mark.parametrize("who", ["read", "rw", "rws"])
def test_only_admin_changes_infrastructure(api, sql, w, tokens, method, pattern, who):
    """Plans, networks and NAS clients need admin: write, even with
    secrets, is refused and changes nothing (issue 7, 2.1)."""
    rq = request_for(method, pattern, w, token=tokens[who])
    with unchanged(sql):
        r = api.request(rq.pop("method"), rq.pop("path"), **rq)
        body = assert_problem(r, 403, "insufficient_scope", None)
        assert "admin" in body["detail"]


@pytest.mark.parametrize("method,pattern", ADMIN, ids=[f"{m} {p}" for m, p in ADMIN])
def test_admin_token_changes_infrastructure(api, w, tokens, method, pattern):
    """read,admin (no write) is enough for every infrastructure change."""
    if method == "DELETE":
        pytest.skip("would change the shared world (deletes: test_api_scopes.py)")
    rq = request_for(method, pattern, w, token=tokens["ra"])
    r = api.request(rq.pop("method"), rq.pop("path"), **rq)
    assert r.status in (200, 201), r


@pytest.mark.parametrize("method,pattern", READ + SECRETS, ids=[f"{m} {p}" for m, p in READ + SECRETS])
def test_write_token_cannot_read(api, sql, w, tokens, method, pattern):
    rq = request_for(method, pattern, w, token=tokens["write"])
    with unchanged(sql):
        r = api.request(rq.pop("method"), rq.pop("path"), **rq)
        assert_problem(r, 403, "insufficient_scope", None)


@pytest.mark.parametrize("method,pattern", SECRETS, ids=[f"{m} {p}" for m, p in SECRETS])
@pytest.mark.parametrize("who", ["read", "rw"])
def test_qr_without_secrets_scope(api, sql, w, tokens, method, pattern, who):
    rq = request_for(method, pattern, w, token=tokens[who])
    with unchanged(sql):
        r = api.request(rq.pop("method"), rq.pop("path"), **rq)
        body = assert_problem(r, 403, "insufficient_scope", None)
        assert "secrets" in body["detail"]
        assert w["passphrase"].encode() not in r.body


@pytest.mark.parametrize("method,pattern", AUTHENTICATED, ids=[f"{m} {p}" for m, p in AUTHENTICATED])
def test_full_token_is_accepted(api, w, method, pattern):
    """The counterpart of the tests above: the same requests with a full
    token are not refused for authentication or scope."""
    if method in ("DELETE",) or pattern.endswith("rotate"):
        pytest.skip("would change the shared world")
    rq = request_for(method, pattern, w)
    r = api.request(rq.pop("method"), rq.pop("path"), **rq)
    assert r.status in (200, 201), r


NUMERIC = ["/api/v1/networks/{}", "/api/v1/nas/{}", "/api/v1/keys/{}", "/api/v1/keys/{}/rotate",
           "/api/v1/keys/{}/qr.png", "/api/v1/keys/{}/qr.svg", "/api/v1/devices/{}"]
BAD_IDS = ["4294967295", "4294967296", "0", "-1", "abc", "1.0", "01", "1e3", "%201",
           "99999999999999999999999"]
ID_ROUTES = [(m, p) for m, p, _, _ in routes() if p in NUMERIC]


@pytest.mark.parametrize("method,pattern", ID_ROUTES, ids=[f"{m} {p}" for m, p in ID_ROUTES])
@pytest.mark.parametrize("bad", BAD_IDS)
def test_unknown_numeric_id(api, sql, w, method, pattern, bad):
    rq = request_for(method, pattern, w)
    path = pattern.replace("{}", bad)
    with unchanged(sql):
        assert_problem(api.request(method, path, body=rq["body"]), 404, "not_found", None)


NAMED = [(m, p) for m, p, _, _ in routes()
         if p in ("/api/v1/plans/{}", "/api/v1/customers/{}", "/api/v1/customers/{}/keys")
         and m != "PUT"]


@pytest.mark.parametrize("method,pattern", NAMED, ids=[f"{m} {p}" for m, p in NAMED])
def test_unknown_name(api, sql, w, method, pattern):
    rq = request_for(method, pattern, w)
    path = pattern.replace("{}", unique("nothing"))
    with unchanged(sql):
        assert_problem(api.request(method, path, body=rq["body"]), 404, "not_found", None)


def _patterns():
    table = {}
    for m, p, _, _ in routes():
        table.setdefault(p, set()).add(m)
    return table


WRONG_METHODS = [(m, p) for p, ms in _patterns().items()
                 for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m not in ms]


@pytest.mark.parametrize("method,pattern", WRONG_METHODS, ids=[f"{m} {p}" for m, p in WRONG_METHODS])
def test_wrong_method(api, sql, w, method, pattern):
    path = fill(concrete(pattern), w)
    body = {"name": unique("x")} if method in ("POST", "PUT", "PATCH") else None
    with unchanged(sql):
        assert_problem(api.request(method, path, body=body), 405, "method_not_allowed", None)
        # Not even with no token: the method is wrong whoever asks.
        assert_problem(api.request(method, path, body=body, token=""), 405, "method_not_allowed")


@pytest.mark.parametrize("pattern", sorted(_patterns()))
def test_405_lists_the_allowed_methods(api, w, pattern):
    """RFC 9110 15.5.6: a 405 carries Allow with the path's methods."""
    wrong = next(m for m in ("PUT", "POST", "DELETE", "PATCH", "GET")
                 if m not in _patterns()[pattern])
    r = api.request(wrong, fill(concrete(pattern), w), body={} if wrong != "GET" else None)
    assert r.status == 405, r
    assert set(re.split(r",\s*", r.headers.get("Allow", ""))) == _patterns()[pattern]


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/", "/api/v1/nothing", "/api/v2/plans",
                                  "/api/v1/plans/", "/api/v1//plans", "/api/v1/keys/1/qr.gif",
                                  "/api/v1/keys/1/rotate/now", "/api", "/api/v1/PLANS"])
def test_unknown_path(api, sql, path):
    with unchanged(sql):
        assert_problem(api.get(path), 404, "not_found", None)


# --- invalid UTF-8 where it is not checked -----------------------------------------

UTF8_MEMBERS = [
    ("PUT /api/v1/customers/{newcust}", "name"), ("PUT /api/v1/customers/{cust}", "name"),
    ("PATCH /api/v1/customers/{cust}", "email"), ("PATCH /api/v1/networks/{net}", "site"),
    ("POST /api/v1/nas", "name"), ("POST /api/v1/customers/{cust}/keys", "label"),
    ("PATCH /api/v1/keys/{key}", "label"), ("POST /api/v1/devices", "name"),
    ("PATCH /api/v1/devices/{dev}", "name"),
]


@pytest.mark.parametrize("endpoint,member", UTF8_MEMBERS, ids=[f"{e} {m}" for e, m in UTF8_MEMBERS])
def test_invalid_utf8_in_text_members(api, sql, w, endpoint, member):
    body = BODY[endpoint](w)
    body[member] = "ZZZ" + ("@example.org" if member == "email" else "")
    raw = json.dumps(body).encode().replace(b"ZZZ", b"a\xff\xfeb")
    with unchanged(sql):
        r = send(api, endpoint, w, raw=raw)
        assert_problem(r, 422, "invalid_value", member)
        r.body.decode("utf-8")


@pytest.mark.parametrize("path", ["/api/v1/customers/%FF", "/api/v1/plans/%C3%28",
                                  "/api/v1/customers/%FE/keys", "/api/v1/keys/%FF",
                                  "/api/v1/customers/%ED%A0%80"])
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "POST"])
def test_problem_bodies_are_utf8(api, api_fcgi, sql, path, method):
    """Path bytes that are not UTF-8 are never echoed into a problem."""
    body = {"plan": "x"} if method in ("PUT", "PATCH", "POST") else None
    for client in (api, api_fcgi):
        with unchanged(sql):
            r = client.request(method, path, body=body)
        r.body.decode("utf-8")
        assert_4xx_problem(r)


@pytest.mark.parametrize("raw", [b"{'name':\"%s\"}", b"{\"name\":'%s'}", b"{'name':'%s'}"])
def test_single_quotes_are_malformed(api, sql, raw):
    with unchanged(sql):
        r = api.post("/api/v1/plans", raw=raw.replace(b"%s", unique("sq").encode()))
        assert_problem(r, 400, "malformed_json", None)


@pytest.mark.parametrize("suffix", ["%00junk", "%00", "%zz", "%4", "%"])
@pytest.mark.parametrize("method", ["GET", "DELETE", "PATCH"])
def test_malformed_escapes_in_the_path(api, sql, w, suffix, method):
    """/customers/X%00junk must not act on customer X."""
    body = {"status": "suspended"} if method == "PATCH" else None
    with unchanged(sql):
        r = api.request(method, f"/api/v1/customers/{w['other']}{suffix}", body=body)
        assert_problem(r, 400, "malformed_uri", None)
    assert api.get(f"/api/v1/customers/{w['other']}").json["status"] == "active"


@pytest.mark.parametrize("suffix", ["%00junk", "%zz"])
def test_malformed_escapes_through_nginx(api_fcgi, sql, w, suffix):
    with unchanged(sql):
        r = api_fcgi.delete(f"/api/v1/customers/{w['other']}{suffix}")
        assert_problem(r, 400)
