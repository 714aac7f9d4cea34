# SPDX-License-Identifier: GPL-2.0-or-later
"""Wi-Fi keys: create, list, get, PATCH, rotate, delete, QR codes."""
import json
import os
import xml.etree.ElementTree as ET

import pytest

from conftest import unique
from test_api_support import (READABLE, assert_problem, audit_rows, drop_network,
                              keyless_plan,
                              make_customer, make_device, make_key, make_network,
                              network, pmk_hex, random_passphrase, stored_pmk,
                              token_name, tokens, unchanged, wifi_escape, zbar)


@pytest.fixture
def cust(api, keyless_plan):
    return make_customer(api, keyless_plan)["external_id"]


def test_generated_passphrase(api, sql, network, cust):
    r = api.post(f"/api/v1/customers/{cust}/keys", {"network": network["id"]})
    assert r.status == 201, r
    k = r.json
    assert k["customer"] == cust and k["network"] == network["id"]
    assert k["ssid"] == network["ssid"]
    assert k["status"] == "active" and k["kind"] == "normal" and k["label"] == ""
    for m in ("valid_from", "valid_until", "vlan", "rate_down_kbps", "rate_up_kbps",
              "max_devices", "device"):
        assert k[m] is None, m
    assert k["devices"] == 0
    assert len(k["passphrase"]) == 12
    assert stored_pmk(sql, k["id"]) == pmk_hex(k["passphrase"], network["ssid"])
    assert sql.value(f"SELECT passphrase FROM wifi_keys WHERE id = {k['id']}") == k["passphrase"]


def test_generated_passphrases_are_readable_and_distinct(api, network, cust):
    seen = set()
    for _ in range(25):
        p = make_key(api, cust, network["id"])["passphrase"]
        assert len(p) == 12 and set(p) <= set(READABLE), p
        assert not set(p) & set("0O1lI"), p
        seen.add(p)
    assert len(seen) == 25
    # 25 x 12 characters drawn from 56: most of the alphabet shows up.
    assert len(set("".join(seen))) > 40


GIVEN = {
    "8 characters": lambda: random_passphrase(8),
    "63 characters": lambda: random_passphrase(63),
    "spaces": lambda: " sp " + random_passphrase(10) + " ",
    "symbols": lambda: "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./" + random_passphrase(6),
    "64 hex digits": lambda: os.urandom(32).hex().upper(),
}


@pytest.mark.parametrize("kind", list(GIVEN))
def test_given_passphrase(api, sql, network, cust, kind):
    passphrase = GIVEN[kind]()
    r = api.post(f"/api/v1/customers/{cust}/keys",
                 {"network": network["id"], "passphrase": passphrase})
    assert r.status == 201, r
    assert r.json["passphrase"] == passphrase
    stored = sql.value(f"SELECT HEX(passphrase) FROM wifi_keys WHERE id = {r.json['id']}")
    assert bytes.fromhex(stored).decode() == passphrase
    assert stored_pmk(sql, r.json["id"]) == pmk_hex(passphrase, network["ssid"])


def test_hex_passphrase_is_the_pmk(api, sql, network, cust):
    pmk = os.urandom(32).hex()
    k = make_key(api, cust, network["id"], passphrase=pmk)
    assert k["passphrase"] == pmk
    assert stored_pmk(sql, k["id"]) == pmk.upper()


def test_network_by_ssid(api, network, cust):
    r = api.post(f"/api/v1/customers/{cust}/keys", {"ssid": network["ssid"]})
    assert r.status == 201 and r.json["network"] == network["id"]


def test_create_with_all_members(api, network, cust):
    r = api.post(f"/api/v1/customers/{cust}/keys", {
        "network": network["id"], "label": "Guest room", "kind": "guest",
        "valid_from": "2026-01-01T00:00:00+01:00", "valid_until": "2099-12-31T23:59:59Z",
        "vlan": 4094, "rate_down_kbps": 100000000, "rate_up_kbps": 1, "max_devices": 1000})
    assert r.status == 201, r
    k = r.json
    assert (k["label"], k["kind"]) == ("Guest room", "guest")
    assert k["valid_from"] == "2025-12-31T23:00:00Z"  # stored in UTC
    assert k["valid_until"] == "2099-12-31T23:59:59Z"
    assert (k["vlan"], k["rate_down_kbps"], k["rate_up_kbps"], k["max_devices"]) == \
        (4094, 100000000, 1, 1000)


