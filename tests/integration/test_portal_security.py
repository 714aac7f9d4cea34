# SPDX-License-Identifier: GPL-2.0-or-later
"""The portal's and dashboard's security contract over HTTP, through nginx
and FastCGI: sessions and cookies, sign-in limits, CSRF on every POST,
tenants confined to their own objects (404, not 403), roles, escaping."""
import csv
import io
import os
import re
import time

import pytest

from conftest import unique
from portal_client import Browser, cli, make_staff, make_tenant, text
from test_api_support import make_device, make_key, make_plan, network, random_mac

PASSWORD = "tenant password 1"


@pytest.fixture(scope="module")
def plan(api):
    return make_plan(api, keys_per_customer=1, guest_keys_max=2, guest_days_max=3)["name"]


@pytest.fixture
def web(stack):
    return Browser(stack["MPSK_NGINX_URL"])


def signed_in(stack, api, plan, **fields):
    ext, user = make_tenant(stack, api, plan, PASSWORD, **fields)
    b = Browser(stack["MPSK_NGINX_URL"])
    r = b.signin("portal", user, PASSWORD)
    assert r.status == 303 and r.headers["Location"] == "/portal/", r
    return b, ext, user


def key_ids(api, ext):
    return [k["id"] for k in api.get(f"/api/v1/customers/{ext}/keys").json]


def passphrase(api, key_id):
    return api.get(f"/api/v1/keys/{key_id}").json["passphrase"]


# --- headers and cookies ---------------------------------------------------

def test_pages_carry_the_security_headers(web):
    r = web.get("/portal/signin")
    assert r.status == 200
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["Cache-Control"] == "no-store"
    assert b"<script>" not in r.body and b" on" not in re.sub(rb"<[^>]*>", b"", r.body)[:0]
    assert not re.search(rb"<script(?![^>]*\bsrc=)", r.body), "inline script"


def test_pages_outside_the_api_answer_in_html(web):
    r = web.get("/")
    assert r.status == 303 and r.headers["Location"] == "/portal/"
    r = web.get("/no/such/page")
    assert r.status == 404 and r.headers["Content-Type"].startswith("text/html")
    assert "no such page" in text(r)
    r = web.request("DELETE", "/portal/signin")
    assert r.status == 405 and set(r.headers["Allow"].split(", ")) == {"GET", "POST"}
    r = web.get("/static/../mpsk.conf")
    assert r.status in (400, 404)
    r = web.get("/static/mpsk.css")
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/css")


def test_session_cookie_flags_and_rotation(stack, api, plan):
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    b = Browser(stack["MPSK_NGINX_URL"])
    b.get("/portal/signin")
    pre = b.cookie("mpsk_csrf")
    assert pre is not None and pre.has_nonstandard_attr("HttpOnly")
    r = b.post("/portal/signin", {"username": user, "password": PASSWORD})
    assert r.status == 303
    set_cookie = r.headers["Set-Cookie"]
    assert "mpsk_tenant=" in set_cookie and "HttpOnly" in set_cookie
    assert "SameSite=Strict" in set_cookie and "Path=/portal" in set_cookie
    assert "Secure" not in set_cookie  # plain HTTP here; nginx passes HTTPS in production
    first = b.cookie("mpsk_tenant").value
    # Signing in again (with the session's own form token) gives a new
    # session id and ends the old one.
    b.get("/portal/keys")
    r = b.post("/portal/signin", {"username": user, "password": PASSWORD})
    assert r.status == 303 and r.headers["Location"] == "/portal/"
    second = b.cookie("mpsk_tenant").value
    assert second != first
    old = Browser(stack["MPSK_NGINX_URL"])
    old.jar.set_cookie(_cookie("mpsk_tenant", first, "/portal"))
    r = old.get("/portal/keys")
    assert r.status == 303 and r.headers["Location"] == "/portal/signin"


def _cookie(name, value, path):
    import http.cookiejar
    return http.cookiejar.Cookie(0, name, value, None, False, "127.0.0.1", False, False,
                                 path, True, False, None, False, None, None, {})


def test_a_planted_session_cookie_is_replaced(stack, api, plan):
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    b = Browser(stack["MPSK_NGINX_URL"])
    planted = "A" * 43
    b.jar.set_cookie(_cookie("mpsk_tenant", planted, "/portal"))
    assert b.signin("portal", user, PASSWORD).status == 303
    assert b.cookie("mpsk_tenant").value != planted


