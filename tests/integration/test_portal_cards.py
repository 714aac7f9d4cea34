# SPDX-License-Identifier: GPL-2.0-or-later
"""QR codes and PDF cards from the portal and the dashboard: every page of
every PDF rendered (pdftoppm) and its QR code decoded (zbarimg) against the
key, SSIDs and passphrases with the characters WIFI: escapes, and welcome
cards whose activation codes really let a tenant in."""
import os
import re
import subprocess
import tempfile

import pytest

from conftest import unique
from portal_client import Browser, make_staff, make_tenant, text
from test_api_support import make_key, make_network, make_plan, wifi_escape

PASSWORD = "tenant password 1"
TRICKY_SSID = 'Caf\u00e9; "N:e,t" \\'
TRICKY_PASS = 'p;a,s:s"w\\d!x'


def pdf_pages(pdf):
    """[(QR payload, page text)] for each page of a PDF."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "cards.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                              check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        out = []
        for p in range(1, pages + 1):
            prefix = os.path.join(d, f"p{p}")
            subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(p),
                            "-l", str(p), path, prefix], check=True)
            qr = subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", "-Sbinary",
                                 prefix + ".png"], capture_output=True, check=True).stdout
            words = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(p), "-l", str(p),
                                    path, "-"], capture_output=True, text=True,
                                   check=True).stdout
            out.append((qr.decode("utf-8"), words))
        return out


def zbar(png):
    """Decode a QR code PNG; -Sbinary keeps UTF-8 bytes as they are."""
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        return subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", "-Sbinary", f.name],
                              capture_output=True, check=True).stdout.decode("utf-8")


def payload(ssid, passphrase):
    return f"WIFI:T:WPA;S:{wifi_escape(ssid)};P:{wifi_escape(passphrase)};;"


@pytest.fixture(scope="module")
def tricky_network(api):
    return make_network(api, ssid=TRICKY_SSID + unique()[-4:])


def test_tenant_qr_and_card_with_escaped_characters(stack, api, tricky_network):
    plan = make_plan(api, keys_per_customer=0)["name"]
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    key = make_key(api, ext, tricky_network["id"], passphrase=TRICKY_PASS + unique()[-6:])
    want = payload(tricky_network["ssid"], key["passphrase"])
    b = Browser(stack["MPSK_NGINX_URL"])
    assert b.signin("portal", user, PASSWORD).status == 303
    r = b.get(f"/portal/keys/{key['id']}/qr.png")
    assert r.status == 200 and zbar(r.body) == want
    r = b.get(f"/portal/keys/{key['id']}/card.pdf")
    assert r.status == 200 and r.headers["Content-Type"] == "application/pdf"
    assert "attachment" in r.headers["Content-Disposition"]
    pages = pdf_pages(r.body)
    assert len(pages) == 1
    qr, words = pages[0]
    assert qr == want
    assert key["passphrase"] in words and "Tenant " + ext in words


def test_bulk_welcome_cards_for_a_building(stack, api, sql):
    plan = make_plan(api, keys_per_customer=1)["name"]
    building = unique("House ")
    exts = [unique("wel") for _ in range(3)]
    for i, ext in enumerate(exts):
        assert api.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": f"Flat {i}",
                                                    "building": building}).status == 201
    # One of them has signed in already: no activation code on its card.
    activated, user = make_tenant(stack, api, plan, PASSWORD, building=building,
                                  name="Flat signed-in")
    keys = {}
    for ext in exts + [activated]:
        for k in api.get(f"/api/v1/customers/{ext}/keys").json:
            keys[k["id"]] = (k["ssid"], api.get(f"/api/v1/keys/{k['id']}").json["passphrase"],
                             ext)
    op = Browser(stack["MPSK_NGINX_URL"])
    assert op.signin("staff", make_staff(stack, "operator"), "staff password 1").status == 303
    op.get("/staff/cards")
    r = op.post("/staff/cards/pdf", {"building": building})
    assert r.status == 200 and r.headers["Content-Type"] == "application/pdf", text(r)
    pages = pdf_pages(r.body)
    assert sorted(qr for qr, _ in pages) == sorted(payload(s, p) for s, p, _ in keys.values())
    codes = {}
    for qr, words in pages:
        ssid, passphrase, ext = next(v for v in keys.values() if payload(v[0], v[1]) == qr)
        m = re.search(r"code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", words)
        if ext == activated:
            assert m is None
        else:
            assert m, words
            codes.setdefault(ext, set()).add(m.group(1))
    assert set(codes) == set(exts) and all(len(c) == 1 for c in codes.values())
    # The printed code lets the tenant in.
    ext = exts[0]
    t = Browser(stack["MPSK_NGINX_URL"])
    t.get("/portal/activate")
    r = t.post("/portal/activate", {"code": codes[ext].pop(), "username": "w" + ext.replace("-", ""),
                                   "password": "welcome password", "password2": "welcome password"})
    assert r.status == 303 and t.get("/portal/keys").status == 200
    # The selection by ticked customers, and a selection with nothing in it.
    r = op.post("/staff/cards/pdf", {"customer": [exts[1], exts[2]]})
    assert r.status == 200
    assert len(pdf_pages(r.body)) == sum(1 for v in keys.values() if v[2] in exts[1:])
    r = op.post("/staff/cards/pdf", {"customers": f"{exts[1]}, {exts[2]}", "paper": "letter"})
    assert r.status == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(r.body)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    r = op.post("/staff/cards/pdf", {"customers": "no-such-customer"})
    assert r.status == 404
    r = op.post("/staff/cards/pdf", {})
    assert r.status == 422
    ro = Browser(stack["MPSK_NGINX_URL"])
    assert ro.signin("staff", make_staff(stack, "readonly"), "staff password 1").status == 303
    ro.get("/staff/cards")
    assert ro.post("/staff/cards/pdf", {"building": building}).status == 403


# --- activation codes on welcome cards ------------------------------------

CODE_RE = re.compile(r"code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


def staff_browser(stack, role):
    b = Browser(stack["MPSK_NGINX_URL"])
    b.user = make_staff(stack, role)
    assert b.signin("staff", b.user, "staff password 1").status == 303
    b.get("/staff/cards")
    return b


def one_card(browser, building, **extra):
    """Print the building's cards (one key, one customer); the card's text."""
    r = browser.post("/staff/cards/pdf", {"building": building, **extra})
    assert r.status == 200 and r.headers["Content-Type"] == "application/pdf", text(r)
    pages = pdf_pages(r.body)
    assert len(pages) == 1
    return " ".join(pages[0][1].split())


def activate(stack, code):
    t = Browser(stack["MPSK_NGINX_URL"])
    t.get("/portal/activate")
    user = unique("act").replace("-", "")
    return t.post("/portal/activate", {"code": code, "username": user,
                                       "password": "welcome password",
                                       "password2": "welcome password"})


def fresh_tenant(api, network):
    """A customer who never signed in, alone in a new building, one key."""
    plan = make_plan(api, keys_per_customer=0)["name"]
    building = unique("Block ")
    ext = unique("fresh")
    assert api.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": "Flat " + ext,
                                                "building": building}).status == 201
    make_key(api, ext, network["id"])
    return ext, building


@pytest.fixture(scope="module")
def card_network(api):
    return make_network(api)


def test_printing_again_does_not_reissue_the_activation_code(stack, api, sql, card_network):
    """The attack: cards mailed on Monday, reprinted on Tuesday; the old code
    re-issued on every print, so Monday's card no longer let its tenant in."""
    ext, building = fresh_tenant(api, card_network)
    op = staff_browser(stack, "operator")
    first = one_card(op, building)
    m = CODE_RE.search(first)
    assert m, first
    again = one_card(op, building)
    assert CODE_RE.search(again) is None, again
    assert "activation code you were given earlier" in again and "valid until" in again
    issued = int(sql.value("SELECT COUNT(*) FROM audit_log WHERE action = 'activation.issue'"
                       f" AND object_id = '{ext}'"))
    assert issued == 1
    # The first card's code still lets the tenant in.
    r = activate(stack, m.group(1))
    assert r.status == 303, text(r)
    # Signed in now: a third print has no code and no note about one.
    third = one_card(op, building)
    assert CODE_RE.search(third) is None and "First sign-in" not in third


