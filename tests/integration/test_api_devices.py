# SPDX-License-Identifier: GPL-2.0-or-later
"""Devices: add (any MAC spelling), list with filters, get, rename, move to
another key, remove."""
import json

import pytest

from conftest import unique
from test_api_support import (assert_problem, audit_rows, drop_network, keyless_plan,
                              make_customer, make_device, make_key, make_network,
                              make_plan, network, random_mac, token_name, unchanged)


@pytest.fixture
def cust(api, keyless_plan):
    return make_customer(api, keyless_plan)["external_id"]


@pytest.fixture
def key(api, cust, network):
    return make_key(api, cust, network["id"])


def spell(mac, how):
    h = mac.replace(":", "")
    return {
        "plain": h, "PLAIN": h.upper(),
        "colons": ":".join(h[i:i + 2] for i in range(0, 12, 2)).upper(),
        "colons lower": ":".join(h[i:i + 2] for i in range(0, 12, 2)),
        "dashes": "-".join(h[i:i + 2] for i in range(0, 12, 2)),
        "DASHES": "-".join(h[i:i + 2] for i in range(0, 12, 2)).upper(),
        "dots": ".".join(h[i:i + 4] for i in range(0, 12, 4)),
        "DOTS": ".".join(h[i:i + 4] for i in range(0, 12, 4)).upper(),
        "mixed case": "".join(c.upper() if i % 2 else c for i, c in enumerate(h)),
    }[how]


SPELLINGS = ["plain", "PLAIN", "colons", "colons lower", "dashes", "DASHES", "dots",
             "DOTS", "mixed case"]


@pytest.mark.parametrize("how", SPELLINGS)
def test_mac_spellings_are_normalised(api, sql, cust, key, how):
    mac = random_mac().replace("02:", "a2:", 1)  # hex letters in the first octet too
    given = spell(mac, how)
    r = api.post("/api/v1/devices", {"mac": given, "customer": cust, "key": key["id"],
                                     "name": "Phone"})
    assert r.status == 201, r
    d = r.json
    assert d["mac"] == mac
    assert (d["customer"], d["key"], d["network"], d["name"]) == \
        (cust, key["id"], key["network"], "Phone")
    assert d["added_by"] == "api" and d["first_seen"] is None and d["last_seen"] is None
    assert sql.value(f"SELECT mac FROM devices WHERE id = {d['id']}") == mac.replace(":", "")
    assert api.get(f"/api/v1/devices/{d['id']}").json == d
    # The same MAC in another spelling is the same device on this network.
    other = SPELLINGS[(SPELLINGS.index(how) + 3) % len(SPELLINGS)]
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": spell(mac, other), "customer": cust,
                                                    "key": key["id"]}),
                       409, "duplicate_mac", "mac")
    # The list finds it by any spelling.
    for q in (how, other):
        r = api.get("/api/v1/devices?mac=" + spell(mac, q))
        assert [x["id"] for x in r.json] == [d["id"]]


def test_same_mac_on_two_networks(api, sql, cust, key):
    other_net = make_network(api)
    other_key = make_key(api, cust, other_net["id"])
    mac = random_mac()
    a = make_device(api, cust, key["id"], mac=mac)
    b = make_device(api, cust, other_key["id"], mac=mac.upper())
    assert a["mac"] == b["mac"] == mac and a["network"] != b["network"]
    r = api.get(f"/api/v1/devices?mac={mac}")
    assert sorted(x["id"] for x in r.json) == sorted([a["id"], b["id"]])
    # Moving one onto the other's network collides.
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/devices/{b['id']}", {"key": key["id"]}), 409,
                       "duplicate_mac", "key")
    drop_network(api, other_net["id"], keys=[other_key["id"]], devices=[b["id"]])


def test_duplicate_mac_of_another_customer(api, sql, keyless_plan, network, key, cust):
    mac = random_mac()
    make_device(api, cust, key["id"], mac=mac)
    other = make_customer(api, keyless_plan)["external_id"]
    other_key = make_key(api, other, network["id"])
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": mac, "customer": other,
                                                    "key": other_key["id"]}),
                       409, "duplicate_mac", "mac")


def test_key_of_another_customer(api, sql, keyless_plan, network, cust, key):
    other = make_customer(api, keyless_plan)["external_id"]
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": other,
                                                    "key": key["id"]}),
                       422, "unknown_key", "key")
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust,
                                                    "key": 4294967295}),
                       422, "unknown_key", "key")


def test_unknown_customer(api, sql, key):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(),
                                                    "customer": unique("nobody")}),
                       422, "unknown_customer", "customer")


@pytest.mark.parametrize("missing", ["mac", "customer"])
def test_required_members(api, sql, cust, missing):
    body = {"mac": random_mac(), "customer": cust}
    del body[missing]
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", body), 422, "missing_field", missing)