def test_signout_ends_the_session_on_the_server(stack, api, plan):
    b, ext, user = signed_in(stack, api, plan)
    token = b.cookie("mpsk_tenant").value
    assert b.get("/portal/keys").status == 200
    r = b.post("/portal/signout")
    assert r.status == 303 and "signedout" in r.headers["Location"]
    thief = Browser(stack["MPSK_NGINX_URL"])
    thief.jar.set_cookie(_cookie("mpsk_tenant", token, "/portal"))
    assert thief.get("/portal/keys").status == 303


def test_expired_session_sends_to_signin(stack, api, sql, plan):
    b, ext, user = signed_in(stack, api, plan)
    sql.run("UPDATE sessions s JOIN accounts a ON a.id = s.account_id"
            f" SET s.expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE a.username = '{user}'")
    r = b.get("/portal/keys")
    assert r.status == 303 and r.headers["Location"] == "/portal/signin"


def test_tenant_session_does_not_open_the_dashboard(stack, api, plan):
    b, ext, user = signed_in(stack, api, plan)
    token = b.cookie("mpsk_tenant").value
    b.jar.set_cookie(_cookie("mpsk_staff", token, "/staff"))
    r = b.get("/staff/customers")
    assert r.status == 303 and r.headers["Location"] == "/staff/signin"


# --- sign-in limits: tests/integration/test_portal_signin.py -------------------

# --- CSRF ---------------------------------------------------------------------

def test_every_post_needs_the_csrf_token(stack, api, sql, plan, network):
    b, ext, user = signed_in(stack, api, plan)
    kid = key_ids(api, ext)[0]
    before = passphrase(api, kid)
    for form in ({}, {"csrf": "x" * 43}, {"csrf": ""}):
        r = b.post(f"/portal/keys/{kid}/rotate", form, csrf=False)
        assert r.status == 403 and "form has expired" in text(r)
        r = b.post("/portal/devices", dict(form, mac=random_mac(), name="x"), csrf=False)
        assert r.status == 403
    assert passphrase(api, kid) == before
    assert api.get(f"/api/v1/devices?customer={ext}").json == []
    # The token of another session is no better.
    other, _, _ = signed_in(stack, api, plan)
    other.get("/portal/keys")
    r = b.post(f"/portal/keys/{kid}/rotate", {"csrf": other.csrf}, csrf=False)
    assert r.status == 403 and passphrase(api, kid) == before
    # A form sent as something else is refused too.
    r = b.request("POST", f"/portal/keys/{kid}/rotate", raw=b'{"csrf":"%s"}' % b.csrf.encode(),
                  headers={"Content-Type": "application/json"})
    assert r.status == 415 and passphrase(api, kid) == before


def test_signin_needs_the_pre_session_token(stack, api, plan, web):
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    r = web.post("/portal/signin", {"username": user, "password": PASSWORD}, csrf=False)
    assert r.status == 403 and web.cookie("mpsk_tenant") is None


# --- tenants stay in their own lane ------------------------------------------------

def test_other_tenants_objects_are_404(stack, api, sql, plan, network):
    a, a_ext, _ = signed_in(stack, api, plan)
    b_ext, _ = make_tenant(stack, api, plan, PASSWORD)
    b_key = key_ids(api, b_ext)[0]
    b_dev = make_device(api, b_ext, key=b_key)["id"]
    before = passphrase(api, b_key)
    for path in (f"/portal/keys/{b_key}", f"/portal/keys/{b_key}?show=1",
                 f"/portal/keys/{b_key}/qr.png", f"/portal/keys/{b_key}/card.pdf",
                 f"/portal/keys/{b_key}/rotate", f"/portal/devices/{b_dev}",
                 "/portal/keys/999999999", "/portal/keys/0", "/portal/keys/-1",
                 "/portal/keys/abc"):
        r = a.get(path)
        assert r.status == 404, (path, r)
        assert before not in r.body.decode(errors="replace")
    a.get("/portal/keys")
    for path, form in ((f"/portal/keys/{b_key}/rotate", {}),
                       (f"/portal/guests/{b_key}/revoke", {}),
                       (f"/portal/devices/{b_dev}/rename", {"name": "mine now"}),
                       (f"/portal/devices/{b_dev}/remove", {}),
                       ("/portal/devices", {"mac": random_mac(), "name": "x", "key": str(b_key)})):
        r = a.post(path, form)
        assert r.status == 404, (path, r)
    assert passphrase(api, b_key) == before
    assert [d["name"] for d in api.get(f"/api/v1/devices?customer={b_ext}").json] == \
        [api.get(f"/api/v1/devices/{b_dev}").json["name"]]
    assert api.get(f"/api/v1/devices/{b_dev}").status == 200