def test_same_passphrase_on_two_networks(api, sql, network, cust):
    other = make_network(api)
    p = random_passphrase()
    a = make_key(api, cust, network["id"], passphrase=p)
    b = make_key(api, cust, other["id"], passphrase=p)
    assert stored_pmk(sql, a["id"]) == pmk_hex(p, network["ssid"])
    assert stored_pmk(sql, b["id"]) == pmk_hex(p, other["ssid"])
    assert stored_pmk(sql, a["id"]) != stored_pmk(sql, b["id"])
    # ... but only once per network, whoever holds it.
    with unchanged(sql):
        assert_problem(api.post(f"/api/v1/customers/{cust}/keys",
                                {"network": network["id"], "passphrase": p}),
                       409, "duplicate_passphrase", "passphrase")
    api.delete(f"/api/v1/keys/{b['id']}")
    api.delete(f"/api/v1/networks/{other['id']}")


def test_several_networks_need_a_choice(api, sql, network, cust):
    extra = make_network(api) if len(api.get("/api/v1/networks").json) < 2 else None
    with unchanged(sql):
        assert_problem(api.post(f"/api/v1/customers/{cust}/keys", {}), 422,
                       "missing_field", "network")
        assert_problem(api.post(f"/api/v1/customers/{cust}/keys", {"network": 4294967295}),
                       422, "unknown_network", "network")
        assert_problem(api.post(f"/api/v1/customers/{cust}/keys", {"ssid": unique("none")}),
                       422, "unknown_network", "network")
    if extra:
        drop_network(api, extra["id"])


def test_create_for_unknown_customer(api, sql, network):
    with unchanged(sql):
        assert_problem(api.post(f"/api/v1/customers/{unique('nobody')}/keys",
                                {"network": network["id"]}), 404, "not_found", None)
    assert_problem(api.get(f"/api/v1/customers/{unique('nobody')}/keys"), 404, "not_found")


def test_new_key_is_active(api, sql, network, cust):
    with unchanged(sql):
        assert_problem(api.post(f"/api/v1/customers/{cust}/keys",
                                {"network": network["id"], "status": "disabled"}),
                       422, "unknown_field", "status")
        assert_problem(api.post(f"/api/v1/customers/{cust}/keys",
                                {"network": network["id"], "kind": "vip"}),
                       422, "invalid_kind", "kind")


# --- who sees the passphrase -------------------------------------------------

def test_passphrase_only_with_secrets_scope(api, network, cust, tokens):
    k = make_key(api, cust, network["id"])
    secret = k["passphrase"].encode()
    for name in ("read", "rw"):
        r = api.get(f"/api/v1/keys/{k['id']}", token=tokens[name])
        assert r.status == 200 and "passphrase" not in r.json and secret not in r.body
        r = api.get(f"/api/v1/customers/{cust}/keys", token=tokens[name])
        assert r.status == 200 and secret not in r.body
        assert all("passphrase" not in x for x in r.json)
    r = api.get(f"/api/v1/keys/{k['id']}", token=tokens["rs"])
    assert r.json["passphrase"] == k["passphrase"]
    assert [x["passphrase"] for x in api.get(f"/api/v1/customers/{cust}/keys",
                                              token=tokens["rs"]).json] == [k["passphrase"]]
    # Writers without the secrets scope get no passphrase back either.
    r = api.post(f"/api/v1/customers/{cust}/keys", {"network": network["id"]}, token=tokens["rw"])
    assert r.status == 201 and "passphrase" not in r.json
    r = api.post(f"/api/v1/keys/{k['id']}/rotate", token=tokens["rw"])
    assert r.status == 200 and "passphrase" not in r.json
    r = api.patch(f"/api/v1/keys/{k['id']}", {"label": "x"}, token=tokens["write"])
    assert r.status == 200 and "passphrase" not in r.json


