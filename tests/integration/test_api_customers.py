# SPDX-License-Identifier: GPL-2.0-or-later
"""Customers: idempotent PUT with provisioning, GET, list, PATCH, DELETE."""
import json

import pytest

from conftest import unique
from test_api_support import (READABLE, assert_problem, audit_rows, free_vlans,
                              keyless_plan, make_customer, make_plan, network, pmk_hex,
                              random_mac,
                              stored_pmk, token_name, unchanged)


def customer_keys(sql, ext):
    return int(sql.value("SELECT COUNT(*) FROM wifi_keys k JOIN customers c"
                         f" ON c.id = k.customer_id WHERE c.external_id = '{ext}'"))


def customer_vlans(sql, ext):
    return {int(n): int(v) for n, v in sql.rows(
        "SELECT cv.network_id, cv.vlan FROM customer_vlans cv JOIN customers c"
        f" ON c.id = cv.customer_id WHERE c.external_id = '{ext}'")}


# --- PUT: create, then idempotent update --------------------------------------

def test_put_creates_then_is_idempotent(api, sql, token, keyless_plan):
    ext = unique("cust")
    body = {"plan": keyless_plan, "name": "Ann Example", "email": "ann@example.org",
            "phone": "+49 (30) 123-456", "status": "active"}
    r = api.put(f"/api/v1/customers/{ext}", body)
    assert r.status == 201, r
    c = r.json
    assert c["external_id"] == ext and c["name"] == "Ann Example"
    assert c["email"] == "ann@example.org" and c["phone"] == "+49 (30) 123-456"
    assert c["status"] == "active" and c["plan"] == keyless_plan
    assert c["parent"] is None and c["keys"] == 0 and c["devices"] == 0

    r = api.put(f"/api/v1/customers/{ext}", body)
    assert r.status == 200, r
    assert {k: v for k, v in r.json.items() if k != "updated_at"} == \
        {k: v for k, v in c.items() if k != "updated_at"}
    assert api.get(f"/api/v1/customers/{ext}").json["created_at"] == c["created_at"]

    actor = "token:" + token_name(sql, token)
    rows = audit_rows(sql, "customer", ext)
    assert [(a, act) for a, act, _ in rows] == [(actor, "customer.create"),
                                                (actor, "customer.update")]
    assert json.loads(rows[0][2]) == body


def test_put_with_external_id_in_body(api, sql, keyless_plan):
    ext = unique("cust")
    r = api.put(f"/api/v1/customers/{ext}", {"external_id": ext, "plan": keyless_plan})
    assert r.status == 201 and r.json["external_id"] == ext
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{ext}", {"external_id": ext + "x"}),
                       422, "external_id_mismatch", "external_id")


@pytest.mark.parametrize("shape", ["plain", "punctuation", "128 characters", "e-mail"])
def test_external_id_alphabet(api, keyless_plan, shape):
    u = unique("x")
    ext = {"plain": u, "punctuation": "A.b_c:d@e-f" + u,
           "128 characters": (u + "0" * 128)[:128], "e-mail": f"user@{u}.example"}[shape]
    r = api.put(f"/api/v1/customers/{ext}", {"plan": keyless_plan})
    assert r.status == 201, r
    assert api.get(f"/api/v1/customers/{ext}").json["external_id"] == ext


def test_put_update_members(api, keyless_plan):
    ext = make_customer(api, keyless_plan, name="Old", email="a@b.example",
                        phone="123")["external_id"]
    other = make_plan(api, keys_per_customer=0)["name"]
    r = api.put(f"/api/v1/customers/{ext}", {"name": "New", "email": None, "phone": None,
                                             "plan": other, "status": "suspended"})
    assert r.status == 200, r
    c = r.json
    assert (c["name"], c["email"], c["phone"], c["plan"], c["status"]) == \
        ("New", None, None, other, "suspended")
    # Members left out keep their value.
    r = api.put(f"/api/v1/customers/{ext}", {"email": "x@y.example"})
    assert r.status == 200 and r.json["name"] == "New" and r.json["plan"] == other


