# SPDX-License-Identifier: GPL-2.0-or-later
"""Plans, networks and NAS clients: full CRUD through /api/v1."""
import json
import urllib.parse

import pytest

from conftest import unique
from test_api_support import (assert_problem, audit_rows, drop_network, keyless_plan,
                              make_customer, make_key, make_network, make_plan,
                              pmk_hex, random_v4_cidr, random_v6_cidr, stored_pmk,
                              token_name, unchanged)


# --- plans -----------------------------------------------------------------

def test_plan_create_defaults(api):
    name = unique("plan")
    r = api.post("/api/v1/plans", {"name": name})
    assert r.status == 201, r
    assert r.headers["Content-Type"].startswith("application/json")
    p = r.json
    assert p["name"] == name
    assert p["vlan"] is None and p["vlan_range"] is None
    assert p["rate_down_kbps"] is None and p["rate_up_kbps"] is None
    assert p["keys_per_customer"] == 1
    assert p["key_scope"] == "customer"
    assert p["max_devices"] is None
    assert p["guest_keys_max"] == 3 and p["guest_days_max"] == 30
    assert p["created_at"].endswith("Z") and p["updated_at"].endswith("Z")


def test_plan_guest_limits(api, sql):
    """What tenants may hand out to guests is part of the plan."""
    name = unique("plan")
    r = api.post("/api/v1/plans", {"name": name, "guest_keys_max": 0, "guest_days_max": 7})
    assert r.status == 201 and r.json["guest_keys_max"] == 0 and r.json["guest_days_max"] == 7
    r = api.patch(f"/api/v1/plans/{name}", {"guest_keys_max": 10})
    assert r.status == 200 and r.json["guest_keys_max"] == 10 and r.json["guest_days_max"] == 7
    for body in ({"guest_keys_max": 101}, {"guest_days_max": 0}, {"guest_keys_max": None}):
        with unchanged(sql):
            assert api.patch(f"/api/v1/plans/{name}", body).status == 422


def test_plan_crud(api, sql, token):
    name = unique("plan")
    body = {"name": name, "vlan": 20, "rate_down_kbps": 50000, "rate_up_kbps": 10000,
            "keys_per_customer": 3, "key_scope": "device", "max_devices": 7}
    r = api.post("/api/v1/plans", body)
    assert r.status == 201, r
    for k, v in body.items():
        assert r.json[k] == v, k

    r = api.get(f"/api/v1/plans/{name}")
    assert r.status == 200 and r.json["vlan"] == 20
    assert name in [p["name"] for p in api.get("/api/v1/plans").json]

    r = api.patch(f"/api/v1/plans/{name}", {"vlan": None, "vlan_range": "200-299",
                                            "max_devices": None, "key_scope": "customer"})
    assert r.status == 200, r
    assert r.json["vlan"] is None and r.json["vlan_range"] == "200-299"
    assert r.json["max_devices"] is None and r.json["key_scope"] == "customer"
    assert r.json["rate_down_kbps"] == 50000  # untouched members stay

    renamed = unique("plan")
    r = api.patch(f"/api/v1/plans/{name}", {"name": renamed})
    assert r.status == 200 and r.json["name"] == renamed
    assert_problem(api.get(f"/api/v1/plans/{name}"), 404, "not_found")
    assert api.get(f"/api/v1/plans/{renamed}").json["vlan_range"] == "200-299"

    r = api.delete(f"/api/v1/plans/{renamed}")
    assert r.status == 204 and r.body == b""
    assert_problem(api.get(f"/api/v1/plans/{renamed}"), 404, "not_found")
    assert_problem(api.delete(f"/api/v1/plans/{renamed}"), 404, "not_found")

    actor = "token:" + token_name(sql, token)
    rows = audit_rows(sql, "plan", name)
    assert [(a, act) for a, act, _ in rows] == [(actor, "plan.create"), (actor, "plan.update")]
    assert json.loads(rows[0][2]) == body
    # The rename is recorded under the new name.
    assert [(a, act) for a, act, _ in audit_rows(sql, "plan", renamed)][0] == (actor, "plan.update")


def test_plan_delete_is_audited_under_its_name(api, sql):
    name = make_plan(api)["name"]
    assert api.delete(f"/api/v1/plans/{name}").status == 204
    assert [act for _, act, _ in audit_rows(sql, "plan", name)] == ["plan.create", "plan.delete"]


