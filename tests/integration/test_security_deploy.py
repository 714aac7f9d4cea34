# SPDX-License-Identifier: GPL-2.0-or-later
"""Deployment privileges and the smaller hardening fixes of the security
review (issue 7, findings 7 and 8), each attacked for real: the program's
database account tries to change the schema and read other sessions, a
local process speaks FastCGI to mpsk without nginx, request paths try to
forge log lines, old log rows wait to be pruned, and the database goes
away under a stack of this test's own.
"""
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import TOP, _read_env


def _secret(stack, name):
    with open(os.path.join(stack["MPSK_STACK_DIR"], "secrets", name)) as f:
        return f.read().strip()


def _as_app(stack, query):
    """Run query as the program's own database account (mpsk.conf's
    db_user): the CompletedProcess, never raising."""
    return subprocess.run(
        ["mariadb", "--no-defaults", "-umpsk_app", "-p" + _secret(stack, "db_app"),
         "--socket", stack["MPSK_DB_SOCKET"], "-N", "-B", stack["MPSK_DB_NAME"],
         "-e", query], capture_output=True, text=True)


def _mpsk(stack, *args):
    return subprocess.run([os.path.join(stack["MPSK_BUILD"], "mpsk"), *args],
                          capture_output=True, text=True)


# --- 7a: the program's account has rows only ----------------------------

def test_the_program_account_has_rows_only(stack):
    r = _as_app(stack, "SHOW GRANTS")
    assert r.returncode == 0, r.stderr
    grants = r.stdout
    assert "PROCESS" not in grants and "ALL PRIVILEGES" not in grants, grants
    assert "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON `mpsk`.*" in grants, grants
    # It is the account the running program uses.
    conf = open(stack["MPSK_CONFIG"]).read()
    assert "\ndb_user = mpsk_app\n" in conf and "migrate_password" not in conf


def test_the_program_account_cannot_change_the_schema(stack, sql):
    probe = "probe_" + uuid.uuid4().hex[:8]
    sql.run(f"CREATE TABLE {probe} (x INT)")
    try:
        for attack in (f"DROP TABLE {probe}",
                       f"ALTER TABLE {probe} ADD COLUMN y INT",
                       f"CREATE TABLE {probe}_b (x INT)",
                       f"TRUNCATE TABLE {probe}",
                       f"CREATE INDEX i ON {probe} (x)",
                       f"CREATE TRIGGER {probe}_t BEFORE INSERT ON {probe} "
                       "FOR EACH ROW SET NEW.x = 1",
                       f"CREATE FUNCTION {probe}_f() RETURNS INT RETURN 1",
                       "DROP TRIGGER radius_lookup_device_insert",
                       "DROP PROCEDURE radius_authorize",
                       "LOCK TABLES accounts WRITE"):
            r = _as_app(stack, attack)
            assert r.returncode != 0 and "denied" in r.stderr, (attack, r.stdout, r.stderr)
        assert sql.value(f"SHOW TABLES LIKE '{probe}'") == probe
        assert sql.value("SHOW TRIGGERS LIKE 'devices'") is not None
        # No PROCESS: neither other sessions' statements nor InnoDB's
        # transactions (rlm_mpsk's question goes through a definer function).
        r = _as_app(stack, "SELECT COUNT(*) FROM information_schema.INNODB_TRX")
        assert r.returncode != 0 and "PROCESS" in r.stderr, r
        r = _as_app(stack, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                           " WHERE user <> 'mpsk_app'")
        assert r.returncode == 0 and r.stdout.strip() == "0", r
        # Rows it may still write (the program's job).
        r = _as_app(stack, f"INSERT INTO {probe} VALUES (1); DELETE FROM {probe}")
        assert r.returncode == 0, r.stderr
    finally:
        sql.run(f"DROP TABLE IF EXISTS {probe}")
        sql.run(f"DROP TABLE IF EXISTS {probe}_b")


def test_migrations_need_the_owner_account(stack):
    conf = stack["MPSK_CONFIG"]
    owner = os.path.join(stack["MPSK_STACK_DIR"], "migrate.conf")
    assert (os.stat(owner).st_mode & 0o077) == 0
    r = _mpsk(stack, "-c", conf, "-c", owner, "migrate")
    assert r.returncode == 0 and "the schema is current" in r.stdout, r.stderr
    # The program's own configuration alone cannot migrate.
    r = _mpsk(stack, "-c", conf, "migrate")
    assert r.returncode == 1 and "denied" in r.stderr, (r.stdout, r.stderr)
    # `mpsk config` shows the owner's password hidden, as every secret.
    r = _mpsk(stack, "-c", conf, "-c", owner, "config")
    assert "migrate_user = mpsk\n" in r.stdout and "migrate_password = [hidden]" in r.stdout
    assert _secret(stack, "db_owner") not in r.stdout