def test_parent_sees_sub_customers_and_not_the_other_way(stack, api, plan):
    parent, p_ext, _ = signed_in(stack, api, plan)
    child_ext, child_user = make_tenant(stack, api, plan, PASSWORD, parent=p_ext,
                                        name="Child " + unique())
    child_key = key_ids(api, child_ext)[0]
    parent_key = key_ids(api, p_ext)[0]
    assert parent.get(f"/portal/keys/{child_key}").status == 200
    assert "Child" in text(parent.get("/portal/keys"))
    child = Browser(parent.base)
    assert child.signin("portal", child_user, PASSWORD).status == 303
    assert child.get(f"/portal/keys/{parent_key}").status == 404
    assert f"/portal/keys/{parent_key}\"" not in child.get("/portal/keys").body.decode()


# --- tenant flows at the HTTP level ----------------------------------------------

def test_reveal_rotate_and_qr(stack, api, plan, network):
    b, ext, user = signed_in(stack, api, plan)
    kid = key_ids(api, ext)[0]
    old = passphrase(api, kid)
    page = b.get(f"/portal/keys/{kid}")
    assert page.status == 200 and old not in page.body.decode()
    assert old in text(b.get(f"/portal/keys/{kid}?show=1"))
    qr = b.get(f"/portal/keys/{kid}/qr.png")
    assert qr.status == 200 and qr.headers["Content-Type"] == "image/png"
    assert qr.body[:8] == b"\x89PNG\r\n\x1a\n"
    b.get(f"/portal/keys/{kid}/rotate")
    r = b.post(f"/portal/keys/{kid}/rotate")
    assert r.status == 303 and old not in r.headers["Location"]
    new = passphrase(api, kid)
    assert new != old
    assert new in text(b.get(r.headers["Location"])) and old not in b.get(
        f"/portal/keys/{kid}?show=1").body.decode()


def test_device_spellings_and_a_bad_mac(stack, api, plan, network):
    b, ext, user = signed_in(stack, api, plan)
    kid = key_ids(api, ext)[0]
    b.get("/portal/devices")
    macs = []
    for spell in ("AA-BB-CC-%02X-%02X-01", "aabb.cc%02x.%02x01", "AABBCC%02X%02X01"):
        n = int(time.time() * 1000) % 256
        m = unique()[-4:]
        mac = spell % (int(m[:2], 16), int(m[2:], 16))
        r = b.post("/portal/devices", {"mac": mac, "name": "Phone " + mac, "key": str(kid)})
        assert r.status == 303, text(r)
        macs.append(mac)
    devices = api.get(f"/api/v1/devices?customer={ext}").json
    assert len(devices) == 3 and {d["key"] for d in devices} == {kid}
    assert all(d["added_by"] == "tenant" for d in devices)
    r = b.post("/portal/devices", {"mac": "not-a-mac", "name": "Bad", "key": str(kid)})
    assert r.status == 422 and "six hex octets" in text(r)
    assert len(api.get(f"/api/v1/devices?customer={ext}").json) == 3
    dev = devices[0]["id"]
    r = b.post(f"/portal/devices/{dev}/rename", {"name": "Renamed <b>x</b>"})
    assert r.status == 303
    assert api.get(f"/api/v1/devices/{dev}").json["name"] == "Renamed <b>x</b>"
    page = b.get("/portal/devices").body.decode()
    assert "Renamed &lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    r = b.post(f"/portal/devices/{dev}/remove")
    assert r.status == 303 and api.get(f"/api/v1/devices/{dev}").status == 404