def test_plan_max_devices(api, sql, network):
    plan = make_plan(api, keys_per_customer=0, max_devices=2)["name"]
    cust = make_customer(api, plan)["external_id"]
    k = make_key(api, cust, network["id"])
    make_device(api, cust, k["id"])
    make_device(api, cust, k["id"])
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust,
                                                    "key": k["id"]}),
                       409, "key_device_limit", "key")
    # A key's own max_devices overrides the plan's, both ways.
    assert api.patch(f"/api/v1/keys/{k['id']}", {"max_devices": 3}).status == 200
    make_device(api, cust, k["id"])
    small = make_key(api, cust, network["id"], max_devices=1)
    make_device(api, cust, small["id"])
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust,
                                                    "key": small["id"]}),
                       409, "key_device_limit", "key")


def test_device_without_key_uses_the_customers_key(api, sql, network, cust):
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust}),
                       422, "no_key", "key")
    other_net = make_network(api)
    disabled = make_key(api, cust, network["id"])
    api.patch(f"/api/v1/keys/{disabled['id']}", {"status": "disabled"})
    guest = make_key(api, cust, network["id"], kind="guest")
    k = make_key(api, cust, network["id"])
    k2 = make_key(api, cust, other_net["id"])
    d = make_device(api, cust)
    assert d["key"] == k["id"]  # the first active normal key
    d = make_device(api, cust, network=other_net["id"])
    assert d["key"] == k2["id"] and d["network"] == other_net["id"]
    assert guest["id"] not in (k["id"], k2["id"])
    drop_network(api, other_net["id"], keys=[k2["id"]], devices=[d["id"]])


def test_key_scope_device_gives_each_device_its_own_key(api, sql, network):
    plan = make_plan(api, key_scope="device", keys_per_customer=0)["name"]
    cust = make_customer(api, plan)["external_id"]
    a = make_device(api, cust, network=network["id"], name="TV")
    b = make_device(api, cust, network=network["id"], name="Laptop")
    assert a["key"] != b["key"]
    keys = {k["id"]: k for k in api.get(f"/api/v1/customers/{cust}/keys").json}
    assert set(keys) == {a["key"], b["key"]}
    assert keys[a["key"]]["device"] == a["id"] and keys[a["key"]]["label"] == "TV"
    assert keys[b["key"]]["device"] == b["id"] and keys[b["key"]]["label"] == "Laptop"
    assert keys[a["key"]]["passphrase"] != keys[b["key"]]["passphrase"]
    # A device's key is for that device alone.
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust,
                                                    "key": a["key"]}),
                       409, "key_device_limit", "key")
        assert_problem(api.patch(f"/api/v1/devices/{b['id']}", {"key": a["key"]}), 409,
                       "key_device_limit", "key")
    # A rejected device gets no key either.
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": a["mac"], "customer": cust,
                                                    "network": network["id"]}),
                       409, "duplicate_mac", "mac")


def test_key_scope_device_with_several_networks_needs_one(api, sql, network):
    extra = make_network(api) if len(api.get("/api/v1/networks").json) < 2 else None
    plan = make_plan(api, key_scope="device", keys_per_customer=0)["name"]
    cust = make_customer(api, plan)["external_id"]
    with unchanged(sql):
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust}),
                       422, "missing_field", "network")
        assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust,
                                                    "network": 4294967295}),
                       422, "unknown_network", "network")
    if extra:
        drop_network(api, extra["id"])


def test_rename(api, sql, token, cust, key):
    d = make_device(api, cust, key["id"], name="old")
    r = api.patch(f"/api/v1/devices/{d['id']}", {"name": "Living room TV"})
    assert r.status == 200 and r.json["name"] == "Living room TV" and r.json["key"] == key["id"]
    r = api.patch(f"/api/v1/devices/{d['id']}", {"name": ""})
    assert r.status == 200 and r.json["name"] == ""
    actor = "token:" + token_name(sql, token)
    rows = audit_rows(sql, "device", d["id"])
    assert [(a, act) for a, act, _ in rows] == [(actor, "device.add"), (actor, "device.update"),
                                                (actor, "device.update")]
    assert json.loads(rows[1][2]) == {"name": "Living room TV"}