# --- 7b: FastCGI only from our nginx ---------------------------------------

def _fcgi_record(rtype, content, rid=1):
    return struct.pack(">BBHHBx", 1, rtype, rid, len(content), 0) + content


def _fcgi_pair(name, value):
    def length(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)
    return length(len(name)) + length(len(value)) + name + value


def fcgi_get(sock_path, path, params):
    """One FastCGI request straight to the stack's socket, as any local
    process that can reach it could send: (status, headers, body)."""
    body = b"".join(_fcgi_pair(k.encode(), v.encode()) for k, v in
                    dict({"REQUEST_METHOD": "GET", "REQUEST_URI": path,
                          "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1"},
                         **params).items())
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(sock_path)
        s.sendall(_fcgi_record(1, struct.pack(">HB5x", 1, 0)) +
                  _fcgi_record(4, body) + _fcgi_record(4, b"") + _fcgi_record(5, b""))
        out = b""
        while True:
            head = s.recv(8, socket.MSG_WAITALL)
            if len(head) < 8:
                break
            _, rtype, _, clen, plen = struct.unpack(">BBHHBx", head)
            data = s.recv(clen + plen, socket.MSG_WAITALL)[:clen] if clen + plen else b""
            if rtype == 6:
                out += data
            if rtype == 3:
                break
    headers, _, content = out.partition(b"\r\n\r\n")
    status = int(headers.split(b"\r\n")[0].split()[1])
    return status, headers.decode(), content


def test_fastcgi_without_nginx_is_refused(stack, token):
    conf = open(stack["MPSK_CONFIG"]).read()
    secret = [l.split("=", 1)[1].strip() for l in conf.splitlines()
              if l.startswith("fcgi_secret")][0]
    sock = os.path.join(stack["MPSK_STACK_DIR"], "mpsk.fcgi.sock")
    forged = {"REMOTE_ADDR": "203.0.113.77", "HTTPS": "on",
              "HTTP_AUTHORIZATION": "Bearer " + token}
    # Another local process (a php-fpm pool, a CGI script of nginx's user)
    # claims a client address: refused, whatever else it sends.
    for params in (forged, dict(forged, MPSK_FCGI_SECRET=""),
                   dict(forged, MPSK_FCGI_SECRET=secret[:-1]),
                   dict(forged, MPSK_FCGI_SECRET=secret + "x")):
        status, headers, body = fcgi_get(sock, "/api/v1/plans", params)
        assert status == 403 and b"untrusted_front_door" in body, (status, body)
        assert "application/problem+json" in headers
    # With the secret (what our nginx sends) the same request is served,
    # so the refusals above were the secret's doing.
    status, _, body = fcgi_get(sock, "/api/v1/plans", dict(forged, MPSK_FCGI_SECRET=secret))
    assert status == 200, body
    # The secret never reaches the program's log.
    assert secret.encode() not in open(
        os.path.join(stack["MPSK_STACK_DIR"], "mpsk.log"), "rb").read()


def test_nginx_sends_the_secret(api_fcgi):
    assert api_fcgi.get("/api/v1/health").status == 200
    assert api_fcgi.get("/api/v1/plans").status == 200


# --- 8: log lines cannot be forged ---------------------------------------

def _raw_get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET " + path + b" HTTP/1.0\r\nHost: x\r\n\r\n")
        return s.recv(200).split(b"\r\n")[0]


