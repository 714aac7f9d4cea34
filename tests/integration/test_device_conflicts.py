# SPDX-License-Identifier: GPL-2.0-or-later
"""MAC squatting (issue 7, finding 6) and the limits counted under the
customer's lock (finding 8): a tenant who registers a MAC another customer
holds gets a neutral answer, the holder keeps the device and RADIUS keeps
accepting it, and staff see the conflict and resolve it (move or keep,
audited, operators and admins only); a plan's devices_max caps a
customer's devices through the portal and the API, and neither it nor the
guest-key limit can be outrun by concurrent requests."""
import html
import re
import threading
import time

import pytest

from portal_client import Browser, make_staff, make_tenant, text
from test_api_support import (assert_problem, audit_rows, make_customer, make_device,
                              make_key, make_plan, network, random_mac)

PASSWORD = "tenant password 1"
NEUTRAL = ("This device could not be added. If it is yours, contact support;"
           " we have noted the request.")


@pytest.fixture(scope="module")
def plan(api):
    return make_plan(api, keys_per_customer=0)["name"]


def tenant(stack, api, plan, network, **fields):
    """A signed-in tenant with one key on network: (browser, ext, key id)."""
    ext, user = make_tenant(stack, api, plan, PASSWORD, **fields)
    key = make_key(api, ext, network["id"])["id"]
    b = Browser(stack["MPSK_NGINX_URL"])
    assert b.signin("portal", user, PASSWORD).status == 303
    b.get("/portal/devices")
    return b, ext, key


def staff(stack, role):
    user = make_staff(stack, role)
    b = Browser(stack["MPSK_NGINX_URL"])
    assert b.signin("staff", user, "staff password 1").status == 303
    return b, user