def test_new_customer_needs_a_plan(api, sql):
    ext = unique("cust")
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{ext}", {"name": "x"}), 422,
                       "missing_field", "plan")
        assert_problem(api.put(f"/api/v1/customers/{ext}", {"plan": unique("nope")}), 422,
                       "unknown_plan", "plan")
    assert_problem(api.get(f"/api/v1/customers/{ext}"), 404, "not_found")


@pytest.mark.parametrize("body,code,field", [
    ({"email": "not-an-address"}, "invalid_email", "email"),
    ({"email": "a@b@c"}, "invalid_email", "email"),
    ({"email": "a b@c.example"}, "invalid_email", "email"),
    ({"phone": "call me"}, "invalid_phone", "phone"),
    ({"name": "line\nbreak"}, "invalid_name", "name"),
    ({"status": "gone"}, "invalid_status", "status"),
    ({"status": ""}, "invalid_length", "status"),
    ({"plan": ""}, "invalid_length", "plan"),
    ({"name": "x" * 256}, "invalid_length", "name"),
    ({"email": "x" * 250 + "@b.example"}, "invalid_length", "email"),
    ({"phone": "1" * 65}, "invalid_length", "phone"),
    ({"name": None}, "invalid_type", "name"),
    ({"status": None}, "invalid_type", "status"),
])
def test_customer_bad_members(api, sql, keyless_plan, body, code, field):
    new = unique("cust")
    full = {"plan": keyless_plan}
    full.update(body)
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{new}", full), 422, code, field)
    ext = make_customer(api, keyless_plan)["external_id"]
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{ext}", body), 422, code, field)
        assert_problem(api.patch(f"/api/v1/customers/{ext}", body), 422, code, field)


# --- provisioning -------------------------------------------------------------

def test_creation_provisions_keys_on_every_network(api, sql, network):
    plan = make_plan(api, keys_per_customer=2)["name"]
    ext = unique("prov")
    r = api.put(f"/api/v1/customers/{ext}", {"plan": plan})
    assert r.status == 201, r
    networks = api.get("/api/v1/networks").json
    assert network["id"] in [n["id"] for n in networks]
    assert r.json["keys"] == 2 * len(networks)

    keys = api.get(f"/api/v1/customers/{ext}/keys").json
    assert len(keys) == 2 * len(networks)
    by_net = {}
    for k in keys:
        by_net.setdefault(k["network"], []).append(k)
    for n in networks:
        ks = by_net[n["id"]]
        assert len(ks) == 2, n
        for k in ks:
            assert k["ssid"] == n["ssid"] and k["customer"] == ext
            assert k["status"] == "active" and k["kind"] == "normal"
            assert len(k["passphrase"]) == 12
            assert set(k["passphrase"]) <= set(READABLE), k["passphrase"]
            assert stored_pmk(sql, k["id"]) == pmk_hex(k["passphrase"], n["ssid"])
        assert ks[0]["passphrase"] != ks[1]["passphrase"]

    # The same PUT again provisions nothing more.
    r = api.put(f"/api/v1/customers/{ext}", {"plan": plan})
    assert r.status == 200 and r.json["keys"] == 2 * len(networks)
    assert customer_keys(sql, ext) == 2 * len(networks)
    assert [k["passphrase"] for k in api.get(f"/api/v1/customers/{ext}/keys").json] == \
        [k["passphrase"] for k in keys]


def test_keys_per_customer_zero(api, sql, keyless_plan):
    ext = make_customer(api, keyless_plan)["external_id"]
    assert customer_keys(sql, ext) == 0
    assert api.get(f"/api/v1/customers/{ext}/keys").json == []


