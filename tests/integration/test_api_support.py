# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers shared by the test_api_*.py files (no tests of its own).

Import what you need: `from test_api_support import assert_problem, ...`.
Fixtures defined here (tokens, network, keyless_plan) become available to a
test module that imports them by name.
"""
import contextlib
import hashlib
import os
import random
import re
import subprocess
import tempfile

import pytest

from conftest import TOP, make_token, unique

PROBLEM = "application/problem+json"
# The default passphrase alphabet (core/passphrase.h): no 0 O 1 l I.
READABLE = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
ROUTES_C = os.path.join(TOP, "api", "api_routes.c")
OPENAPI = os.path.join(TOP, "api", "openapi.json")

ANY = object()


def assert_problem(r, status, code=ANY, field=ANY):
    """r is an application/problem+json error with this status, code and
    field (field=None: the body has no field). Returns the body."""
    assert r.status == status, r
    assert r.headers.get("Content-Type", "").startswith(PROBLEM), (r.headers, r)
    body = r.json
    assert body["status"] == status, body
    assert isinstance(body.get("detail"), str) and body["detail"], body
    assert isinstance(body.get("title"), str), body
    if code is not ANY:
        assert body.get("code") == code, body
    if field is None:
        assert "field" not in body, body
    elif field is not ANY:
        assert body.get("field") == field, body
    return body


def assert_4xx_problem(r):
    """Any clean client error: 4xx with a problem body (never a 500)."""
    assert 400 <= r.status < 500, r
    assert r.headers.get("Content-Type", "").startswith(PROBLEM), (r.headers, r)
    body = r.json
    assert body["status"] == r.status and body.get("code"), body
    return body


_BINARY_ROWS = []  # set once sql.snapshot() has failed on binary columns


def _binary_safe_snapshot(sql):
    """sql.snapshot() over raw bytes: the same tables and rows, digested
    without decoding them (wifi_keys.pmk and nas.net_start/net_end are
    binary, which conftest's Sql.rows cannot decode as text)."""
    def run(query):
        return subprocess.run(
            ["mariadb", "--no-defaults", "-uroot", "--socket", sql.socket,
             "-B", sql.db, "-e", query],
            check=True, capture_output=True).stdout
    tables = [line.split(b"\t")[0].decode() for line in
              run("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'").splitlines()[1:]]
    skip = {"api_tokens", "auth_log", "radacct", "schema_migrations"}
    # One client for all tables; the column headers separate them.
    query = "; ".join(f"SELECT '{t}' AS `table {t}`, t.* FROM `{t}` t ORDER BY 2"
                      for t in sorted(set(tables) - skip))
    return hashlib.sha256(run(query)).hexdigest()


@contextlib.contextmanager
def unchanged(sql):
    """The block must leave every domain table exactly as it was (the
    digest of sql.snapshot(), or its binary-safe twin where sql.snapshot()
    cannot read the binary columns)."""
    official = not _BINARY_ROWS
    if official:
        try:
            before = sql.snapshot()
        except UnicodeDecodeError:
            _BINARY_ROWS.append(True)
            official = False
    if not official:
        before = _binary_safe_snapshot(sql)
    yield
    if official:
        try:
            after = sql.snapshot()
        except UnicodeDecodeError:
            after = "binary rows appeared"
    else:
        after = _binary_safe_snapshot(sql)
    assert after == before, "a rejected request changed the database"


def pmk_hex(passphrase, ssid):
    """The WPA2 PMK (upper-case hex, as SQL HEX() gives it)."""
    if len(passphrase) == 64 and re.fullmatch(r"[0-9A-Fa-f]{64}", passphrase):
        return passphrase.upper()
    if isinstance(ssid, str):
        ssid = ssid.encode()
    return hashlib.pbkdf2_hmac("sha1", passphrase.encode(), ssid, 4096, 32).hex().upper()


def stored_pmk(sql, key_id):
    return sql.value(f"SELECT HEX(pmk) FROM wifi_keys WHERE id = {int(key_id)}")


def token_name(sql, tok):
    """The api_tokens name of a token text mpsk_<id>_<secret>."""
    return sql.value(f"SELECT name FROM api_tokens WHERE token_id = '{tok[5:21]}'")


def random_mac(sep=":"):
    octets = [0x02] + [random.randrange(256) for _ in range(5)]
    return sep.join(f"{o:02x}" for o in octets)


def random_passphrase(n=20):
    return "".join(random.choice(READABLE) for _ in range(n))


def random_v4_cidr():
    """A NAS address no other test has (NAS addresses are unique): one of
    the 16 million /32s of 10.0.0.0/8."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(256)}/32"


def random_v6_cidr():
    return f"fd{random.randrange(256):02x}:{random.randrange(65536):x}:{random.randrange(65536):x}::/48"


_HANDED_OUT = set()


def free_vlans(sql, n):
    """First VLAN of n consecutive VLANs that no customer has on any network
    (customer_vlans is global) and that no earlier call handed out, so the
    range of a test's plan is its own."""
    used = set(_HANDED_OUT)
    for (v,) in sql.rows("SELECT DISTINCT vlan FROM customer_vlans"):
        used.add(int(v))
    for start in list(range(2000, 4095 - n)) + list(range(1, 2000)):
        window = set(range(start, start + n))
        if not used & window:
            _HANDED_OUT.update(window)
            return start
    pytest.skip("no free VLAN range left in this database")


def zbar(png):
    """Decode a QR code PNG with zbarimg; the text without the newline."""
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        out = subprocess.run(["zbarimg", "--raw", "-q", f.name],
                             capture_output=True, check=True).stdout
    return out.decode("utf-8").rstrip("\n")


def wifi_escape(s):
    return re.sub(r'([\\;,:"])', r"\\\1", s)


def audit_rows(sql, object_type, object_id):
    """(actor, action, detail) of an object's audit records, oldest first."""
    oid = str(object_id).replace("'", "''")
    return [tuple(r) for r in sql.rows(
        "SELECT actor, action, COALESCE(detail, 'NULL') FROM audit_log"
        f" WHERE object_type = '{object_type}' AND object_id = '{oid}' ORDER BY id")]


def make_plan(api, **fields):
    body = {"name": unique("plan")}
    body.update(fields)
    r = api.post("/api/v1/plans", body)
    assert r.status == 201, r
    return r.json


def make_network(api, **fields):
    body = {"ssid": unique("net")}
    body.update(fields)
    r = api.post("/api/v1/networks", body)
    assert r.status == 201, r
    return r.json


def make_customer(api, plan, ext=None, **fields):
    ext = ext or unique("cust")
    body = {"plan": plan}
    body.update(fields)
    r = api.put(f"/api/v1/customers/{ext}", body)
    assert r.status == 201, r
    return r.json


def make_key(api, customer, network, **fields):
    body = {"network": network}
    body.update(fields)
    r = api.post(f"/api/v1/customers/{customer}/keys", body)
    assert r.status == 201, r
    return r.json


def make_device(api, customer, key=None, mac=None, **fields):
    body = {"mac": mac or random_mac(), "customer": customer}
    if key is not None:
        body["key"] = key
    body.update(fields)
    r = api.post("/api/v1/devices", body)
    assert r.status == 201, r
    return r.json


@pytest.fixture(scope="session")
def tokens(stack):
    """Tokens with fewer scopes than the `token` fixture."""
    return {
        "read": make_token(stack, "read"),
        "write": make_token(stack, "write"),
        "rw": make_token(stack, "read,write"),
        "rs": make_token(stack, "read,secrets"),
        "rws": make_token(stack, "read,write,secrets"),
        "ra": make_token(stack, "read,admin"),
    }


# One network and one keyless plan for the whole run, whichever module asks
# first: networks are global, every customer provisioned with keys gets keys
# on each of them, and provisioning covers at most 256 networks.
_SHARED = {}


def shared_network(api):
    if "network" not in _SHARED or \
            api.get(f"/api/v1/networks/{_SHARED['network']['id']}").status != 200:
        _SHARED["network"] = make_network(api, site="test")
    return _SHARED["network"]


def shared_plan(api):
    if "plan" not in _SHARED or api.get(f"/api/v1/plans/{_SHARED['plan']}").status != 200:
        _SHARED["plan"] = make_plan(api, keys_per_customer=0)["name"]
    return _SHARED["plan"]


@pytest.fixture
def network(api):
    """A network the tests of this run share (create keys on it freely)."""
    return shared_network(api)


@pytest.fixture
def keyless_plan(api):
    """A plan whose customers get no keys provisioned (fast, and the test
    adds exactly the keys it wants)."""
    return shared_plan(api)


def drop_network(api, net_id, keys=(), devices=()):
    """Remove what a test put on a network of its own, then the network."""
    for d in devices:
        api.delete(f"/api/v1/devices/{d}")
    for k in keys:
        api.delete(f"/api/v1/keys/{k}")
    r = api.delete(f"/api/v1/networks/{net_id}")
    assert r.status == 204, r


# --- the helpers themselves ---------------------------------------------------

def test_pmk_helper_matches_the_ieee_test_vector():
    # IEEE 802.11-2016 J.4.2: passphrase "password", SSID "IEEE".
    assert pmk_hex("password", "IEEE") == \
        "F42C6FC52DF0EBEF9EBB4B90B38A5F902E83FE1B135A70E23AED762E9710A12E"
    assert pmk_hex("ab" * 32, "anything") == "AB" * 32


def test_wifi_escape_helper():
    assert wifi_escape('a\\b;c,d:e"f') == 'a\\\\b\\;c\\,d\\:e\\"f'


def test_unchanged_notices_a_change(api, sql, keyless_plan):
    """The database digest the bad-input tests rely on sees a one-byte
    change in any domain table."""
    ext = make_customer(api, keyless_plan)["external_id"]
    with pytest.raises(AssertionError):
        with unchanged(sql):
            sql.run(f"UPDATE customers SET name = CONCAT(name, 'x') WHERE external_id = '{ext}'")
    with unchanged(sql):
        pass