def test_move_to_another_key(api, sql, keyless_plan, network, cust, key):
    d = make_device(api, cust, key["id"])
    other_net = make_network(api)
    k2 = make_key(api, cust, other_net["id"])
    r = api.patch(f"/api/v1/devices/{d['id']}", {"key": k2["id"], "name": "moved"})
    assert r.status == 200, r
    assert (r.json["key"], r.json["network"], r.json["name"]) == (k2["id"], other_net["id"], "moved")
    assert api.get(f"/api/v1/keys/{key['id']}").json["devices"] == 0
    assert api.get(f"/api/v1/keys/{k2['id']}").json["devices"] == 1
    # Moving to the key it is on already changes nothing.
    assert api.patch(f"/api/v1/devices/{d['id']}", {"key": k2["id"]}).json["key"] == k2["id"]
    # Not to another customer's key.
    other = make_customer(api, keyless_plan)["external_id"]
    ok = make_key(api, other, network["id"])
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/devices/{d['id']}", {"key": ok["id"]}), 422,
                       "unknown_key", "key")
        assert_problem(api.patch(f"/api/v1/devices/{d['id']}", {"key": 4294967295}), 422,
                       "unknown_key", "key")
    # Not to a full key.
    full = make_key(api, cust, network["id"], max_devices=1)
    make_device(api, cust, full["id"])
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/devices/{d['id']}", {"key": full["id"]}), 409,
                       "key_device_limit", "key")
    drop_network(api, other_net["id"], keys=[k2["id"]], devices=[d["id"]])


def test_remove(api, sql, token, cust, key):
    d = make_device(api, cust, key["id"])
    r = api.delete(f"/api/v1/devices/{d['id']}")
    assert r.status == 204 and r.body == b""
    assert_problem(api.get(f"/api/v1/devices/{d['id']}"), 404, "not_found", None)
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/devices/{d['id']}"), 404, "not_found", None)
        assert_problem(api.patch(f"/api/v1/devices/{d['id']}", {"name": "x"}), 404,
                       "not_found", None)
    actor = "token:" + token_name(sql, token)
    assert audit_rows(sql, "device", d["id"])[-1][:2] == (actor, "device.delete")
    # The MAC can be added again.
    assert make_device(api, cust, key["id"], mac=d["mac"])["mac"] == d["mac"]


def test_list_filters(api, sql, network, keyless_plan):
    a = make_customer(api, keyless_plan)["external_id"]
    b = make_customer(api, keyless_plan)["external_id"]
    ka1 = make_key(api, a, network["id"])
    ka2 = make_key(api, a, network["id"])
    kb = make_key(api, b, network["id"])
    d1 = make_device(api, a, ka1["id"])
    d2 = make_device(api, a, ka1["id"])
    d3 = make_device(api, a, ka2["id"])
    d4 = make_device(api, b, kb["id"])

    def ids(query):
        r = api.get("/api/v1/devices?" + query)
        assert r.status == 200, r
        return [d["id"] for d in r.json]

    assert ids(f"customer={a}") == [d1["id"], d2["id"], d3["id"]]
    assert ids(f"customer={b}") == [d4["id"]]
    assert ids(f"key={ka1['id']}") == [d1["id"], d2["id"]]
    assert ids(f"customer={a}&key={ka2['id']}") == [d3["id"]]
    assert ids(f"customer={b}&key={ka2['id']}") == []
    assert ids(f"mac={d2['mac'].replace(':', '-').upper()}&customer={a}") == [d2["id"]]
    assert ids(f"customer={unique('nobody')}") == []
    everything = ids("")
    assert {d1["id"], d2["id"], d3["id"], d4["id"]} <= set(everything)


@pytest.mark.parametrize("query,code,field", [
    ("key=abc", "invalid_parameter", "key"), ("key=0", "invalid_parameter", "key"),
    ("key=-5", "invalid_parameter", "key"), ("key=1x", "invalid_parameter", "key"),
    ("mac=zz", "invalid_mac", "mac"), ("mac=aa:bb:cc:dd:ee", "invalid_mac", "mac"),
    ("mac=aa:bb-cc:dd:ee:ff", "invalid_mac", "mac"), ("mac=" + "a" * 40, "invalid_parameter", None),
    ("customer=" + "c" * 129, "invalid_parameter", None),
])
def test_list_bad_filters(api, sql, query, code, field):
    with unchanged(sql):
        assert_problem(api.get("/api/v1/devices?" + query), 400, code, field)


@pytest.mark.parametrize("dev", ["4294967295", "0", "abc", "-1", "1.0", "99999999999999999999"])
def test_unknown_device(api, sql, dev):
    with unchanged(sql):
        assert_problem(api.get(f"/api/v1/devices/{dev}"), 404, "not_found", None)
        assert_problem(api.patch(f"/api/v1/devices/{dev}", {"name": "x"}), 404, "not_found", None)
        assert_problem(api.delete(f"/api/v1/devices/{dev}"), 404, "not_found", None)


def test_device_has_updated_at(api, cust, key):
    d = make_device(api, cust, key["id"])
    assert d["updated_at"].endswith("Z")
    r = api.patch(f"/api/v1/devices/{d['id']}", {"name": "x"})
    assert r.json["updated_at"] >= d["created_at"]