def test_vlan_from_range_distinct_per_customer(api, sql):
    start = free_vlans(sql, 3)
    plan = make_plan(api, vlan_range=f"{start}-{start + 2}", keys_per_customer=0)["name"]
    a = make_customer(api, plan)["external_id"]
    b = make_customer(api, plan)["external_id"]
    nets = {n["id"] for n in api.get("/api/v1/networks").json}
    va, vb = customer_vlans(sql, a), customer_vlans(sql, b)
    assert set(va) == nets and set(vb) == nets
    for n in nets:
        assert start <= va[n] <= start + 2 and start <= vb[n] <= start + 2
        assert va[n] != vb[n]
    # An idempotent PUT keeps the VLANs.
    assert api.put(f"/api/v1/customers/{a}", {"plan": plan}).status == 200
    assert customer_vlans(sql, a) == va


def test_vlan_range_exhausted_writes_nothing(api, sql, keyless_plan):
    start = free_vlans(sql, 1)
    plan = make_plan(api, vlan_range=f"{start}-{start}", keys_per_customer=1)["name"]
    first = make_customer(api, plan)["external_id"]
    assert set(customer_vlans(sql, first).values()) == {start}
    ext = unique("full")
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{ext}", {"plan": plan}), 409,
                       "vlan_range_exhausted", "plan")
    assert_problem(api.get(f"/api/v1/customers/{ext}"), 404, "not_found")

    # Moving an existing customer onto the full plan fails the same way and
    # keeps its old plan.
    other = make_customer(api, keyless_plan)["external_id"]
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/customers/{other}", {"plan": plan}), 409,
                       "vlan_range_exhausted", "plan")
    assert api.get(f"/api/v1/customers/{other}").json["plan"] == keyless_plan

    # Terminating frees nothing (the VLAN stays the customer's) ...
    api.delete(f"/api/v1/customers/{first}")
    assert set(customer_vlans(sql, first).values()) == {start}
    # ... moving it to another plan does.
    assert api.patch(f"/api/v1/customers/{first}", {"plan": keyless_plan}).status == 200
    assert customer_vlans(sql, first) == {}
    assert api.put(f"/api/v1/customers/{ext}", {"plan": plan}).status == 201


def test_plan_change_reallocates_vlans(api, sql):
    s1 = free_vlans(sql, 2)
    p1 = make_plan(api, vlan_range=f"{s1}-{s1 + 1}", keys_per_customer=0)["name"]
    s2 = free_vlans(sql, 2)
    p2 = make_plan(api, vlan_range=f"{s2}-{s2 + 1}", keys_per_customer=0)["name"]
    ext = make_customer(api, p1)["external_id"]
    assert all(s1 <= v <= s1 + 1 for v in customer_vlans(sql, ext).values())
    r = api.patch(f"/api/v1/customers/{ext}", {"plan": p2})
    assert r.status == 200 and r.json["plan"] == p2
    vl = customer_vlans(sql, ext)
    assert vl and all(s2 <= v <= s2 + 1 for v in vl.values())


# --- parents --------------------------------------------------------------------

def test_parent_rules(api, sql, keyless_plan):
    parent = make_customer(api, keyless_plan)["external_id"]
    sub = make_customer(api, keyless_plan, parent=parent)
    assert sub["parent"] == parent
    sub = sub["external_id"]
    other = make_customer(api, keyless_plan)["external_id"]

    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/customers/{other}", {"parent": other}), 422,
                       "invalid_parent", "parent")
        assert_problem(api.patch(f"/api/v1/customers/{other}", {"parent": unique("nobody")}),
                       422, "unknown_parent", "parent")
        # One level only: a sub-customer cannot be a parent.
        assert_problem(api.patch(f"/api/v1/customers/{other}", {"parent": sub}), 422,
                       "invalid_parent", "parent")
        assert_problem(api.put(f"/api/v1/customers/{unique('c')}",
                               {"plan": keyless_plan, "parent": sub}),
                       422, "invalid_parent", "parent")
        # No cycle: the parent cannot become its sub-customer's child.
        assert_problem(api.patch(f"/api/v1/customers/{parent}", {"parent": sub}), 422,
                       "invalid_parent", "parent")

    r = api.patch(f"/api/v1/customers/{sub}", {"parent": other})
    assert r.status == 200 and r.json["parent"] == other
    r = api.patch(f"/api/v1/customers/{sub}", {"parent": None})
    assert r.status == 200 and r.json["parent"] is None