def test_list_keys(api, network, cust):
    a = make_key(api, cust, network["id"], label="one")
    b = make_key(api, cust, network["id"], label="two")
    r = api.get(f"/api/v1/customers/{cust}/keys")
    assert r.status == 200
    assert [(k["id"], k["label"]) for k in r.json] == [(a["id"], "one"), (b["id"], "two")]


def test_get_key(api, network, cust):
    k = make_key(api, cust, network["id"])
    r = api.get(f"/api/v1/keys/{k['id']}")
    assert r.status == 200 and r.json == k


# --- PATCH ---------------------------------------------------------------------

def test_patch_status_validity_overrides(api, sql, token, network, cust):
    k = make_key(api, cust, network["id"])
    r = api.patch(f"/api/v1/keys/{k['id']}", {
        "status": "disabled", "label": "Kids", "valid_from": "2030-01-01T00:00:00Z",
        "valid_until": "2030-06-01T12:00:00-02:00", "vlan": 33, "rate_down_kbps": 2000,
        "rate_up_kbps": 500, "max_devices": 2})
    assert r.status == 200, r
    p = r.json
    assert (p["status"], p["label"], p["vlan"], p["rate_down_kbps"], p["rate_up_kbps"],
            p["max_devices"]) == ("disabled", "Kids", 33, 2000, 500, 2)
    assert (p["valid_from"], p["valid_until"]) == ("2030-01-01T00:00:00Z", "2030-06-01T14:00:00Z")
    assert p["passphrase"] == k["passphrase"]

    # Only the members given change; null clears an override.
    r = api.patch(f"/api/v1/keys/{k['id']}", {"vlan": None, "valid_from": None,
                                             "status": "active", "label": None})
    p = r.json
    assert r.status == 200 and p["vlan"] is None and p["valid_from"] is None
    assert p["status"] == "active" and p["label"] == "" and p["rate_down_kbps"] == 2000
    assert p["valid_until"] == "2030-06-01T14:00:00Z"

    r = api.patch(f"/api/v1/keys/{k['id']}", {"status": "revoked"})
    assert r.status == 200 and r.json["status"] == "revoked"

    actor = "token:" + token_name(sql, token)
    rows = audit_rows(sql, "key", k["id"])
    assert [(a, act) for a, act, _ in rows] == [(actor, "key.create")] + [(actor, "key.update")] * 3
    assert json.loads(rows[1][2])["vlan"] == 33
    for _, _, detail in rows:
        assert k["passphrase"] not in detail


def test_patch_validity_against_stored_value(api, sql, network, cust):
    k = make_key(api, cust, network["id"], valid_from="2030-01-01T00:00:00Z")
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/keys/{k['id']}",
                                 {"valid_until": "2029-12-31T23:59:59Z"}),
                       422, "invalid_validity", "valid_until")
        assert_problem(api.patch(f"/api/v1/keys/{k['id']}",
                                 {"valid_until": "2030-01-01T00:00:00Z"}),
                       422, "invalid_validity", "valid_until")
    r = api.patch(f"/api/v1/keys/{k['id']}", {"valid_until": "2030-01-01T00:00:01Z"})
    assert r.status == 200 and r.json["valid_until"] == "2030-01-01T00:00:01Z"
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/keys/{k['id']}",
                                 {"valid_from": "2031-01-01T00:00:00Z"}),
                       422, "invalid_validity", "valid_until")


def test_patch_cannot_change_passphrase_network_or_kind(api, sql, network, cust):
    k = make_key(api, cust, network["id"])
    with unchanged(sql):
        for member, value in (("passphrase", "a new passphrase"), ("network", network["id"]),
                              ("kind", "guest"), ("ssid", network["ssid"])):
            assert_problem(api.patch(f"/api/v1/keys/{k['id']}", {member: value}), 422,
                           "unknown_field", member)
        assert_problem(api.patch(f"/api/v1/keys/{k['id']}", {"status": "deleted"}), 422,
                       "invalid_status", "status")