def test_paths_cannot_forge_log_lines(stack):
    mark = uuid.uuid4().hex[:10]
    forged = f"203.0.113.9 GET /api/v1/forged-{mark} 200"
    paths = [f"/portal/{mark}-a%0a{forged.replace(' ', '%20')}".encode(),
             f"/portal/{mark}-b%0d%0a{forged.replace(' ', '%20')}".encode(),
             f"/portal/{mark}-c%1b[2K%07".encode()]
    http_port = int(stack["MPSK_API_URL"].rsplit(":", 1)[1])
    nginx_port = int(stack["MPSK_NGINX_URL"].rsplit(":", 1)[1])
    for p in paths:
        assert b" 404 " in _raw_get(http_port, p) + b" "
        assert b" 404 " in _raw_get(nginx_port, p) + b" "
    # A raw control byte in the request line: nginx refuses it (400); the
    # embedded HTTP server takes it, and the log must not.
    raw = f"/portal/{mark}-d\x1b[2Kraw\x7f".encode()
    assert b" 400 " in _raw_get(nginx_port, raw) + b" "
    assert b" 404 " in _raw_get(http_port, raw) + b" "
    time.sleep(0.3)
    logs = {"mpsk": os.path.join(stack["MPSK_STACK_DIR"], "mpsk.log"),
            "nginx": os.path.join(stack["MPSK_STACK_DIR"], "nginx/logs/access.log")}
    for name, path in logs.items():
        data = open(path, "rb").read()
        lines = [l for l in data.split(b"\n") if mark.encode() in l]
        # One line per request, each whole; the forged text only inside one.
        # mpsk: three paths through each front door and the raw one; nginx:
        # the three (its 400 for the raw byte logs no path).
        want = 7 if name == "mpsk" else 3
        assert len(lines) == want, (name, lines)
        for line in lines:
            assert not any(b < 0x20 or b == 0x7f for b in line), (name, line)
            assert not line.startswith(b"203.0.113.9") and b"mpsk: 203.0.113.9" not in line
        assert sum(b"\\x0A" in l for l in lines) == (4 if name == "mpsk" else 2)
    assert b"forged-" + mark.encode() not in b"".join(
        l for l in open(logs["mpsk"], "rb").read().split(b"\n")
        if not l.startswith(b"mpsk: 127.0.0.1 "))


# --- 8: retention --------------------------------------------------------

def test_prune_deletes_old_rows_and_keeps_recent_ones(stack, sql):
    mark = uuid.uuid4().hex[:8]
    ip = f"198.51.{int(mark[:2], 16)}.{int(mark[2:4], 16)}"
    # 12,000 old auth_log rows (several 5,000-row batches), 5 recent;
    # retention is 90 days.
    sql.run("INSERT INTO auth_log (at, mac, result, reason) "
            f"SELECT UTC_TIMESTAMP() - INTERVAL 91 DAY, 'old{mark}', 'reject', 'test' "
            "FROM seq_1_to_12000")
    sql.run("INSERT INTO auth_log (at, mac, result, reason) "
            f"SELECT UTC_TIMESTAMP() - INTERVAL 89 DAY, 'new{mark}', 'reject', 'test' "
            "FROM seq_1_to_5")
    # radacct: retention 365 days. Closed long ago, closed lately, open and
    # silent for longer, open and still updating.
    rows = [("closed-old", "- INTERVAL 400 DAY", "UTC_TIMESTAMP() - INTERVAL 366 DAY", "NULL"),
            ("closed-new", "- INTERVAL 400 DAY", "UTC_TIMESTAMP() - INTERVAL 364 DAY", "NULL"),
            ("open-silent", "- INTERVAL 400 DAY", "NULL", "UTC_TIMESTAMP() - INTERVAL 366 DAY"),
            ("open-alive", "- INTERVAL 400 DAY", "NULL", "UTC_TIMESTAMP() - INTERVAL 1 DAY")]
    for name, start, stop, update in rows:
        sql.run("INSERT INTO radacct (acctsessionid, acctuniqueid, username,"
                " acctstarttime, acctstoptime, acctupdatetime) VALUES"
                f" ('{mark}', '{name}-{mark}', '{mark}', UTC_TIMESTAMP() {start},"
                f" {stop}, {update})")
    # signin_failures: the longest window is 900 s (the lockout) here.
    sql.run("INSERT INTO signin_failures (source_ip, window_start, failures) VALUES"
            f" ('{ip}1', UTC_TIMESTAMP() - INTERVAL 2 HOUR, 3),"
            f" ('{ip}2', UTC_TIMESTAMP() - INTERVAL 1 MINUTE, 3)")
    r = _mpsk(stack, "-c", stack["MPSK_CONFIG"], "prune")
    assert r.returncode == 0, r.stderr
    counts = dict(part.rsplit(" ", 1) for part in
                  r.stdout.strip().removeprefix("pruned ").split(", "))
    assert int(counts["auth_log"]) >= 12000 and int(counts["radacct"]) >= 2
    assert int(counts["signin_failures"]) >= 1
    assert sql.value(f"SELECT COUNT(*) FROM auth_log WHERE mac = 'old{mark}'") == "0"
    assert sql.value(f"SELECT COUNT(*) FROM auth_log WHERE mac = 'new{mark}'") == "5"
    left = [r[0].rsplit("-", 1)[0] for r in sql.rows(
        f"SELECT acctuniqueid FROM radacct WHERE username = '{mark}' ORDER BY acctuniqueid")]
    assert left == ["closed-new", "open-alive"]
    assert [r[0] for r in sql.rows(
        f"SELECT source_ip FROM signin_failures WHERE source_ip LIKE '{ip}_'")] == [ip + "2"]
    # A second run finds nothing of ours; a retention of 0 keeps all.
    r = _mpsk(stack, "-c", stack["MPSK_CONFIG"], "prune")
    assert r.returncode == 0 and sql.value(
        f"SELECT COUNT(*) FROM auth_log WHERE mac = 'new{mark}'") == "5"
    sql.run(f"DELETE FROM auth_log WHERE mac = 'new{mark}'")
    sql.run(f"DELETE FROM radacct WHERE username = '{mark}'")
    sql.run(f"DELETE FROM signin_failures WHERE source_ip LIKE '{ip}_'")