def test_a_parent_cannot_become_a_sub_customer(api, sql, keyless_plan):
    top = make_customer(api, keyless_plan)["external_id"]
    parent = make_customer(api, keyless_plan)["external_id"]
    make_customer(api, keyless_plan, parent=parent)
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/customers/{parent}", {"parent": top}), 422,
                       "invalid_parent", "parent")


# --- GET, list, PATCH, DELETE --------------------------------------------------

def test_get_unknown_customer(api):
    assert_problem(api.get(f"/api/v1/customers/{unique('nobody')}"), 404, "not_found", None)


@pytest.fixture(scope="module")
def population(api):
    """Five customers of a plan of their own, with a word in common."""
    plan = make_plan(api, keys_per_customer=0)["name"]
    word = unique("w").replace("-", "")
    specs = [
        ("a", "Alice " + word.upper(), "active", f"alice@{word}.example"),
        ("b", "Bob", "active", None),
        ("c", f"Carol {word}%x", "suspended", None),
        ("d", f"Dave {word}ab", "suspended", f"dave_{word}@example.org"),
        ("e", "Eve", "active", None),
    ]
    exts = []
    for suffix, name, status, email in specs:
        ext = f"{word}-{suffix}"
        body = {"plan": plan, "name": name, "status": status}
        if email:
            body["email"] = email
        assert api.put(f"/api/v1/customers/{ext}", body).status == 201
        exts.append(ext)
    return {"plan": plan, "word": word, "exts": exts}


def listing(api, query):
    r = api.get("/api/v1/customers?" + query)
    assert r.status == 200, r
    return r.json


def test_list_filter_by_plan(api, population):
    page = listing(api, f"plan={population['plan']}")
    assert page["total"] == 5 and page["page"] == 1 and page["per_page"] == 50
    assert [c["external_id"] for c in page["items"]] == population["exts"]


def test_list_filter_by_status(api, population):
    page = listing(api, f"plan={population['plan']}&status=suspended")
    assert page["total"] == 2
    assert [c["external_id"] for c in page["items"]] == population["exts"][2:4]
    assert all(c["status"] == "suspended" for c in page["items"])
    page = listing(api, f"plan={population['plan']}&status=active")
    assert page["total"] == 3


def test_list_search(api, population):
    w = population["word"]
    # The word is in every external id; names/e-mails hold it for a, c, d.
    assert listing(api, f"search={w}")["total"] == 5
    assert listing(api, f"search={w}-b")["total"] == 1
    # Case-insensitive, in names.
    page = listing(api, f"search=alice {w}".replace(" ", "%20"))
    assert [c["external_id"] for c in page["items"]] == [population["exts"][0]]
    # In e-mail addresses.
    page = listing(api, f"search=dave_{w}")
    assert [c["external_id"] for c in page["items"]] == [population["exts"][3]]
    # % and _ are literal, not wildcards.
    page = listing(api, f"search={w}%25")
    assert [c["external_id"] for c in page["items"]] == [population["exts"][2]]
    page = listing(api, f"search={w}_")
    assert page["total"] == 0
    # Combined with the other filters.
    assert listing(api, f"search={w}&status=suspended&plan={population['plan']}")["total"] == 2
    assert listing(api, f"search={unique('none')}")["items"] == []