def test_patch_unknown_key(api, sql):
    with unchanged(sql):
        assert_problem(api.patch("/api/v1/keys/4294967295", {"status": "disabled"}), 404,
                       "not_found", None)


# --- rotate --------------------------------------------------------------------

def test_rotate_generates_a_new_passphrase(api, sql, token, network, cust):
    k = make_key(api, cust, network["id"])
    old_pmk = stored_pmk(sql, k["id"])
    r = api.post(f"/api/v1/keys/{k['id']}/rotate")
    assert r.status == 200, r
    new = r.json["passphrase"]
    assert new != k["passphrase"] and len(new) == 12 and set(new) <= set(READABLE)
    assert r.json["id"] == k["id"] and r.json["status"] == "active"
    assert stored_pmk(sql, k["id"]) == pmk_hex(new, network["ssid"]) != old_pmk
    # The old passphrase is gone from the network.
    assert sql.value(f"SELECT COUNT(*) FROM wifi_keys WHERE network_id = {network['id']}"
                     f" AND passphrase = '{k['passphrase']}'") == "0"
    assert api.get(f"/api/v1/keys/{k['id']}").json["passphrase"] == new
    actor = "token:" + token_name(sql, token)
    rows = audit_rows(sql, "key", k["id"])
    assert rows[-1][:2] == (actor, "key.rotate")
    for _, _, detail in rows:
        assert k["passphrase"] not in detail and new not in detail


def test_rotate_to_a_given_passphrase(api, sql, network, cust):
    k = make_key(api, cust, network["id"])
    new = random_passphrase(30)
    r = api.post(f"/api/v1/keys/{k['id']}/rotate", {"passphrase": new})
    assert r.status == 200 and r.json["passphrase"] == new
    assert stored_pmk(sql, k["id"]) == pmk_hex(new, network["ssid"])
    # An empty application/json body also means "generate one".
    r = api.post(f"/api/v1/keys/{k['id']}/rotate", raw=b"")
    assert r.status == 200 and r.json["passphrase"] not in (new, k["passphrase"])


def test_rotate_to_a_duplicate(api, sql, network, cust):
    a = make_key(api, cust, network["id"])
    b = make_key(api, cust, network["id"])
    with unchanged(sql):
        assert_problem(api.post(f"/api/v1/keys/{b['id']}/rotate",
                                {"passphrase": a["passphrase"]}),
                       409, "duplicate_passphrase", "passphrase")


def test_rotate_unknown_key(api, sql):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/keys/4294967295/rotate"), 404, "not_found", None)


# --- delete --------------------------------------------------------------------

def test_delete_key(api, sql, token, network, cust):
    k = make_key(api, cust, network["id"])
    dev = make_device(api, cust, k["id"])
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/keys/{k['id']}"), 409, "key_in_use", None)
    assert api.get(f"/api/v1/keys/{k['id']}").json["devices"] == 1
    assert api.delete(f"/api/v1/devices/{dev['id']}").status == 204
    r = api.delete(f"/api/v1/keys/{k['id']}")
    assert r.status == 204 and r.body == b""
    assert_problem(api.get(f"/api/v1/keys/{k['id']}"), 404, "not_found")
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/keys/{k['id']}"), 404, "not_found")
    actor = "token:" + token_name(sql, token)
    assert audit_rows(sql, "key", k["id"])[-1][:2] == (actor, "key.delete")


# --- QR codes ------------------------------------------------------------------

def test_qr_png_decodes_to_the_wifi_string(api, network, cust):
    k = make_key(api, cust, network["id"])
    r = api.get(f"/api/v1/keys/{k['id']}/qr.png")
    assert r.status == 200 and r.headers["Content-Type"] == "image/png"
    assert r.body.startswith(b"\x89PNG\r\n\x1a\n")
    assert zbar(r.body) == f"WIFI:T:WPA;S:{wifi_escape(network['ssid'])};P:{k['passphrase']};;"


