# SPDX-License-Identifier: GPL-2.0-or-later
"""GET /api/v1/decision (what RADIUS would answer) and GET /api/v1/health."""
import pytest

from conftest import unique
from test_api_support import (assert_problem, drop_network, free_vlans, keyless_plan,
                              make_customer, make_device, make_key, make_network,
                              make_plan, network, random_mac, tokens, unchanged)


def decide(api, mac, ssid=None, secret=None, **kw):
    q = f"/api/v1/decision?mac={mac}"
    if ssid is not None:
        q += f"&ssid={ssid}"
    r = api.get(q, **kw)
    assert r.status == 200, r
    d = r.json
    assert "passphrase" not in d and "pmk" not in d
    if secret:
        assert secret.encode() not in r.body
    return d


@pytest.fixture
def bound(api, network):
    """An accepted device on a plan with a fixed VLAN and rates."""
    plan = make_plan(api, keys_per_customer=0, vlan=42, rate_down_kbps=30000,
                     rate_up_kbps=5000)["name"]
    cust = make_customer(api, plan)["external_id"]
    key = make_key(api, cust, network["id"])
    dev = make_device(api, cust, key["id"])
    return {"plan": plan, "cust": cust, "key": key, "dev": dev, "network": network}


def test_accept_with_vlan_and_rates(api, bound):
    d = decide(api, bound["dev"]["mac"], secret=bound["key"]["passphrase"])
    assert d == {"decision": "accept", "reason": None, "customer": bound["cust"],
                 "key": bound["key"]["id"], "network": bound["network"]["id"], "vlan": 42,
                 "rate_down_kbps": 30000, "rate_up_kbps": 5000, "session_timeout": None}


def test_accept_with_the_ssid(api, bound):
    d = decide(api, bound["dev"]["mac"], ssid=bound["network"]["ssid"])
    assert d["decision"] == "accept"


@pytest.mark.parametrize("sep", [":", "-", "", "."])
def test_any_mac_spelling(api, bound, sep):
    h = bound["dev"]["mac"].replace(":", "").upper()
    mac = {":": ":".join(h[i:i + 2] for i in range(0, 12, 2)),
           "-": "-".join(h[i:i + 2] for i in range(0, 12, 2)),
           "": h, ".": ".".join(h[i:i + 4] for i in range(0, 12, 4))}[sep]
    assert decide(api, mac)["decision"] == "accept"


def test_key_overrides_win(api, bound):
    api.patch(f"/api/v1/keys/{bound['key']['id']}", {"vlan": 77, "rate_down_kbps": 1000,
                                                     "valid_until": "2099-01-01T00:00:00Z"})
    d = decide(api, bound["dev"]["mac"])
    assert d["decision"] == "accept"
    assert (d["vlan"], d["rate_down_kbps"], d["rate_up_kbps"]) == (77, 1000, 5000)
    assert isinstance(d["session_timeout"], int) and d["session_timeout"] > 365 * 86400


def test_session_timeout_counts_down(api, bound):
    import datetime
    until = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1))
    # The server's clock is the reference; allow for a small skew.
    api.patch(f"/api/v1/keys/{bound['key']['id']}",
              {"valid_until": until.strftime("%Y-%m-%dT%H:%M:%SZ")})
    d = decide(api, bound["dev"]["mac"])
    assert d["decision"] == "accept"
    assert 3300 <= d["session_timeout"] <= 3600


def test_vlan_from_the_plan_range(api, sql, network):
    start = free_vlans(sql, 2)
    plan = make_plan(api, keys_per_customer=0, vlan_range=f"{start}-{start + 1}")["name"]
    a = make_customer(api, plan)["external_id"]
    b = make_customer(api, plan)["external_id"]
    va = decide(api, make_device(api, a, make_key(api, a, network["id"])["id"])["mac"])["vlan"]
    vb = decide(api, make_device(api, b, make_key(api, b, network["id"])["id"])["mac"])["vlan"]
    assert {va, vb} == {start, start + 1}