def test_guest_keys_within_the_plan(stack, api, sql, plan, network):
    b, ext, user = signed_in(stack, api, plan)
    b.get("/portal/guests")
    start = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() - 60))
    end = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 86400))
    too_long = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 5 * 86400))
    form = {"label": "Party", "network": str(network["id"]), "starts": start,
            "ends": end, "tz": ""}
    r = b.post("/portal/guests", dict(form, ends=too_long))
    assert r.status == 422 and "at most 3 days" in text(r)
    r = b.post("/portal/guests", dict(form, ends=start, starts=end))
    assert r.status == 422 and "end after it starts" in text(r)
    created = []
    for i in range(2):
        r = b.post("/portal/guests", dict(form, label=f"Party {i}"))
        assert r.status == 303, text(r)
        created.append(int(re.search(r"/portal/keys/(\d+)", r.headers["Location"]).group(1)))
    r = b.post("/portal/guests", dict(form, label="One too many"))
    assert r.status == 422 and "most your plan allows" in text(r)
    k = api.get(f"/api/v1/keys/{created[0]}").json
    assert k["kind"] == "guest" and k["status"] == "active" and k["label"] == "Party 0"
    r = b.post(f"/portal/guests/{created[0]}/revoke")
    assert r.status == 303
    assert api.get(f"/api/v1/keys/{created[0]}").json["status"] == "revoked"
    # A browser's time zone (here UTC+2: offset -120) moves the window.
    r = b.post("/portal/guests", dict(form, label="Local", tz="-120"))
    assert r.status == 303
    kid = int(re.search(r"/portal/keys/(\d+)", r.headers["Location"]).group(1))
    got = api.get(f"/api/v1/keys/{kid}").json["valid_until"]
    want = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 86400 - 7200))
    assert got[:16] == want


def test_activation_and_signup(stack, api, sql, plan, web):
    ext = unique("act")
    api.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": "Activated"})
    code = cli(stack, "tenant", "activation", "--customer", ext)
    web.get("/portal/activate")
    user = "a" + ext.replace("-", "")
    form = {"code": code, "username": user, "password": "chosen password",
            "password2": "chosen password"}
    r = web.post("/portal/activate", dict(form, password2="different one!"))
    assert r.status == 422 and "differ" in text(r)
    r = web.post("/portal/activate", dict(form, password="short", password2="short"))
    assert r.status == 422 and "too short" in text(r)
    r = web.post("/portal/activate", form)
    assert r.status == 303 and web.get("/portal/keys").status == 200
    again = Browser(web.base)
    again.get("/portal/activate")
    r = again.post("/portal/activate", dict(form, username=user + "x"))
    assert r.status == 422 and "has been used" in text(r)

    building = unique("Block")
    invite = cli(stack, "invitation", "create", "--building", building, "--plan", plan,
                 "--uses", "1")
    new = Browser(web.base)
    new.get("/portal/signup")
    nuser = "n" + unique().replace("-", "")
    sform = {"code": invite, "name": "New Tenant", "email": "", "unit": "7",
             "username": nuser, "password": "signup password", "password2": "signup password"}
    r = new.post("/portal/signup", sform)
    assert r.status == 303 and r.headers["Location"] == "/portal/keys?done=welcome"
    c = sql.rows("SELECT c.building, c.unit, c.name FROM customers c JOIN accounts a"
                 f" ON a.customer_id = c.id WHERE a.username = '{nuser}'")
    assert [tuple(r) for r in c] == [(building, "7", "New Tenant")]
    assert "Welcome" in text(new.get("/portal/keys?done=welcome"))
    late = Browser(web.base)
    late.get("/portal/signup")
    r = late.post("/portal/signup", dict(sform, username=nuser + "z"))
    assert r.status == 422 and "used up" in text(r)


def test_password_change_ends_other_sessions(stack, api, plan):
    b, ext, user = signed_in(stack, api, plan)
    other = Browser(b.base)
    assert other.signin("portal", user, PASSWORD).status == 303
    b.get("/portal/password")
    r = b.post("/portal/password", {"current": "not it at all", "password": "another pass 1",
                                    "password2": "another pass 1"})
    assert r.status == 422 and "not right" in text(r)
    r = b.post("/portal/password", {"current": PASSWORD, "password": "another pass 1",
                                    "password2": "another pass 1"})
    assert r.status == 303
    assert b.get("/portal/keys").status == 200
    assert other.get("/portal/keys").status == 303
    assert Browser(b.base).signin("portal", user, PASSWORD).status == 401
    assert Browser(b.base).signin("portal", user, "another pass 1").status == 303