def test_prune_waits_for_no_one_and_overlaps_never(stack, sql):
    """Two hosts' timers at once: the second sees the lock and does nothing."""
    holder = subprocess.Popen(
        ["mariadb", "--no-defaults", "-uroot", "--socket", stack["MPSK_DB_SOCKET"],
         "-e", "SELECT GET_LOCK('mpsk_prune', 0), SLEEP(5)"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            if sql.value("SELECT IS_USED_LOCK('mpsk_prune')") not in (None, "NULL"):
                break
            time.sleep(0.1)
        r = _mpsk(stack, "-c", stack["MPSK_CONFIG"], "prune")
        assert r.returncode == 0 and "another prune is running" in r.stdout, r
    finally:
        holder.kill()
        holder.wait()


# --- 8: pages without a database get a page ---------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_stack(stack):
    """A stack of this test's own (no FreeRADIUS), whose database it may stop."""
    d = tempfile.mkdtemp(prefix="mpsk-dbdown-")
    env = dict(os.environ, MPSK_BUILD=stack["MPSK_BUILD"], MPSK_NO_RADIUS="1",
               MPSK_DB_BUFFER_POOL="32M")
    for name in ("MPSK_DB_PORT", "MPSK_HTTP_PORT", "MPSK_NGINX_PORT",
                 "MPSK_RADIUS_AUTH_PORT", "MPSK_RADIUS_ACCT_PORT"):
        env[name] = str(_free_port())
    subprocess.run([os.path.join(TOP, "scripts/stack.sh"), "start", d], env=env,
                   check=True, capture_output=True)
    try:
        yield _read_env(os.path.join(d, "stack.env"))
    finally:
        subprocess.run([os.path.join(TOP, "scripts/stack.sh"), "stop", d], env=env,
                       capture_output=True)
        shutil.rmtree(d, ignore_errors=True)


def _get(url, headers=None):
    try:
        req = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_pages_without_a_database_get_an_html_page(own_stack):
    web, api = own_stack["MPSK_NGINX_URL"], own_stack["MPSK_API_URL"]
    assert _get(web + "/portal/signin")[0] == 200
    subprocess.run([os.path.join(TOP, "scripts/db-ctl.sh"), "stop",
                    os.path.join(own_stack["MPSK_STACK_DIR"], "db")], check=True)
    # A session cookie, so that every page asks the database. Twice each:
    # a worker finds its old connection gone, then cannot connect at all.
    # Through nginx (FastCGI) and the embedded server alike.
    cookie = {"Cookie": "mpsk_tenant=" + "A" * 43 + "; mpsk_staff=" + "A" * 43}
    for base in (web, api, web, api, web, api):
        for path in ("/portal/", "/portal/keys", "/staff/", "/staff/customers"):
            status, headers, body = _get(base + path, cookie)
            assert status == 503, (base, path, status, body)
            assert headers["Content-Type"].startswith("text/html"), (path, headers)
            assert b"<html" in body.lower() and b"unavailable" in body
            assert b'"status"' not in body
            assert "default-src 'none'" in headers["Content-Security-Policy"]
        status, headers, body = _get(base + "/api/v1/plans")
        assert status == 503 and headers["Content-Type"] == "application/problem+json", body
        assert b"database" in body