def test_plan_name_with_spaces_in_the_path(api):
    name = unique("Plan Gold")
    make_plan(api, name=name)
    path = "/api/v1/plans/" + urllib.parse.quote(name)
    r = api.get(path)
    assert r.status == 200 and r.json["name"] == name
    assert api.patch(path, {"rate_up_kbps": 1}).status == 200
    assert api.delete(path).status == 204


def test_plan_duplicate_name(api, sql):
    name = make_plan(api)["name"]
    with unchanged(sql):
        assert_problem(api.post("/api/v1/plans", {"name": name}), 409, "duplicate_name", "name")
    other = make_plan(api)["name"]
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/plans/{other}", {"name": name}), 409,
                       "duplicate_name", "name")


def test_plan_vlan_and_range_conflict(api, sql):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/plans", {"name": unique("p"), "vlan": 5,
                                                  "vlan_range": "10-20"}),
                       422, "conflicting_vlan", "vlan_range")
    name = make_plan(api, vlan_range="10-20")["name"]
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/plans/{name}", {"vlan": 5}), 422,
                       "conflicting_vlan", "vlan_range")
    r = api.patch(f"/api/v1/plans/{name}", {"vlan": 5, "vlan_range": None})
    assert r.status == 200 and r.json["vlan"] == 5 and r.json["vlan_range"] is None


@pytest.mark.parametrize("rng", ["1-4094", "4094-4094", "1-1", "100-199"])
def test_plan_vlan_range_bounds_accepted(api, rng):
    assert make_plan(api, vlan_range=rng)["vlan_range"] == rng


def test_plan_in_use_cannot_be_deleted(api, sql):
    name = make_plan(api, keys_per_customer=0)["name"]
    make_customer(api, name)
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/plans/{name}"), 409, "plan_in_use", None)
    assert api.get(f"/api/v1/plans/{name}").status == 200


# --- networks --------------------------------------------------------------

def test_network_crud(api, sql, token):
    ssid = unique("wifi")
    r = api.post("/api/v1/networks", {"ssid": ssid, "site": "Block A"})
    assert r.status == 201, r
    n = r.json
    assert n["ssid"] == ssid and n["site"] == "Block A"
    assert n["unknown_device_policy"] == "reject"
    assert isinstance(n["id"], int) and n["id"] > 0

    assert api.get(f"/api/v1/networks/{n['id']}").json == n
    assert n["id"] in [x["id"] for x in api.get("/api/v1/networks").json]

    r = api.patch(f"/api/v1/networks/{n['id']}", {"site": None})
    assert r.status == 200 and r.json["site"] is None and r.json["ssid"] == ssid
    r = api.patch(f"/api/v1/networks/{n['id']}", {"unknown_device_policy": "reject"})
    assert r.status == 200

    r = api.delete(f"/api/v1/networks/{n['id']}")
    assert r.status == 204, r
    assert_problem(api.get(f"/api/v1/networks/{n['id']}"), 404, "not_found")
    assert_problem(api.delete(f"/api/v1/networks/{n['id']}"), 404, "not_found")

    actor = "token:" + token_name(sql, token)
    actions = [(a, act) for a, act, _ in audit_rows(sql, "network", n["id"])]
    assert actions[0] == (actor, "network.create")
    assert (actor, "network.update") in actions and actions[-1] == (actor, "network.delete")


def test_network_utf8_ssid_of_32_bytes(api):
    ssid = "\u20ac" * 10 + unique("")[-2:]  # 30 + 2 bytes
    assert len(ssid.encode()) == 32
    r = api.post("/api/v1/networks", {"ssid": ssid})
    assert r.status == 201, r
    assert r.json["ssid"] == ssid
    assert api.delete(f"/api/v1/networks/{r.json['id']}").status == 204


def test_network_duplicate_ssid(api, sql):
    a = make_network(api)
    b = make_network(api)
    with unchanged(sql):
        assert_problem(api.post("/api/v1/networks", {"ssid": a["ssid"]}), 409,
                       "duplicate_ssid", "ssid")
        assert_problem(api.patch(f"/api/v1/networks/{b['id']}", {"ssid": a["ssid"]}),
                       409, "duplicate_ssid", "ssid")
    for n in (a, b):
        api.delete(f"/api/v1/networks/{n['id']}")