def test_changes_are_audited_with_who_and_where(stack, api, sql, plan, network):
    b, ext, user = signed_in(stack, api, plan)
    kid = key_ids(api, ext)[0]
    b.get(f"/portal/keys/{kid}/rotate")
    b.post(f"/portal/keys/{kid}/rotate")
    rows = sql.rows("SELECT actor, source_ip FROM audit_log WHERE action = 'key.rotate'"
                    f" AND object_id = '{kid}'")
    assert [tuple(r) for r in rows] == [(f"tenant:{user}", "127.0.0.1")]


# --- staff roles ---------------------------------------------------------------

def staff(stack, role):
    user = make_staff(stack, role)
    b = Browser(stack["MPSK_NGINX_URL"])
    assert b.signin("staff", user, "staff password 1").status == 303
    return b, user


def test_roles(stack, api, sql, plan):
    ext, _ = make_tenant(stack, api, plan, PASSWORD)
    ro, _ = staff(stack, "readonly")
    op, op_user = staff(stack, "operator")
    ad, _ = staff(stack, "admin")
    for b in (ro, op, ad):
        for path in ("/staff/", "/staff/customers", f"/staff/customers/{ext}", "/staff/keys",
                     "/staff/devices", "/staff/plans", "/staff/networks", "/staff/nas",
                     "/staff/authlog", "/staff/audit", "/staff/cards", "/staff/invitations"):
            assert b.get(path).status == 200, path
    page = ro.get(f"/staff/customers/{ext}").body.decode()
    assert "/status\"" not in page and "Issue activation code" not in page
    r = ro.post(f"/staff/customers/{ext}/status", {"status": "suspended"})
    assert r.status == 403
    assert api.get(f"/api/v1/customers/{ext}").json["status"] == "active"
    op.get(f"/staff/customers/{ext}")
    r = op.post(f"/staff/customers/{ext}/status", {"status": "suspended"})
    assert r.status == 303 and api.get(f"/api/v1/customers/{ext}").json["status"] == "suspended"
    assert sql.value("SELECT actor FROM audit_log WHERE action = 'customer.update'"
                     f" AND object_id = '{ext}' ORDER BY id DESC LIMIT 1") == f"staff:{op_user}"
    r = op.post("/staff/plans", {"name": unique("plan")})
    assert r.status == 403
    assert op.get("/staff/accounts").status == 403 and ro.get("/staff/accounts").status == 403
    ad.get("/staff/plans")
    name = unique("plan")
    r = ad.post("/staff/plans", {"name": name, "keys_per_customer": "2", "key_scope": "customer"})
    assert r.status == 303 and api.get(f"/api/v1/plans/{name}").json["keys_per_customer"] == 2
    assert ad.get("/staff/accounts").status == 200


def test_keys_csv_has_passphrases_for_admins_only(stack, api, plan, network):
    ext, _ = make_tenant(stack, api, plan, PASSWORD)
    kid = key_ids(api, ext)[0]
    secret = passphrase(api, kid)
    op, _ = staff(stack, "operator")
    ad, _ = staff(stack, "admin")
    for b in (op, ad):
        r = b.get("/staff/export/keys.csv")
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
        assert "passphrase" not in r.body.decode().splitlines()[0]
        assert secret not in r.body.decode()
    op.get("/staff/cards")
    assert op.post("/staff/export/keys.csv", {}).status == 403
    ad.get("/staff/cards")
    r = ad.post("/staff/export/keys.csv", {})
    rows = list(csv.reader(io.StringIO(r.body.decode(), newline="")))
    assert rows[0][6] == "passphrase" and secret in r.body.decode()
    assert "attachment" in r.headers["Content-Disposition"]


