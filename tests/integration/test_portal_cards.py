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