def form_error(r):
    """The form's message (the page's role="alert" paragraph) as text."""
    m = re.search(r'<p class="error" role="alert">(.*?)</p>', r.body.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else None


def decision(api, mac, network):
    r = api.get(f"/api/v1/decision?mac={mac}&ssid={network['ssid']}")
    assert r.status == 200, r
    return r.json


def holders(api, mac):
    return [(d["customer"], d["key"]) for d in api.get(f"/api/v1/devices?mac={mac}").json]


def open_conflicts(sql, requester):
    return sql.rows(
        "SELECT x.id, c.external_id, x.attempts FROM device_conflicts x"
        " JOIN customers r ON r.id = x.requester_id JOIN customers c ON c.id = x.owner_id"
        f" WHERE r.external_id = '{requester}' AND x.resolved_at IS NULL")


@pytest.fixture
def squat(stack, api, sql, plan, network):
    """Tenant A's phone, registered; tenant B asks for the same MAC."""
    a, a_ext, a_key = tenant(stack, api, plan, network)
    mac = random_mac()
    r = a.post("/portal/devices", {"mac": mac, "name": "A's phone", "key": str(a_key)})
    assert r.status == 303, text(r)
    b, b_ext, b_key = tenant(stack, api, plan, network)
    r = b.post("/portal/devices", {"mac": mac.upper().replace(":", "-"),
                                   "name": "Not mine", "key": str(b_key)})
    return {"a": a, "a_ext": a_ext, "a_key": a_key, "b": b, "b_ext": b_ext,
            "b_key": b_key, "mac": mac, "answer": r}


# --- the squatting attack ----------------------------------------------------

def test_a_neighbours_mac_gets_a_neutral_answer_and_stays_with_its_holder(
        stack, api, sql, network, squat):
    r, mac = squat["answer"], squat["mac"]
    assert r.status == 422
    assert form_error(r) == NEUTRAL
    body = text(r).lower()
    for leak in ("exists", "already", "registered on", "elsewhere", "another customer"):
        assert leak not in body, leak
    # The holder keeps the device, and RADIUS keeps accepting it for the holder.
    assert holders(api, mac) == [(squat["a_ext"], squat["a_key"])]
    d = decision(api, mac, network)
    assert (d["decision"], d["customer"], d["key"]) == ("accept", squat["a_ext"], squat["a_key"])
    assert api.get(f"/api/v1/devices?customer={squat['b_ext']}").json == []
    # The request is kept for staff, and audited.
    [(cid, owner, attempts)] = open_conflicts(sql, squat["b_ext"])
    assert (owner, attempts) == (squat["a_ext"], "1")
    [(actor, action, detail)] = audit_rows(sql, "device_conflict", cid)
    assert action == "device.conflict" and actor.startswith("tenant:")
    assert mac.replace(":", "") in detail and squat["a_ext"] in detail
    # Asking again counts an attempt; it does not pile up rows.
    b = squat["b"]
    r = b.post("/portal/devices", {"mac": mac, "name": "Again", "key": str(squat["b_key"])})
    assert r.status == 422 and form_error(r) == NEUTRAL
    [(cid2, _, attempts)] = open_conflicts(sql, squat["b_ext"])
    assert (cid2, attempts) == (cid, "2")


def test_the_neutral_answer_is_also_the_answer_for_no_devices_address(
        stack, api, sql, plan, network, squat):
    """A MAC no single device can have (group bit, all zeros) gets the very
    same answer, so the answer is no proof that someone holds a MAC."""
    b, ext, key = tenant(stack, api, plan, network)
    for mac in ("01:00:5e:00:00:fb", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00",
                "33-33-00-00-00-01"):
        r = b.post("/portal/devices", {"mac": mac, "name": "Not mine", "key": str(key)})
        assert (r.status, form_error(r)) == (squat["answer"].status, NEUTRAL), mac
    assert api.get(f"/api/v1/devices?customer={ext}").json == []
    assert sql.value("SELECT COUNT(*) FROM audit_log WHERE action = 'device.refused'"
                     f" AND object_id = '{ext}'") == "4"


def test_a_mac_of_the_tenants_own_keeps_the_clear_message(stack, api, sql, plan, network):
    b, ext, key = tenant(stack, api, plan, network)
    other_key = make_key(api, ext, network["id"])["id"]
    mac = random_mac()
    assert b.post("/portal/devices", {"mac": mac, "name": "Mine", "key": str(key)}).status == 303
    r = b.post("/portal/devices", {"mac": mac, "name": "Mine again", "key": str(other_key)})
    assert r.status == 422 and "already registered" in form_error(r)
    assert open_conflicts(sql, ext) == []


def test_the_api_still_answers_409_and_records_no_conflict(api, sql, plan, network):
    """Billing is trusted: it gets the plain 409, and nothing waits for staff."""
    a = make_customer(api, plan)["external_id"]
    b = make_customer(api, plan)["external_id"]
    a_key, b_key = make_key(api, a, network["id"]), make_key(api, b, network["id"])
    mac = random_mac()
    make_device(api, a, a_key["id"], mac=mac)
    assert_problem(api.post("/api/v1/devices", {"mac": mac, "customer": b, "key": b_key["id"]}),
                   409, "duplicate_mac", "mac")
    assert open_conflicts(sql, b) == []


# --- staff resolve ---------------------------------------------------------------

def conflict_id(sql, squat):
    [(cid, _, _)] = open_conflicts(sql, squat["b_ext"])
    return cid


def test_staff_see_the_conflict_and_move_the_device(stack, api, sql, network, squat):
    op, op_user = staff(stack, "operator")
    cid = conflict_id(sql, squat)
    home = op.get("/staff/")
    assert home.status == 200 and 'href="/staff/conflicts"' in home.body.decode()
    assert re.search(r"<strong>[1-9][0-9]*</strong> open device conflicts", home.body.decode())
    page = op.get("/staff/conflicts")
    assert page.status == 200
    body = page.body.decode()
    assert squat["mac"] in body and squat["b_ext"] in body and squat["a_ext"] in body
    assert f'action="/staff/conflicts/{cid}/resolve"' in body
    r = op.post(f"/staff/conflicts/{cid}/resolve", {"resolution": "moved"})
    assert r.status == 303 and r.headers["Location"] == "/staff/conflicts?done=moved"
    mac = squat["mac"]
    assert holders(api, mac) == [(squat["b_ext"], squat["b_key"])]
    d = decision(api, mac, network)
    assert (d["decision"], d["customer"], d["key"]) == ("accept", squat["b_ext"], squat["b_key"])
    row = sql.rows(f"SELECT resolution, resolved_by, resolved_at IS NOT NULL"
                   f" FROM device_conflicts WHERE id = {cid}")
    assert [tuple(x) for x in row] == [("moved", f"staff:{op_user}", "1")]
    actions = [(a, act) for a, act, _ in audit_rows(sql, "device_conflict", cid)]
    assert actions[-1] == (f"staff:{op_user}", "device.conflict.resolve")
    assert '"moved"' in audit_rows(sql, "device_conflict", cid)[-1][2]
    # Resolved once: a second answer finds nothing open.
    op.get("/staff/conflicts")
    assert op.post(f"/staff/conflicts/{cid}/resolve", {"resolution": "kept"}).status == 404
    assert holders(api, mac) == [(squat["b_ext"], squat["b_key"])]


def test_staff_keep_the_device_with_its_holder(stack, api, sql, network, squat):
    ad, ad_user = staff(stack, "admin")
    cid = conflict_id(sql, squat)
    ad.get("/staff/conflicts")
    r = ad.post(f"/staff/conflicts/{cid}/resolve", {"resolution": "kept"})
    assert r.status == 303 and r.headers["Location"] == "/staff/conflicts?done=kept"
    assert holders(api, squat["mac"]) == [(squat["a_ext"], squat["a_key"])]
    assert decision(api, squat["mac"], network)["customer"] == squat["a_ext"]
    row = sql.rows(f"SELECT resolution, resolved_by FROM device_conflicts WHERE id = {cid}")
    assert [tuple(x) for x in row] == [("kept", f"staff:{ad_user}")]
    assert audit_rows(sql, "device_conflict", cid)[-1][:2] == \
        (f"staff:{ad_user}", "device.conflict.resolve")
    assert "kept with the holder" in text(ad.get("/staff/conflicts"))


def test_read_only_staff_and_forged_posts_cannot_resolve(stack, api, sql, squat):
    cid = conflict_id(sql, squat)
    ro, _ = staff(stack, "readonly")
    page = ro.get("/staff/conflicts")
    assert page.status == 200 and squat["mac"] in page.body.decode()
    assert "/resolve" not in page.body.decode()
    assert ro.post(f"/staff/conflicts/{cid}/resolve", {"resolution": "moved"}).status == 403
    op, _ = staff(stack, "operator")
    op.get("/staff/conflicts")
    r = op.post(f"/staff/conflicts/{cid}/resolve", {"resolution": "moved"}, csrf=False)
    assert r.status == 403
    r = op.post(f"/staff/conflicts/{cid}/resolve", {"resolution": "delete"})
    assert r.status == 422
    # A tenant's session does not reach the dashboard at all.
    r = squat["b"].post(f"/staff/conflicts/{cid}/resolve", {"resolution": "moved"})
    assert r.status in (303, 403)
    assert open_conflicts(sql, squat["b_ext"])[0][0] == cid
    assert holders(api, squat["mac"]) == [(squat["a_ext"], squat["a_key"])]


# --- the device cap ----------------------------------------------------------------

def test_plans_carry_devices_max(api):
    p = make_plan(api, keys_per_customer=0, devices_max=5)
    assert p["devices_max"] == 5
    assert make_plan(api, keys_per_customer=0)["devices_max"] is None
    r = api.patch(f"/api/v1/plans/{p['name']}", {"devices_max": None})
    assert r.status == 200 and r.json["devices_max"] is None
    assert_problem(api.patch(f"/api/v1/plans/{p['name']}", {"devices_max": 0}), 422)


def test_device_cap_in_the_portal(stack, api, network):
    plan = make_plan(api, keys_per_customer=0, devices_max=2)["name"]
    b, ext, key = tenant(stack, api, plan, network)
    for i in range(2):
        r = b.post("/portal/devices", {"mac": random_mac(), "name": f"D{i}", "key": str(key)})
        assert r.status == 303, text(r)
    r = b.post("/portal/devices", {"mac": random_mac(), "name": "One too many", "key": str(key)})
    assert r.status == 422 and "as many devices as your plan allows" in form_error(r)
    assert len(api.get(f"/api/v1/devices?customer={ext}").json) == 2


def test_device_cap_in_the_api(api, sql, network):
    plan = make_plan(api, keys_per_customer=0, devices_max=1)["name"]
    cust = make_customer(api, plan)["external_id"]
    key = make_key(api, cust, network["id"])
    make_device(api, cust, key["id"])
    assert_problem(api.post("/api/v1/devices", {"mac": random_mac(), "customer": cust,
                                                "key": key["id"]}),
                   409, "customer_device_limit", "mac")
    assert len(api.get(f"/api/v1/devices?customer={cust}").json) == 1


def at_once(n, fn):
    """Run fn(i) for i in range(n) in n threads released together."""
    gate = threading.Barrier(n)
    out = [None] * n

    def run(i):
        gate.wait()
        out[i] = fn(i)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_device_cap_holds_under_concurrent_requests(stack, api, network):
    plan = make_plan(api, keys_per_customer=0, devices_max=3)["name"]
    cust = make_customer(api, plan)["external_id"]
    key = make_key(api, cust, network["id"])["id"]
    got = at_once(20, lambda i: api.post("/api/v1/devices", {
        "mac": random_mac(), "customer": cust, "key": key}).status)
    assert sorted(got) == [201] * 3 + [409] * 17, got
    assert len(api.get(f"/api/v1/devices?customer={cust}").json) == 3
    # Through the portal too.
    b, ext, tkey = tenant(stack, api, plan, network)
    got = at_once(20, lambda i: b.post("/portal/devices", {
        "mac": random_mac(), "name": f"P{i}", "key": str(tkey)}).status)
    assert sorted(got) == [303] * 3 + [422] * 17, got
    assert len(api.get(f"/api/v1/devices?customer={ext}").json) == 3


def test_guest_key_limit_holds_under_concurrent_requests(stack, api, sql, network):
    plan = make_plan(api, keys_per_customer=0, guest_keys_max=3, guest_days_max=3)["name"]
    b, ext, _ = tenant(stack, api, plan, network)
    b.get("/portal/guests")
    start = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() - 60))
    end = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 86400))
    form = {"network": str(network["id"]), "starts": start, "ends": end, "tz": ""}
    got = at_once(20, lambda i: b.post("/portal/guests", dict(form, label=f"G{i}")))
    assert sorted(r.status for r in got) == [303] * 3 + [422] * 17, [r.status for r in got]
    assert all("most your plan allows" in text(r) for r in got if r.status == 422)
    assert sql.value("SELECT COUNT(*) FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
                     f" WHERE c.external_id = '{ext}' AND k.kind = 'guest'") == "3"