def test_network_rename_rederives_every_pmk(api, sql, keyless_plan):
    net = make_network(api)
    ext = make_customer(api, keyless_plan)["external_id"]
    keys = [make_key(api, ext, net["id"]), make_key(api, ext, net["id"], passphrase="rename me please")]
    hexkey = make_key(api, ext, net["id"], passphrase="ab" * 32)
    for k in keys:
        assert stored_pmk(sql, k["id"]) == pmk_hex(k["passphrase"], net["ssid"])
    new = unique("renamed")
    r = api.patch(f"/api/v1/networks/{net['id']}", {"ssid": new})
    assert r.status == 200 and r.json["ssid"] == new
    for k in keys:
        assert stored_pmk(sql, k["id"]) == pmk_hex(k["passphrase"], new)
        assert api.get(f"/api/v1/keys/{k['id']}").json["ssid"] == new
    # A raw-PMK key does not depend on the SSID.
    assert stored_pmk(sql, hexkey["id"]) == "AB" * 32
    drop_network(api, net["id"], keys=[k["id"] for k in keys] + [hexkey["id"]])


def test_network_with_keys_cannot_be_deleted(api, sql, keyless_plan):
    net = make_network(api)
    ext = make_customer(api, keyless_plan)["external_id"]
    key = make_key(api, ext, net["id"])
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/networks/{net['id']}"), 409,
                       "network_in_use", None)
    assert api.delete(f"/api/v1/keys/{key['id']}").status == 204
    assert api.delete(f"/api/v1/networks/{net['id']}").status == 204


# --- NAS clients -----------------------------------------------------------

def _no_secret(obj, secret):
    text = json.dumps(obj)
    assert "secret" not in (obj if isinstance(obj, dict) else {}), obj
    assert secret not in text


def test_nas_crud_secret_is_write_only(api, sql, token):
    secret = "Sh4red-" + unique("s")
    name = unique("nas")
    addr = random_v4_cidr()
    r = api.post("/api/v1/nas", {"name": name, "address": addr, "secret": secret})
    assert r.status == 201, r
    n = r.json
    assert n["name"] == name and n["address"] == addr
    assert n["require_message_authenticator"] is True
    assert n["vendor"] == "standard" and n["coa_port"] == 3799
    _no_secret(n, secret)
    assert secret.encode() not in r.body

    r = api.get(f"/api/v1/nas/{n['id']}")
    assert r.status == 200 and secret.encode() not in r.body and "secret" not in r.json
    r = api.get("/api/v1/nas")
    assert secret.encode() not in r.body
    assert all("secret" not in x for x in r.json)

    secret2 = "N3w-" + unique("s")
    r = api.patch(f"/api/v1/nas/{n['id']}", {"secret": secret2, "vendor": "mikrotik",
                                            "require_message_authenticator": False,
                                            "coa_port": 1700})
    assert r.status == 200, r
    assert r.json["vendor"] == "mikrotik" and r.json["coa_port"] == 1700
    assert r.json["require_message_authenticator"] is False
    assert "secret" not in r.json and secret2.encode() not in r.body
    assert secret2.encode() not in api.get(f"/api/v1/nas/{n['id']}").body
    assert sql.value(f"SELECT secret FROM nas WHERE id = {n['id']}") == secret2

    # Changing something else keeps the secret.
    r = api.patch(f"/api/v1/nas/{n['id']}", {"name": name + "-x"})
    assert r.status == 200 and r.json["name"] == name + "-x"
    assert sql.value(f"SELECT secret FROM nas WHERE id = {n['id']}") == secret2

    rows = audit_rows(sql, "nas", n["id"])
    actor = "token:" + token_name(sql, token)
    assert [a for a, _, _ in rows] == [actor] * len(rows)
    assert [act for _, act, _ in rows] == ["nas.create", "nas.update", "nas.update"]
    for _, _, detail in rows:
        assert secret not in detail and secret2 not in detail
    assert json.loads(rows[0][2])["secret"] == "[hidden]"
    assert json.loads(rows[0][2])["name"] == name

    assert api.delete(f"/api/v1/nas/{n['id']}").status == 204
    assert_problem(api.get(f"/api/v1/nas/{n['id']}"), 404, "not_found")
    assert audit_rows(sql, "nas", n["id"])[-1][1] == "nas.delete"


