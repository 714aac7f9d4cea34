# SPDX-License-Identifier: GPL-2.0-or-later
"""NAS clients (issue 7, findings 1 and 4): a range that overlaps another
NAS's is refused unless the request says allow_overlap, in the API and in
the dashboard; secrets are at least 16 characters or made by the server
and shown once; weak secrets of older rows are flagged; a NAS can be
bound to the networks it serves."""
import os
import random
import re

import pytest

from conftest import unique
from portal_client import Browser, make_staff, text
from test_api_support import (assert_problem, audit_rows, make_network, random_v4_cidr,
                              unchanged)

SECRET = "Str0ng-enough-secret"


def free_v4_24(sql):
    """A 100.64.0.0/10 /24 that no nas row touches (the other tests use
    10.0.0.0/8 and loopback)."""
    while True:
        net = f"100.{random.randrange(64, 128)}.{random.randrange(256)}"
        if sql.value("SELECT COUNT(*) FROM nas WHERE LENGTH(net_start) = 4 AND "
                     f"net_start <= INET6_ATON('{net}.255') AND "
                     f"net_end >= INET6_ATON('{net}.0')") == "0":
            return net


def new_nas(api, address, **kw):
    body = {"name": unique("nas"), "address": address, "secret": SECRET}
    body.update(kw)
    return api.post("/api/v1/nas", body)


def test_overlapping_nas_needs_allow_overlap(api, sql):
    """A /32 inside an AP network's /24 used to win silently (the most
    specific range answers, with its own secret)."""
    net = free_v4_24(sql)
    wide = new_nas(api, f"{net}.0/24")
    assert wide.status == 201, wide
    with unchanged(sql):
        p = assert_problem(new_nas(api, f"{net}.7"), 409, "nas_overlap", "address")
        assert wide.json["name"] in p["detail"] and "allow_overlap" in p["detail"]
        # A wider range over it, and allow_overlap false, likewise.
        assert_problem(new_nas(api, f"{net[:net.rindex('.')]}.0.0/16"), 409, "nas_overlap")
        assert_problem(new_nas(api, f"{net}.8", allow_overlap=False), 409, "nas_overlap")
    narrow = new_nas(api, f"{net}.7", allow_overlap=True)
    assert narrow.status == 201, narrow
    assert "allow_overlap" not in narrow.json

    # Changing an address into the range: the same rule.
    other = new_nas(api, random_v4_cidr())
    assert other.status == 201, other
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/nas/{other.json['id']}",
                                 {"address": f"{net}.9"}), 409, "nas_overlap", "address")
    r = api.patch(f"/api/v1/nas/{other.json['id']}",
                  {"address": f"{net}.9", "allow_overlap": True})
    assert r.status == 200 and r.json["address"] == f"{net}.9", r
    # Changing something else of an overlapping NAS needs no flag.
    r = api.patch(f"/api/v1/nas/{narrow.json['id']}", {"coa_port": 1700})
    assert r.status == 200, r
    # The very same address is still a duplicate.
    assert_problem(new_nas(api, f"{net}.0/24", allow_overlap=True), 409, "duplicate_nas")
    for n in (narrow, other, wide):
        assert api.delete(f"/api/v1/nas/{n.json['id']}").status == 204


def test_secret_made_by_the_server_is_shown_once(api, sql, stack):
    r = api.post("/api/v1/nas", {"name": unique("nas"), "address": random_v4_cidr()})
    assert r.status == 201, r
    made = r.json["secret"]
    assert len(made) >= 16 and re.fullmatch(r"[A-Za-z0-9]+", made), made
    assert r.json["secret_weak"] is False
    nid = r.json["id"]
    assert sql.value(f"SELECT secret FROM nas WHERE id = {nid}") == made
    # Never again: not in the NAS, the list, the audit log or any log.
    assert made.encode() not in api.get(f"/api/v1/nas/{nid}").body
    assert made.encode() not in api.get("/api/v1/nas").body
    assert all(made not in (d or "") for _, _, d in audit_rows(sql, "nas", nid))
    for top, _, files in os.walk(stack["MPSK_STACK_DIR"]):
        for log in (f for f in files if f.endswith(".log")):
            with open(os.path.join(top, log), errors="replace") as fh:
                assert made not in fh.read(), log
    # Two NASes never get the same one.
    r2 = api.post("/api/v1/nas", {"name": unique("nas"), "address": random_v4_cidr()})
    assert r2.status == 201 and r2.json["secret"] != made
    for n in (nid, r2.json["id"]):
        assert api.delete(f"/api/v1/nas/{n}").status == 204


@pytest.mark.parametrize("secret,ok", [("a" * 15, False), ("a" * 16, True),
                                       ("abcdefgh", False)])
def test_short_secret_refused(api, sql, secret, ok):
    if not ok:
        with unchanged(sql):
            p = assert_problem(new_nas(api, random_v4_cidr(), secret=secret), 422,
                               "weak_secret", "secret")
            assert "16" in p["detail"]
        return
    r = new_nas(api, random_v4_cidr(), secret=secret)
    assert r.status == 201 and r.json["secret_weak"] is False and "secret" not in r.json
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/nas/{r.json['id']}", {"secret": "x" * 15}),
                       422, "weak_secret", "secret")
    assert api.delete(f"/api/v1/nas/{r.json['id']}").status == 204