def test_csv_quotes_every_field_and_defuses_formulas(stack, api, plan):
    """The attack: a tenant names itself =HYPERLINK(...) (or hides a formula
    after a ; for an importer that splits there) and staff open the export
    in a spreadsheet."""
    hyper, _ = make_tenant(stack, api, plan, PASSWORD, name="=HYPERLINK(\"http://x\")")
    semi, _ = make_tenant(stack, api, plan, PASSWORD, name="a;=1+1",
                          building="+cmd|' /C calc'!A0", unit="x,@y")
    ro, _ = staff(stack, "readonly")
    body = ro.get("/staff/export/customers.csv").body.decode()
    lines = body.split("\r\n")
    assert lines[0] == ('"external_id","name","email","phone","status","plan","parent",'
                        '"building","unit","created_at"')
    field = r'"(?:[^"]|"")*"'
    for ext in (hyper, semi):
        line = next(l for l in lines if l.startswith(f'"{ext}",'))
        assert re.fullmatch(f"{field}(?:,{field}){{9}}", line), line
    rec = {r[0]: r for r in csv.reader(io.StringIO(body, newline=""))}
    assert rec[hyper][1] == "'=HYPERLINK(\"http://x\")"
    assert '"\'=HYPERLINK(""http://x"")"' in body
    assert rec[semi][1] == "a;'=1+1"
    assert rec[semi][7] == "'+cmd|' /C calc'!A0" and rec[semi][8] == "x,'@y"


XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"


def test_xss_payloads_are_escaped_everywhere(stack, api, plan, network):
    ext, user = make_tenant(stack, api, plan, PASSWORD, name="N" + XSS, building="B" + XSS,
                            unit="U" + XSS)
    kid = key_ids(api, ext)[0]
    api.patch(f"/api/v1/keys/{kid}", {"label": "L" + XSS})
    make_device(api, ext, key=kid, name="D" + XSS)
    t = Browser(stack["MPSK_NGINX_URL"])
    t.signin("portal", user, PASSWORD)
    ad, _ = staff(stack, "admin")
    pages = [t.get(p) for p in ("/portal/keys", f"/portal/keys/{kid}", "/portal/devices")]
    pages += [ad.get(p) for p in (f"/staff/customers/{ext}", "/staff/customers?search=" + ext,
                                  "/staff/keys?search=" + ext, "/staff/devices?search=" + ext,
                                  f"/staff/audit?object={ext}")]
    for r in pages:
        body = r.body.decode()
        assert r.status == 200
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "onerror=alert(2)>" not in body
    assert "N&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img" in pages[3].body.decode()


def test_api_issues_activation_codes(stack, api, sql, plan):
    from conftest import make_token
    ext = unique("apiact")
    api.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": "From billing"})
    r = api.post(f"/api/v1/customers/{ext}/activation")
    assert r.status == 201, r
    a = r.json
    assert a["customer"] == ext and re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", a["code"])
    assert a["url"].endswith("/portal/activate?code=" + a["code"]) and a["expires_at"].endswith("Z")
    with open(os.path.join(stack["MPSK_STACK_DIR"], "mpsk.log"), "rb") as log:
        assert a["code"].encode() not in log.read()
    # The link fills the form in; the code lets the tenant choose a sign-in.
    web = Browser(stack["MPSK_NGINX_URL"])
    r = web.get("/portal/activate?code=" + a["code"])
    assert f'value="{a["code"]}"' in r.body.decode()
    second = api.post(f"/api/v1/customers/{ext}/activation").json["code"]
    r = web.post("/portal/activate", {"code": a["code"], "username": "x" + ext.replace("-", ""),
                                     "password": "billing password", "password2": "billing password"})
    assert r.status == 422, "an earlier code stops working when a new one is issued"
    r = web.post("/portal/activate", {"code": second, "username": "x" + ext.replace("-", ""),
                                     "password": "billing password", "password2": "billing password"})
    assert r.status == 303
    writer = make_token(stack, "read,write")
    assert api.post(f"/api/v1/customers/{ext}/activation", token=writer).status == 403
    assert api.post("/api/v1/customers/no-such-one/activation").status == 404
    r = api.post(f"/api/v1/customers/{ext}/activation", {"x": 1})
    assert r.status == 422 and r.json["code"] == "unknown_field"
    r = api.post(f"/api/v1/customers/{ext}/activation", raw=b"{", content_type="application/json")
    assert r.status == 400
    assert api.post(f"/api/v1/customers/{ext}/activation", {}).status == 201
    assert sql.value("SELECT COUNT(*) FROM audit_log WHERE action = 'activation.issue'"
                     f" AND object_id = '{ext}'") == "3"