REASONS = [
    ("customer suspended", lambda api, b: api.patch(f"/api/v1/customers/{b['cust']}",
                                                    {"status": "suspended"})),
    ("customer terminated", lambda api, b: api.delete(f"/api/v1/customers/{b['cust']}")),
    ("key disabled", lambda api, b: api.patch(f"/api/v1/keys/{b['key']['id']}",
                                              {"status": "disabled"})),
    ("key revoked", lambda api, b: api.patch(f"/api/v1/keys/{b['key']['id']}",
                                             {"status": "revoked"})),
    ("key expired", lambda api, b: api.patch(f"/api/v1/keys/{b['key']['id']}",
                                             {"valid_until": "2020-01-01T00:00:00Z"})),
    ("key not yet valid", lambda api, b: api.patch(f"/api/v1/keys/{b['key']['id']}",
                                                   {"valid_from": "2099-01-01T00:00:00Z"})),
]


@pytest.mark.parametrize("reason,change", REASONS, ids=[r for r, _ in REASONS])
def test_reject_reasons(api, bound, reason, change):
    assert decide(api, bound["dev"]["mac"])["decision"] == "accept"
    r = change(api, bound)
    assert r.status == 200, r
    d = decide(api, bound["dev"]["mac"], secret=bound["key"]["passphrase"])
    assert d["decision"] == "reject" and d["reason"] == reason
    assert d["customer"] == bound["cust"] and d["key"] == bound["key"]["id"]


@pytest.mark.parametrize("status", ["suspended", "terminated"])
def test_reject_when_the_parent_is_not_active(api, network, keyless_plan, status):
    parent = make_customer(api, keyless_plan)["external_id"]
    sub = make_customer(api, keyless_plan, parent=parent)["external_id"]
    dev = make_device(api, sub, make_key(api, sub, network["id"])["id"])
    assert decide(api, dev["mac"])["decision"] == "accept"
    api.patch(f"/api/v1/customers/{parent}", {"status": status})
    d = decide(api, dev["mac"])
    assert (d["decision"], d["reason"]) == ("reject", f"parent customer {status}")


def test_reject_unknown_device(api, bound):
    assert decide(api, random_mac()) == {"decision": "reject", "reason": "unknown device"}
    # Known MAC, but asked for another (existing) network.
    other = make_network(api)
    assert decide(api, bound["dev"]["mac"], ssid=other["ssid"]) == \
        {"decision": "reject", "reason": "unknown device"}
    drop_network(api, other["id"])


def test_reject_unknown_network(api, bound):
    assert decide(api, bound["dev"]["mac"], ssid=unique("nowhere")) == \
        {"decision": "reject", "reason": "unknown network"}
    assert decide(api, random_mac(), ssid=unique("nowhere")) == \
        {"decision": "reject", "reason": "unknown network"}


def test_decision_scopes(api, bound, tokens):
    assert decide(api, bound["dev"]["mac"], token=tokens["read"])["decision"] == "accept"
    assert_problem(api.get(f"/api/v1/decision?mac={bound['dev']['mac']}",
                           token=tokens["write"]), 403, "insufficient_scope", None)
    assert_problem(api.get(f"/api/v1/decision?mac={bound['dev']['mac']}", token=""),
                   401, "unauthorized", None)


@pytest.mark.parametrize("query,code,field", [
    ("", "invalid_mac", "mac"), ("mac=", "invalid_mac", "mac"), ("mac=xyz", "invalid_mac", "mac"),
    ("mac=aa:bb:cc:dd:ee:fg", "invalid_mac", "mac"), ("mac=" + "a" * 60, "invalid_mac", "mac"),
    ("mac=aabbccddeeff&ssid=" + "s" * 33, "invalid_ssid", "ssid"),
    ("mac=aabbccddeeff&ssid=" + "%E2%82%AC" * 11, "invalid_ssid", "ssid"),
    ("mac=aabbccddeeff&ssid=%FF", "invalid_ssid", "ssid"),
    ("mac=aabbccddeeff&ssid=%C0%AF", "invalid_ssid", "ssid"),
    ("mac=aabbccddeeff&ssid=%ED%A0%80", "invalid_ssid", "ssid"),
    ("mac=aabbccddeeff&ssid=" + "s" * 100, "invalid_ssid", "ssid"),
])
def test_bad_decision_queries(api, sql, query, code, field):
    with unchanged(sql):
        assert_problem(api.get("/api/v1/decision?" + query), 400, code, field)


def test_health(api, api_fcgi, sql):
    version = int(sql.value("SELECT MAX(version) FROM schema_migrations"))
    for client in (api, api_fcgi):
        for tok in ("", "mpsk_nonsense"):
            r = client.get("/api/v1/health", token=tok)
            assert r.status == 200, r
            assert r.headers["Content-Type"].startswith("application/json")
            assert r.json == {"status": "ok", "schema_version": version}