def test_new_activation_codes_is_an_explicit_audited_choice(stack, api, sql, card_network):
    ext, building = fresh_tenant(api, card_network)
    op = staff_browser(stack, "operator")
    page = op.get("/staff/cards").body.decode()
    assert 'name="new_codes"' in page
    old = CODE_RE.search(one_card(op, building)).group(1)
    new = CODE_RE.search(one_card(op, building, new_codes="1")).group(1)
    assert new != old
    details = sql.rows("SELECT detail FROM audit_log WHERE action = 'activation.issue'"
                       f" AND object_id = '{ext}' ORDER BY id")
    assert len(details) == 2 and '"replaced_outstanding":true' in details[1][0].replace(" ", "")
    prints = sql.rows("SELECT detail FROM audit_log WHERE action = 'cards.print'"
                      f" AND object_type = 'building' AND object_id = '{building}' ORDER BY id")
    assert [('"new_codes":true' in d[0].replace(" ", "")) for d in prints] == [False, True]
    r = activate(stack, old)
    assert r.status == 422 and "not valid" in text(r)
    assert activate(stack, new).status == 303


# --- the cap --------------------------------------------------------------

@pytest.fixture
def capped_server(stack):
    """A second `mpsk serve` on the same database with cards_max = 3."""
    import socket
    import time
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with open(stack["MPSK_CONFIG"]) as f:
        conf = f.read()
    conf += f"\nhttp_port = {port}\nfcgi_socket =\ncards_max = 3\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mpsk.conf")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(conf)
        log = open(os.path.join(tmp, "mpsk.log"), "w")
        proc = subprocess.Popen([os.path.join(stack["MPSK_BUILD"], "mpsk"), "-c", path,
                                 "serve"], stdout=log, stderr=log)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            log.close()