def test_list_paging(api, population):
    seen = []
    for page_no, count in ((1, 2), (2, 2), (3, 1), (4, 0)):
        page = listing(api, f"plan={population['plan']}&per_page=2&page={page_no}")
        assert page["total"] == 5 and page["page"] == page_no and page["per_page"] == 2
        assert len(page["items"]) == count
        seen += [c["external_id"] for c in page["items"]]
    assert seen == population["exts"]
    page = listing(api, f"plan={population['plan']}&per_page=200")
    assert page["per_page"] == 200 and len(page["items"]) == 5


def test_building_and_unit(api, sql, keyless_plan):
    """Where a customer lives: set, listed by building, cleared with ""."""
    building = unique("Tower ") .replace("_", " ")
    a, b, other = unique("bld"), unique("bld"), unique("bld")
    r = api.put(f"/api/v1/customers/{a}", {"plan": keyless_plan, "building": building,
                                           "unit": "4B"})
    assert r.status == 201 and r.json["building"] == building and r.json["unit"] == "4B"
    api.put(f"/api/v1/customers/{b}", {"plan": keyless_plan, "building": building})
    api.put(f"/api/v1/customers/{other}", {"plan": keyless_plan, "building": building + "x"})
    r = api.get("/api/v1/customers?building=" + building.replace(" ", "%20"))
    assert r.status == 200
    assert sorted(c["external_id"] for c in r.json["items"]) == sorted([a, b])
    r = api.patch(f"/api/v1/customers/{a}", {"unit": ""})
    assert r.status == 200 and r.json["unit"] is None and r.json["building"] == building
    with unchanged(sql):
        r = api.patch(f"/api/v1/customers/{a}", {"building": "Tower\u0007"})
        assert_problem(r, 422, "invalid_name", "building")
        r = api.patch(f"/api/v1/customers/{a}", {"unit": "x" * 65})
        assert r.status == 422


@pytest.mark.parametrize("query,field", [
    ("page=0", "page"), ("page=-1", "page"), ("page=x", "page"), ("page=1.5", "page"),
    ("page=", "page"), ("page=1000001", "page"), ("per_page=0", "per_page"),
    ("per_page=201", "per_page"), ("per_page=abc", "per_page"),
    ("page=99999999999999999999999", "page"),
])
def test_list_bad_paging(api, sql, query, field):
    with unchanged(sql):
        assert_problem(api.get("/api/v1/customers?" + query), 400, "invalid_parameter", field)


@pytest.mark.parametrize("query", ["search=" + "a" * 129, "plan=" + "p" * 65,
                                   "status=" + "s" * 16])
def test_list_bad_filters(api, sql, query):
    with unchanged(sql):
        assert_problem(api.get("/api/v1/customers?" + query), 400, "invalid_parameter")


@pytest.mark.parametrize("query", ["search=%zz", "search=%", "search=a%2", "plan=%00",
                                   "search=%ff", "page=%"])
def test_list_malformed_query(api, sql, query):
    with unchanged(sql):
        r = api.get("/api/v1/customers?" + query)
        if query == "search=%ff":  # well-formed escape, not UTF-8: searched, finds nothing
            assert r.status in (200, 400), r
            if r.status == 200:
                assert r.json["total"] == 0
            return
        assert_problem(r, 400, "malformed_uri", None)


def test_patch_status_and_plan(api, sql, token, keyless_plan):
    ext = make_customer(api, keyless_plan, name="Pat")["external_id"]
    r = api.patch(f"/api/v1/customers/{ext}", {"status": "suspended"})
    assert r.status == 200 and r.json["status"] == "suspended" and r.json["name"] == "Pat"
    plan = make_plan(api, keys_per_customer=0)["name"]
    r = api.patch(f"/api/v1/customers/{ext}", {"plan": plan, "status": "active"})
    assert r.status == 200 and r.json["plan"] == plan and r.json["status"] == "active"
    assert api.get(f"/api/v1/customers/{ext}").json["plan"] == plan
    actor = "token:" + token_name(sql, token)
    assert [(a, act) for a, act, _ in audit_rows(sql, "customer", ext)][1:] == \
        [(actor, "customer.update")] * 2


