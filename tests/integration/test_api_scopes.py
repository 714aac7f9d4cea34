# SPDX-License-Identifier: GPL-2.0-or-later
"""The token scope model against the attacks of issue 7, 2.1 ("a token
without `secrets` gets every passphrase"):

- a read,write token registered a NAS with an address and a secret of its
  choosing, then asked RADIUS for any MAC and read the passphrase from the
  Accept. NAS clients, networks and plans are infrastructure now: changing
  them needs `admin`, and the attack stops at its first step;
- a read,write token made a customer it controls the `parent` of a victim
  and read the victim's keys in the portal. Setting, changing or clearing
  `parent` needs `secrets` now.

Each attack is also run with a token that may do it, so the tests can tell
a refusal from a setup that never worked. The CLI mints `admin`."""
import json
import os
import random
import subprocess

import pytest

from conftest import make_token, unique
from portal_client import Browser, make_tenant, text
from test_api_support import assert_problem, make_device, make_plan, tokens, unchanged  # noqa: F401
from test_end_to_end import ACCEPT, radtest_until

PASSWORD = "tenant password 1"


def radtest_once(stack, source, secret, mac, ssid):
    """One Access-Request from source; a reply that never came says
    "timeout"."""
    cmd = [os.path.join(stack["MPSK_BUILD"], "mpsk-radtest"),
           "--server", f"127.0.0.1:{stack['MPSK_RADIUS_AUTH_PORT']}",
           "--secret", secret, "--source", source, "--mac", mac, "--ssid", ssid,
           "--timeout", "1", "--retries", "1"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.stdout, out.stderr
    return json.loads(out.stdout)


def fresh_source(sql):
    """A loopback address (127.20-99.x.y) that no NAS row covers: the other
    RADIUS tests take their addresses from 127.100-250."""
    for _ in range(100):
        addr = "127.%d.%d.%d" % (random.randint(20, 99), random.randint(0, 255),
                                 random.randint(1, 254))
        if sql.value("SELECT COUNT(*) FROM nas WHERE LENGTH(net_start) = 4 AND"
                     f" INET6_ATON('{addr}') BETWEEN net_start AND net_end") == "0":
            return addr
    pytest.skip("no free loopback address")


@pytest.fixture(scope="module")
def victim(api):
    """A customer with a key on its own network and a bound device: what an
    attacker wants the passphrase of. Set up with the full token."""
    ssid = unique("scope")[:32]
    plan = make_plan(api, keys_per_customer=1)["name"]
    net = api.post("/api/v1/networks", {"ssid": ssid})
    assert net.status == 201, net
    ext, name = unique("victim"), unique("Victim")
    assert api.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": name}).status == 201
    key = next(k for k in api.get(f"/api/v1/customers/{ext}/keys").json
               if k["network"] == net.json["id"])
    mac = "02:5c:09:%02x:%02x:%02x" % tuple(random.randrange(256) for _ in range(3))
    make_device(api, ext, key["id"], mac=mac)
    return dict(ssid=ssid, ext=ext, name=name, mac=mac, passphrase=key["passphrase"],
                plan=plan, network=net.json["id"])


# --- NAS clients: the RADIUS attack -------------------------------------------------

@pytest.mark.parametrize("who", ["rw", "rws", "write"])
def test_write_token_cannot_register_a_nas_to_read_passphrases(stack, api, sql, tokens,
                                                                victim, who):
    source, secret = fresh_source(sql), "attacker-chosen-" + unique("s")
    with unchanged(sql):
        r = api.post("/api/v1/nas", {"name": unique("evil-ap"), "address": source,
                                     "secret": secret, "vendor": "hostapd"},
                     token=tokens[who])
        body = assert_problem(r, 403, "insufficient_scope", None)
        assert "admin" in body["detail"]
    assert sql.value("SELECT COUNT(*) FROM nas WHERE"
                     f" INET6_ATON('{source}') BETWEEN net_start AND net_end") == "0"
    # The second step of the attack gets nothing: FreeRADIUS does not know
    # the address, so it drops the packet.
    reply = radtest_once(stack, source, secret, victim["mac"], victim["ssid"])
    assert reply.get("timeout") and not reply.get("passphrase"), reply


def test_admin_token_registers_a_nas_that_radius_serves(stack, api, sql, tokens, victim):
    """The counterpart: with admin the same request works, and RADIUS then
    answers that NAS with the passphrase; this is why NAS clients are not
    for write tokens."""
    source, secret = fresh_source(sql), "operator-chosen-" + unique("s")
    r = api.post("/api/v1/nas", {"name": unique("ap"), "address": source,
                                 "secret": secret, "vendor": "hostapd"}, token=tokens["ra"])
    assert r.status == 201, r
    reply = radtest_until(stack, source, secret, victim["mac"], victim["ssid"], ACCEPT)
    assert reply["code"] == ACCEPT and reply["passphrase"] == victim["passphrase"], reply
    assert api.delete(f"/api/v1/nas/{r.json['id']}", token=tokens["ra"]).status == 204


def test_write_token_cannot_change_or_remove_a_nas(api, sql, tokens):
    nas = api.post("/api/v1/nas", {"name": unique("ap"), "address": fresh_source(sql),
                                   "secret": "operator-secret-" + unique("s")})
    assert nas.status == 201, nas
    path = f"/api/v1/nas/{nas.json['id']}"
    with unchanged(sql):
        for who in ("rw", "rws"):
            # Pointing an existing NAS at the attacker, or taking its secret.
            for change in ({"address": fresh_source(sql)},
                           {"secret": "attacker-chosen-" + unique("s")}):
                assert_problem(api.patch(path, change, token=tokens[who]),
                               403, "insufficient_scope", None)
            assert_problem(api.delete(path, token=tokens[who]), 403, "insufficient_scope", None)
    # Reading the list and one NAS stays a read (and never shows a secret).
    for who in ("read", "rw"):
        r = api.get(path, token=tokens[who])
        assert r.status == 200 and "secret" not in r.json, r
        assert api.get("/api/v1/nas", token=tokens[who]).status == 200
    assert api.patch(path, {"vendor": "mikrotik"}, token=tokens["ra"]).status == 200
    assert api.delete(path, token=tokens["ra"]).status == 204


# --- plans and networks -------------------------------------------------------------

def test_write_token_cannot_create_alter_or_delete_plans_and_networks(api, sql, tokens):
    plan = make_plan(api, keys_per_customer=0)["name"]
    net = api.post("/api/v1/networks", {"ssid": unique("scope")[:32]})
    assert net.status == 201, net
    net_path = f"/api/v1/networks/{net.json['id']}"
    with unchanged(sql):
        for who in ("rw", "rws", "write"):
            t = tokens[who]
            for r in (api.post("/api/v1/plans", {"name": unique("plan")}, token=t),
                      api.patch(f"/api/v1/plans/{plan}", {"vlan": 99}, token=t),
                      api.delete(f"/api/v1/plans/{plan}", token=t),
                      api.post("/api/v1/networks", {"ssid": unique("net")[:32]}, token=t),
                      api.patch(net_path, {"ssid": unique("net")[:32]}, token=t),
                      api.delete(net_path, token=t)):
                body = assert_problem(r, 403, "insufficient_scope", None)
                assert "admin" in body["detail"], body
    # Reading them needs read only.
    assert api.get(f"/api/v1/plans/{plan}", token=tokens["read"]).status == 200
    assert api.get(net_path, token=tokens["read"]).status == 200
    assert api.get("/api/v1/networks", token=tokens["read"]).status == 200
    # read,admin does all of it, without write.
    t = tokens["ra"]
    other = unique("plan")
    assert api.post("/api/v1/plans", {"name": other}, token=t).status == 201
    assert api.patch(f"/api/v1/plans/{other}", {"rate_up_kbps": 5}, token=t).status == 200
    assert api.delete(f"/api/v1/plans/{other}", token=t).status == 204
    assert api.patch(net_path, {"site": "changed"}, token=t).status == 200
    assert api.delete(net_path, token=t).status == 204
    # ... and admin is not write: customers stay out of its reach.
    assert_problem(api.put(f"/api/v1/customers/{unique('c')}", {"plan": plan}, token=t),
                   403, "insufficient_scope", None)


# --- parent: the portal attack ------------------------------------------------------

def parent_of(sql, ext):
    return sql.value("SELECT p.external_id FROM customers c LEFT JOIN customers p"
                     f" ON p.id = c.parent_id WHERE c.external_id = '{ext}'")


def test_write_token_cannot_adopt_a_victim_to_read_its_keys(stack, api, sql, tokens, victim):
    """The attacker signs up (here: a tenant with a sign-in, as self-signup
    makes one), makes itself the victim's parent with a read,write token, and
    would then see the victim's passphrase in its portal."""
    attacker, user = make_tenant(stack, api, victim["plan"], PASSWORD, name="Attacker")
    with unchanged(sql):
        r = api.patch(f"/api/v1/customers/{victim['ext']}", {"parent": attacker},
                      token=tokens["rw"])
        body = assert_problem(r, 403, "insufficient_scope", "parent")
        assert "secrets" in body["detail"]
    assert parent_of(sql, victim["ext"]) in (None, "NULL", "")
    web = Browser(stack["MPSK_NGINX_URL"])
    assert web.signin("portal", user, PASSWORD).status == 303
    page = text(web.get("/portal/keys"))
    assert victim["name"] not in page and victim["passphrase"] not in page

    # The counterpart: with secrets the change is allowed, and then the
    # portal shows the victim's keys to its new parent, which is what the
    # check protects.
    r = api.patch(f"/api/v1/customers/{victim['ext']}", {"parent": attacker},
                  token=tokens["rws"])
    assert r.status == 200 and r.json["parent"] == attacker, r
    try:
        assert victim["name"] in text(web.get("/portal/keys"))
    finally:
        assert api.patch(f"/api/v1/customers/{victim['ext']}", {"parent": None},
                         token=tokens["rws"]).status == 200


def test_parent_needs_secrets_on_create_and_on_update(api, sql, tokens, victim):
    plan = victim["plan"]
    top = api.put(f"/api/v1/customers/{unique('top')}", {"plan": plan}).json["external_id"]
    other = api.put(f"/api/v1/customers/{unique('top')}", {"plan": plan}).json["external_id"]
    sub = unique("sub")
    with unchanged(sql):
        for who in ("rw", "write"):
            t = tokens[who]
            # On create, by PUT.
            assert_problem(api.put(f"/api/v1/customers/{sub}", {"plan": plan, "parent": top},
                                   token=t), 403, "insufficient_scope", "parent")
            # Whatever is named: the same 403, not a 422 that checks it first.
            for name in (unique("nobody"), sub):
                assert_problem(api.put(f"/api/v1/customers/{sub}",
                                       {"plan": plan, "parent": name}, token=t),
                               403, "insufficient_scope", "parent")
            # Setting one on an existing customer, by PUT and by PATCH.
            assert_problem(api.put(f"/api/v1/customers/{other}", {"parent": top}, token=t),
                           403, "insufficient_scope", "parent")
            assert_problem(api.patch(f"/api/v1/customers/{other}", {"parent": top}, token=t),
                           403, "insufficient_scope", "parent")
    assert sql.value(f"SELECT COUNT(*) FROM customers WHERE external_id = '{sub}'") == "0"

    # With secrets: created as a sub-customer.
    r = api.put(f"/api/v1/customers/{sub}", {"plan": plan, "parent": top}, token=tokens["rws"])
    assert r.status == 201 and r.json["parent"] == top, r
    with unchanged(sql):
        for who in ("rw", "write"):
            t = tokens[who]
            # Changing it, and clearing it (which moves the keys out of
            # the parent's sight and may be the first half of a move).
            assert_problem(api.patch(f"/api/v1/customers/{sub}", {"parent": other}, token=t),
                           403, "insufficient_scope", "parent")
            assert_problem(api.patch(f"/api/v1/customers/{sub}", {"parent": None}, token=t),
                           403, "insufficient_scope", "parent")
    assert parent_of(sql, sub) == top
    # A billing system that sends the whole record back, parent unchanged,
    # needs only write; so does any change that leaves parent alone.
    r = api.put(f"/api/v1/customers/{sub}", {"plan": plan, "parent": top, "name": "Same"},
                token=tokens["rw"])
    assert r.status == 200 and r.json["parent"] == top and r.json["name"] == "Same", r
    assert api.patch(f"/api/v1/customers/{sub}", {"status": "suspended"},
                     token=tokens["rw"]).status == 200
    assert api.patch(f"/api/v1/customers/{other}", {"parent": None},
                     token=tokens["rw"]).status == 200, "no parent, none asked for"
    # With secrets: changed and cleared.
    r = api.patch(f"/api/v1/customers/{sub}", {"parent": other}, token=tokens["rws"])
    assert r.status == 200 and r.json["parent"] == other, r
    r = api.patch(f"/api/v1/customers/{sub}", {"parent": None}, token=tokens["rws"])
    assert r.status == 200 and r.json["parent"] is None, r


# --- the CLI mints admin ------------------------------------------------------------

def mpsk(stack, *args):
    return subprocess.run([os.path.join(stack["MPSK_BUILD"], "mpsk"), "-c",
                           stack["MPSK_CONFIG"], *args], capture_output=True, text=True)


def test_cli_mints_an_admin_token(stack, api, sql):
    name = unique("infra")
    tok = make_token(stack, "read,admin", name)
    assert sql.value(f"SELECT scopes FROM api_tokens WHERE name = '{name}'") == "read,admin"
    plan = unique("plan")
    r = api.post("/api/v1/plans", {"name": plan}, token=tok)
    assert r.status == 201, r
    assert api.delete(f"/api/v1/plans/{plan}", token=tok).status == 204
    # Every scope at once, in any order.
    name = unique("all")
    make_token(stack, "admin,secrets,write,read", name)
    assert sql.value(f"SELECT scopes FROM api_tokens WHERE name = '{name}'") == \
        "read,write,secrets,admin"


@pytest.mark.parametrize("scopes", ["", "root", "read,adm", "read,Admin", "read,,admin",
                                    "read, admin"])
def test_cli_refuses_unknown_scopes(stack, sql, scopes):
    name = unique("bad")
    p = mpsk(stack, "token", "create", "--name", name, "--scopes", scopes)
    assert p.returncode == 2 and "admin" in p.stderr and not p.stdout, p
    assert sql.value(f"SELECT COUNT(*) FROM api_tokens WHERE name = '{name}'") == "0"


def test_cli_usage_names_admin(stack):
    p = mpsk(stack, "help")
    assert "--scopes read,write,secrets,admin" in p.stderr, p