def test_weak_secret_of_an_older_row_is_flagged(api, sql, stack):
    """A row written before secrets had to be 16 characters (as migration
    0007 flags them) shows secret_weak in the API and a badge in the
    dashboard, until a strong secret replaces it."""
    r = new_nas(api, random_v4_cidr())
    nid = r.json["id"]
    assert r.json["secret_weak"] is False
    # As 0007 left a row that had an 8-character secret.
    sql.run(f"UPDATE nas SET secret = 'abcdefgh', secret_weak = 1 WHERE id = {nid}")
    assert api.get(f"/api/v1/nas/{nid}").json["secret_weak"] is True
    assert [n["secret_weak"] for n in api.get("/api/v1/nas").json if n["id"] == nid] == [True]
    b = Browser(stack["MPSK_NGINX_URL"])
    assert b.signin("staff", make_staff(stack, "admin"), "staff password 1").status == 303
    page = b.get("/staff/nas").body.decode()
    row = re.search(r'<tr><td><a href="/staff/nas/%d">.*?</tr>' % nid, page)
    assert row and "weak secret" in row.group(0), row
    r = api.patch(f"/api/v1/nas/{nid}", {"secret": SECRET})
    assert r.status == 200 and r.json["secret_weak"] is False
    row = re.search(r'<tr><td><a href="/staff/nas/%d">.*?</tr>' % nid,
                    b.get("/staff/nas").body.decode())
    assert row and "weak secret" not in row.group(0)
    assert api.delete(f"/api/v1/nas/{nid}").status == 204


def test_nas_networks(api, sql):
    n1, n2 = make_network(api), make_network(api)
    r = new_nas(api, random_v4_cidr(), networks=[n2["id"], n1["id"]])
    assert r.status == 201, r
    nid = r.json["id"]
    assert r.json["networks"] == sorted([n1["id"], n2["id"]])
    assert sql.value(f"SELECT COUNT(*) FROM nas_networks WHERE nas_id = {nid}") == "2"
    with unchanged(sql):
        assert_problem(api.patch(f"/api/v1/nas/{nid}", {"networks": [999999999]}),
                       422, "unknown_network", "networks")
        assert_problem(api.patch(f"/api/v1/nas/{nid}", {"networks": [n1["id"], n1["id"]]}),
                       422, "invalid_network", "networks")
        assert_problem(api.patch(f"/api/v1/nas/{nid}", {"networks": ["x"]}),
                       422, "invalid_network", "networks")
    r = api.patch(f"/api/v1/nas/{nid}", {"networks": [n1["id"]]})
    assert r.status == 200 and r.json["networks"] == [n1["id"]]
    # A network a NAS serves cannot go: the NAS would serve every network.
    with unchanged(sql):
        assert_problem(api.delete(f"/api/v1/networks/{n1['id']}"), 409, "network_in_use")
    # Left out: unchanged; empty: every network.
    assert api.patch(f"/api/v1/nas/{nid}", {"coa_port": 1700}).json["networks"] == [n1["id"]]
    assert api.patch(f"/api/v1/nas/{nid}", {"networks": []}).json["networks"] == []
    assert api.delete(f"/api/v1/nas/{nid}").status == 204
    for n in (n1, n2):
        assert api.delete(f"/api/v1/networks/{n['id']}").status == 204


def test_dashboard_nas_form(api, sql, stack):
    """The staff NAS form: a form message for an overlap and for a short
    secret, the same explicit override, a made secret shown once, and the
    networks it serves."""
    b = Browser(stack["MPSK_NGINX_URL"])
    assert b.signin("staff", make_staff(stack, "admin"), "staff password 1").status == 303
    b.get("/staff/nas")
    net = free_v4_24(sql)
    wide = new_nas(api, f"{net}.0/24")
    name = unique("nas")
    form = {"name": name, "address": f"{net}.5", "vendor": "standard",
            "require_message_authenticator": "on", "coa_port": "3799"}

    with unchanged(sql):
        r = b.post("/staff/nas", dict(form, secret=SECRET))
        # The create form answers every refusal with 422 and its message.
        assert r.status == 422, r
        assert re.search(r'role="alert">[^<]*overlaps NAS ' + re.escape(wide.json["name"]),
                         r.body.decode())
        r = b.post("/staff/nas", dict(form, secret="short-secret", allow_overlap="on"))
        assert r.status == 422 and "at least 16 characters" in text(r), r

    # With the box ticked and no secret: made by the server, shown on
    # this answer only.
    netw = make_network(api)
    r = b.post("/staff/nas", dict(form, allow_overlap="on", networks=str(netw["id"])))
    assert r.status == 201, r
    made = sql.value(f"SELECT secret FROM nas WHERE name = '{name}'")
    assert len(made) >= 16 and made in r.body.decode()
    assert "shown only this once" in text(r)
    assert made not in b.get("/staff/nas").body.decode()
    nid = int(sql.value(f"SELECT id FROM nas WHERE name = '{name}'"))
    assert api.get(f"/api/v1/nas/{nid}").json["networks"] == [netw["id"]]
    edit = b.get(f"/staff/nas/{nid}").body.decode()
    assert made not in edit
    assert re.search(r'name="networks" value="%d" checked' % netw["id"], edit)

    # Moving another NAS into the range from its edit page: the same.
    other = new_nas(api, random_v4_cidr())
    oid = other.json["id"]
    b.get(f"/staff/nas/{oid}")
    edit_form = {"name": other.json["name"], "address": f"{net}.6", "vendor": "standard",
                 "require_message_authenticator": "on", "coa_port": "3799"}
    with unchanged(sql):
        r = b.post(f"/staff/nas/{oid}", edit_form)
        assert r.status == 409 and "overlaps NAS" in text(r), r
    r = b.post(f"/staff/nas/{oid}", dict(edit_form, allow_overlap="on"))
    assert r.status == 303, r
    assert api.get(f"/api/v1/nas/{oid}").json["address"] == f"{net}.6"
    for n in (nid, oid, wide.json["id"]):
        assert api.delete(f"/api/v1/nas/{n}").status == 204
    assert api.delete(f"/api/v1/networks/{netw['id']}").status == 204