def test_patch_unknown_customer_creates_nothing(api, sql, keyless_plan):
    ext = unique("nobody")
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/customers/{ext}",
                                 {"plan": keyless_plan, "status": "active"}),
                       404, "not_found", None)
    assert_problem(api.get(f"/api/v1/customers/{ext}"), 404, "not_found")


def test_delete_terminates(api, sql, token, network, keyless_plan):
    ext = make_customer(api, keyless_plan)["external_id"]
    key = api.post(f"/api/v1/customers/{ext}/keys", {"network": network["id"]}).json
    r = api.delete(f"/api/v1/customers/{ext}")
    assert r.status == 200, r
    assert r.json["status"] == "terminated" and r.json["external_id"] == ext
    assert api.get(f"/api/v1/customers/{ext}").json["status"] == "terminated"
    # Nothing is deleted: the keys are still there.
    assert api.get(f"/api/v1/keys/{key['id']}").status == 200
    assert r.json["keys"] == 1
    actor = "token:" + token_name(sql, token)
    assert audit_rows(sql, "customer", ext)[-1][:2] == (actor, "customer.terminate")
    # Terminated customers are listed under their status.
    page = listing(api, f"status=terminated&search={ext}")
    assert [c["external_id"] for c in page["items"]] == [ext]
    # A PUT can bring it back.
    r = api.put(f"/api/v1/customers/{ext}", {"status": "active"})
    assert r.status == 200 and r.json["status"] == "active"


def test_delete_unknown_customer(api, sql):
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/customers/{unique('nobody')}"), 404,
                       "not_found", None)


def test_customer_counts_devices(api, network, keyless_plan):
    ext = make_customer(api, keyless_plan)["external_id"]
    key = api.post(f"/api/v1/customers/{ext}/keys", {"network": network["id"]}).json
    for _ in range(2):
        r = api.post("/api/v1/devices", {"mac": random_mac(), "customer": ext, "key": key["id"]})
        assert r.status == 201, r
    c = api.get(f"/api/v1/customers/{ext}").json
    assert c["keys"] == 1 and c["devices"] == 2


# --- concurrency ---------------------------------------------------------------

def test_concurrent_provisioning_hands_out_distinct_vlans(api, sql):
    from concurrent.futures import ThreadPoolExecutor
    start = free_vlans(sql, 8)
    plan = make_plan(api, vlan_range=f"{start}-{start + 7}", keys_per_customer=1)["name"]
    exts = [unique("conc") for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda e: api.put(f"/api/v1/customers/{e}", {"plan": plan}), exts))
    assert [r.status for r in results] == [201] * 8, results
    nets = {n["id"] for n in api.get("/api/v1/networks").json}
    per_net = {}
    for e in exts:
        vl = customer_vlans(sql, e)
        assert set(vl) == nets
        for n, v in vl.items():
            per_net.setdefault(n, []).append(v)
    for n, vs in per_net.items():
        assert sorted(vs) == list(range(start, start + 8)), (n, vs)
    with unchanged(sql):
        assert_problem(api.put(f"/api/v1/customers/{unique('conc')}", {"plan": plan}), 409,
                       "vlan_range_exhausted", "plan")


def test_concurrent_puts_of_one_customer(api, sql):
    from concurrent.futures import ThreadPoolExecutor
    plan = make_plan(api, keys_per_customer=1)["name"]
    ext = unique("same")
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: api.put(f"/api/v1/customers/{ext}", {"plan": plan}),
                                range(6)))
    statuses = sorted(r.status for r in results)
    assert statuses.count(201) == 1, results
    for r in results:
        if r.status == 409:
            assert_problem(r, 409, "conflict")
        else:
            assert r.status in (200, 201), r
    nets = len(api.get("/api/v1/networks").json)
    assert customer_keys(sql, ext) == nets  # one set of keys, not one per request