def test_the_card_cap_refuses_before_reading_a_row(stack, api, sql, card_network,
                                                   capped_server):
    plan = make_plan(api, keys_per_customer=0)["name"]
    building = unique("Tower ")
    exts = [unique("cap") for _ in range(4)]
    for ext in exts:
        assert api.put(f"/api/v1/customers/{ext}", {"plan": plan, "name": "Flat " + ext,
                                                    "building": building}).status == 201
        make_key(api, ext, card_network["id"])
    op = Browser(capped_server)
    assert op.signin("staff", make_staff(stack, "operator"), "staff password 1").status == 303
    op.get("/staff/cards")
    r = op.post("/staff/cards/pdf", {"building": building, "paper": "a4"})
    assert r.status == 422 and r.headers["Content-Type"].startswith("text/html")
    words = " ".join(text(r).split())
    assert "That is 4 cards; one PDF holds at most 3." in words, words
    # The form again, with the choice kept.
    assert f'<option value="{building}" selected>' in r.body.decode()
    assert "at most 3 cards in one PDF" in words
    # Refused before any card was made: no tenant got an activation code.
    assert int(sql.value("SELECT COUNT(*) FROM activation_codes a JOIN customers c"
                         f" ON c.id = a.customer_id WHERE c.building = '{building}'")) == 0
    r = op.post("/staff/cards/pdf", {"customers": " ".join(exts[:3])})
    assert r.status == 200 and len(pdf_pages(r.body)) == 3
    # The stack's own server (the default cap, 5000) prints all four.
    full = staff_browser(stack, "operator")
    r = full.post("/staff/cards/pdf", {"building": building})
    assert r.status == 200 and len(pdf_pages(r.body)) == 4


# --- who takes passphrases in bulk ---------------------------------------

def test_bulk_passphrases_by_role(stack, api, sql, card_network):
    """Operators print cards (one key's, or a building's) but cannot export
    the keys CSV with passphrases, even by posting the form themselves;
    admins can; read-only staff can do neither."""
    ext, building = fresh_tenant(api, card_network)
    key = api.get(f"/api/v1/customers/{ext}/keys").json[0]
    secret = api.get(f"/api/v1/keys/{key['id']}").json["passphrase"]
    ro, op, ad = (staff_browser(stack, r) for r in ("readonly", "operator", "admin"))
    pages = {b: b.get("/staff/cards").body.decode() for b in (ro, op, ad)}
    for b in (ro, op, ad):
        # Everyone's keys CSV is without passphrases, the admin's included.
        r = b.get("/staff/export/keys.csv")
        assert r.status == 200 and secret not in r.body.decode()
        assert '"passphrase"' not in r.body.decode().splitlines()[0]
        assert b.get(f"/staff/customers/{ext}").status == 200
    # Read-only: no form, and refused when posted anyway.
    assert 'action="/staff/cards/pdf"' not in pages[ro]
    assert 'action="/staff/export/keys.csv"' not in pages[ro]
    assert ro.post("/staff/cards/pdf", {"building": building}).status == 403
    assert ro.post("/staff/export/keys.csv", {}).status == 403
    assert ro.get(f"/staff/keys/{key['id']}/card.pdf").status == 403
    assert f"/staff/keys/{key['id']}/card.pdf" not in ro.get(f"/staff/customers/{ext}").body.decode()
    # Operator: cards yes, the passphrase CSV no.
    assert 'action="/staff/cards/pdf"' in pages[op]
    assert 'action="/staff/export/keys.csv"' not in pages[op]
    r = op.post("/staff/cards/pdf", {"building": building})
    assert r.status == 200 and secret in pdf_pages(r.body)[0][1]
    assert f"/staff/keys/{key['id']}/card.pdf" in op.get(f"/staff/customers/{ext}").body.decode()
    assert op.get(f"/staff/keys/{key['id']}/card.pdf").status == 200
    r = op.post("/staff/export/keys.csv", {})
    assert r.status == 403 and secret not in r.body.decode()
    # Admin: the passphrase CSV, on an explicit POST with the CSRF token ...
    assert 'action="/staff/export/keys.csv"' in pages[ad]
    assert ad.post("/staff/export/keys.csv", {}, csrf=False).status == 403
    ad.get("/staff/cards")
    r = ad.post("/staff/export/keys.csv", {})
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"]
    body = r.body.decode()
    assert body.splitlines()[0].split(",")[6] == '"passphrase"' and secret in body
    # ... and recorded: who took every passphrase, and when.
    assert int(sql.value("SELECT COUNT(*) FROM audit_log WHERE action = 'keys.export'"
                         f" AND actor = 'staff:{ad.user}'")) == 1
    assert int(sql.value("SELECT COUNT(*) FROM audit_log WHERE action = 'keys.export'"
                         f" AND actor IN ('staff:{op.user}', 'staff:{ro.user}')")) == 0
    assert ad.post("/staff/cards/pdf", {"building": building}).status == 200
