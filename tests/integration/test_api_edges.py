# SPDX-License-Identifier: GPL-2.0-or-later
"""Edges found in review of the API: strict media type, strict VLAN ranges,
validated filters, 204 without a body type, rotation that must rotate, and a
device's own key leaving with the device."""
from test_api_support import (assert_problem, keyless_plan, make_customer,  # noqa: F401
                              make_device, make_key, make_plan, network,
                              unchanged)


def test_json_lookalike_media_types_are_refused(api, sql):
    with unchanged(sql):
        for ct in ("application/json-patch+json", "application/jsonx"):
            r = api.post("/api/v1/plans", raw=b'{"name":"x"}', content_type=ct)
            assert_problem(r, 415, "unsupported_media_type")
    r = api.post("/api/v1/plans", raw=b'{"name":"ct-param-ok-%d"}' % id(sql),
                 content_type="application/json; charset=utf-8")
    assert r.status == 201, r


def test_vlan_range_is_digits_and_one_dash(api, sql):
    with unchanged(sql):
        for bad in (" 10-20", "10-+20", "10--20", "10-20-30", "-10", "10-"):
            r = api.post("/api/v1/plans", {"name": "vr-bad", "vlan_range": bad})
            assert_problem(r, 422, "invalid_vlan_range", "vlan_range")


def test_unknown_status_filter_is_400(api):
    assert_problem(api.get("/api/v1/customers?status=bogus"), 400,
                   "invalid_parameter", "status")
    assert api.get("/api/v1/customers?status=suspended").status == 200


def test_no_content_has_no_content_type(api, api_fcgi, keyless_plan, network):
    for client in (api, api_fcgi):
        cust = make_customer(api, keyless_plan)["external_id"]
        key = make_key(api, cust, network["id"])
        r = client.delete(f"/api/v1/keys/{key['id']}")
        assert r.status == 204 and r.body == b""
        assert "Content-Type" not in r.headers


def test_rotating_to_the_same_passphrase_is_refused(api, sql, keyless_plan, network):
    cust = make_customer(api, keyless_plan)["external_id"]
    key = make_key(api, cust, network["id"])
    with unchanged(sql):
        r = api.post(f"/api/v1/keys/{key['id']}/rotate",
                     {"passphrase": key["passphrase"]})
        assert_problem(r, 422, "same_passphrase", "passphrase")


def test_removing_a_device_removes_its_own_key(api, sql, network):
    plan = make_plan(api, keys_per_customer=0, key_scope="device")["name"]
    cust = make_customer(api, plan)["external_id"]
    dev = make_device(api, cust, network=network["id"], name="tv")
    key_id = dev["key"]
    assert api.get(f"/api/v1/keys/{key_id}").json["device"] == dev["id"]
    assert api.delete(f"/api/v1/devices/{dev['id']}").status == 204
    assert api.get(f"/api/v1/keys/{key_id}").status == 404

    # A shared (per-customer) key stays when one of its devices goes.
    shared = make_plan(api, keys_per_customer=0)["name"]
    cust2 = make_customer(api, shared)["external_id"]
    k = make_key(api, cust2, network["id"])
    d = make_device(api, cust2, k["id"])
    assert api.delete(f"/api/v1/devices/{d['id']}").status == 204
    assert api.get(f"/api/v1/keys/{k['id']}").status == 200