def test_qr_escapes_special_characters(api, keyless_plan):
    ssid = 'a\\b;c,d:e"f' + unique("")[-6:]
    net = make_network(api, ssid=ssid)
    cust = make_customer(api, keyless_plan)["external_id"]
    passphrase = 'p\\q;r,s:t"u ' + unique("")[-6:]
    k = make_key(api, cust, net["id"], passphrase=passphrase)
    text = zbar(api.get(f"/api/v1/keys/{k['id']}/qr.png").body)
    assert text == ('WIFI:T:WPA;S:a\\\\b\\;c\\,d\\:e\\"f' + ssid[11:] +
                    ';P:p\\\\q\\;r\\,s\\:t\\"u ' + passphrase[12:] + ";;")
    assert text == f"WIFI:T:WPA;S:{wifi_escape(ssid)};P:{wifi_escape(passphrase)};;"
    svg = api.get(f"/api/v1/keys/{k['id']}/qr.svg")
    assert svg.status == 200
    ET.fromstring(svg.body)
    # The passphrase never appears as text in the images.
    assert passphrase.encode() not in svg.body
    drop_network(api, net["id"], keys=[k["id"]])


def test_qr_svg_is_valid_xml(api, network, cust):
    k = make_key(api, cust, network["id"])
    r = api.get(f"/api/v1/keys/{k['id']}/qr.svg")
    assert r.status == 200 and r.headers["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(r.body)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox")
    assert k["passphrase"].encode() not in r.body


def test_qr_of_a_raw_pmk_key(api, network, cust):
    pmk = os.urandom(32).hex()
    k = make_key(api, cust, network["id"], passphrase=pmk)
    text = zbar(api.get(f"/api/v1/keys/{k['id']}/qr.png").body)
    assert text == f"WIFI:T:WPA;S:{wifi_escape(network['ssid'])};P:{pmk};;"


def test_qr_needs_the_secrets_scope(api, sql, network, cust, tokens):
    k = make_key(api, cust, network["id"])
    for name in ("read", "rw", "write"):
        for fmt in ("png", "svg"):
            with unchanged(sql):
                r = api.get(f"/api/v1/keys/{k['id']}/qr.{fmt}", token=tokens[name])
                assert_problem(r, 403, "insufficient_scope", None)
                assert k["passphrase"].encode() not in r.body
    for fmt in ("png", "svg"):
        assert api.get(f"/api/v1/keys/{k['id']}/qr.{fmt}", token=tokens["rs"]).status == 200


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("key", ["4294967295", "0", "abc", "-1"])
def test_qr_of_unknown_key(api, fmt, key):
    assert_problem(api.get(f"/api/v1/keys/{key}/qr.{fmt}"), 404, "not_found", None)


# --- generation settings ---------------------------------------------------------

@pytest.fixture
def configured_server(stack, token):
    """A second `mpsk serve` on the same database with other passphrase
    settings (embedded HTTP only), stopped after the test."""
    import socket
    import subprocess
    import tempfile
    import time
    import urllib.request
    from conftest import Api
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with open(stack["MPSK_CONFIG"]) as f:
        conf = f.read()
    conf += (f"\nhttp_port = {port}\nfcgi_socket =\npassphrase_length = 20\n"
             "passphrase_alphabet = ABCDEFGH23456789\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mpsk.conf")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(conf)
        log = open(os.path.join(tmp, "mpsk.log"), "w")
        proc = subprocess.Popen([os.path.join(stack["MPSK_BUILD"], "mpsk"), "-c", path, "serve"],
                                stdout=log, stderr=log)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            yield Api(f"http://127.0.0.1:{port}", token)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            log.close()


def test_passphrase_length_and_alphabet_are_configurable(configured_server, sql, network,
                                                         keyless_plan):
    api = configured_server
    cust = make_customer(api, keyless_plan)["external_id"]
    for _ in range(5):
        k = make_key(api, cust, network["id"])
        assert len(k["passphrase"]) == 20 and set(k["passphrase"]) <= set("ABCDEFGH23456789")
        assert stored_pmk(sql, k["id"]) == pmk_hex(k["passphrase"], network["ssid"])
    k = api.post(f"/api/v1/keys/{k['id']}/rotate").json
    assert len(k["passphrase"]) == 20 and set(k["passphrase"]) <= set("ABCDEFGH23456789")