@pytest.mark.parametrize("address", [
    "192.0.2.10", "198.51.100.0/24", "0.0.0.0/0", "2001:db8::1", "2001:db8::/32",
    "::1", "::/0", "fe80::/10", "::ffff:192.0.2.1",
])
def test_nas_addresses(api, sql, address):
    # Addresses are unique: free this one if an earlier run left it.
    sql.run(f"DELETE FROM nas WHERE address = '{address}'")
    # 0.0.0.0/0, ::/0 and the other ranges hold addresses of other tests'
    # NAS clients: this test is about parsing, so the overlap is meant.
    r = api.post("/api/v1/nas", {"name": unique("nas"), "address": address,
                                 "secret": "abcdefgh-ijklmnop", "allow_overlap": True})
    assert r.status == 201, r
    assert r.json["address"] == address
    assert api.delete(f"/api/v1/nas/{r.json['id']}").status == 204


def test_nas_ipv6_cidr_and_vendor(api):
    addr = random_v6_cidr()
    r = api.post("/api/v1/nas", {"name": unique("nas6"), "address": addr,
                                 "secret": "x" * 128, "vendor": "unifi",
                                 "require_message_authenticator": False,
                                 "coa_port": 65535})
    assert r.status == 201, r
    assert r.json["address"] == addr and r.json["vendor"] == "unifi"
    assert r.json["require_message_authenticator"] is False
    assert r.json["coa_port"] == 65535


@pytest.mark.parametrize("address", [
    "10.0.0.1/24", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "10.0.0", "256.0.0.1",
    "10.0.0.01", "2001:db8::1/32", "2001:db8::/129", "2001:::1", "example.org",
    "10.0.0.0/24 ", " 10.0.0.1", "10.0.0.0/-1",
])
def test_nas_bad_address(api, sql, address):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/nas", {"name": unique("nas"), "address": address,
                                                "secret": "abcdefgh-ijklmnop"}),
                       422, "invalid_address", "address")


def test_nas_duplicates(api, sql):
    addr = random_v4_cidr()
    n = api.post("/api/v1/nas", {"name": unique("nas"), "address": addr,
                                 "secret": "abcdefgh-ijklmnop"}).json
    with unchanged(sql):
        assert_problem(api.post("/api/v1/nas", {"name": n["name"], "address": random_v4_cidr(),
                                                "secret": "abcdefgh-ijklmnop"}), 409, "duplicate_nas")
        assert_problem(api.post("/api/v1/nas", {"name": unique("nas"), "address": addr,
                                                "secret": "abcdefgh-ijklmnop"}), 409, "duplicate_nas")


@pytest.mark.parametrize("body,code,field", [
    ({"secret": "short"}, "weak_secret", "secret"),
    ({"secret": "has space! and 16+"}, "invalid_secret", "secret"),
    ({"secret": "tab\there!-and-16+"}, "invalid_secret", "secret"),
    ({"secret": "nonascii\u00e9-and-16+"}, "invalid_secret", "secret"),
    ({"vendor": "juniper"}, "invalid_vendor", "vendor"),
    ({"coa_port": 0}, "out_of_range", "coa_port"),
    ({"coa_port": 65536}, "out_of_range", "coa_port"),
    ({"require_message_authenticator": 1}, "invalid_type", "require_message_authenticator"),
    ({"require_message_authenticator": None}, "invalid_type", "require_message_authenticator"),
    ({"name": ""}, "invalid_length", "name"),
    ({"secret": "x" * 129}, "invalid_length", "secret"),
])
def test_nas_bad_fields(api, sql, body, code, field):
    full = {"name": unique("nas"), "address": random_v4_cidr(), "secret": "abcdefgh-ijklmnop"}
    full.update(body)
    with unchanged(sql):
        assert_problem(api.post("/api/v1/nas", full), 422, code, field)
    n = api.post("/api/v1/nas", {"name": unique("nas"), "address": random_v4_cidr(),
                                 "secret": "abcdefgh-ijklmnop"}).json
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/nas/{n['id']}", body), 422, code, field)


@pytest.mark.parametrize("missing", ["name", "address"])
def test_nas_required_fields(api, sql, missing):
    full = {"name": unique("nas"), "address": random_v4_cidr(), "secret": "abcdefgh-ijklmnop"}
    del full[missing]
    with unchanged(sql):
        assert_problem(api.post("/api/v1/nas", full), 422, "missing_field", missing)
