# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared fixtures for the integration tests.

The tests run against the real stack: a private MariaDB, the mpsk program
(embedded HTTP and FastCGI behind a private nginx) and FreeRADIUS from
radius/. scripts/test.sh starts it and points MPSK_STACK_DIR at it; run
standalone (`python3 -m pytest tests/integration`), this file starts a stack
of its own in a temporary directory and stops it afterwards.
"""
import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import urllib.error
import urllib.request
import uuid

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and "=" in line:
                k, v = line.split("=", 1)
                env[k] = v
    return env


@pytest.fixture(scope="session")
def stack():
    """The running stack's settings (ports, sockets, build dir)."""
    given = os.environ.get("MPSK_STACK_DIR")
    if given:
        yield _read_env(os.path.join(given, "stack.env"))
        return
    tmp = tempfile.mkdtemp(prefix="mpsk-test-")
    env = dict(os.environ)
    for name in ("MPSK_DB_PORT", "MPSK_HTTP_PORT", "MPSK_NGINX_PORT",
                 "MPSK_RADIUS_AUTH_PORT", "MPSK_RADIUS_ACCT_PORT"):
        env[name] = str(_free_port())
    subprocess.run([os.path.join(TOP, "scripts/stack.sh"), "start", tmp],
                   env=env, check=True)
    try:
        yield _read_env(os.path.join(tmp, "stack.env"))
    finally:
        subprocess.run([os.path.join(TOP, "scripts/stack.sh"), "stop", tmp],
                       env=env, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


class Sql:
    """Root access to the test database over its unix socket."""

    def __init__(self, stack):
        self.socket = stack["MPSK_DB_SOCKET"]
        self.db = stack["MPSK_DB_NAME"]

    def rows(self, query):
        out = subprocess.run(
            ["mariadb", "--no-defaults", "-uroot", "--socket", self.socket,
             "-N", "-B", self.db, "-e", query],
            check=True, capture_output=True).stdout
        # Binary columns (PMKs, NAS ranges) are not UTF-8: keep their
        # bytes round-trippable instead of failing to decode them.
        out = out.decode("utf-8", errors="surrogateescape")
        return [line.split("\t") for line in out.splitlines()]

    def value(self, query):
        rows = self.rows(query)
        return rows[0][0] if rows else None

    def run(self, query):
        self.rows(query)

    def snapshot(self):
        """A digest of every table a rejected request must leave alone:
        one CHECKSUM TABLE over all of them, computed by the server (the
        bad-input tests take two snapshots per case, thousands of them)."""
        if not hasattr(self, "_tables"):
            tables = [r[0] for r in self.rows(
                "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")]
            skip = {"api_tokens", "auth_log", "radacct", "schema_migrations"}
            self._tables = sorted(set(tables) - skip)
        rows = self.rows("CHECKSUM TABLE " + ", ".join(
            f"`{t}`" for t in self._tables) + " EXTENDED")
        return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="session")
def sql(stack):
    return Sql(stack)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.body[:300]!r}>"


class Api:
    """A small HTTP client for /api/v1 (stdlib only)."""

    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token

    def request(self, method, path, body=None, token=None, raw=None,
                content_type="application/json", headers=None):
        url = self.base + path
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        hdrs = {}
        if data is not None and content_type:
            hdrs["Content-Type"] = content_type
        tok = self.token if token is None else token
        if tok:
            hdrs["Authorization"] = "Bearer " + tok
        hdrs.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return Response(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, dict(e.headers), e.read())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


def make_token(stack, scopes, name=None):
    name = name or "test-" + uuid.uuid4().hex[:10]
    out = subprocess.run(
        [os.path.join(stack["MPSK_BUILD"], "mpsk"), "-c", stack["MPSK_CONFIG"],
         "token", "create", "--name", name, "--scopes", scopes],
        check=True, capture_output=True, text=True).stdout
    return out.strip()


@pytest.fixture(scope="session")
def token(stack):
    """Every scope: the tests set up plans, networks and NAS clients
    (admin) as well as customers, keys and devices."""
    return make_token(stack, "read,write,secrets,admin")


@pytest.fixture(scope="session")
def api(stack, token):
    """The API through the embedded HTTP server."""
    return Api(stack["MPSK_API_URL"], token)


@pytest.fixture(scope="session")
def api_fcgi(stack, token):
    """The same API through nginx and the FastCGI front door."""
    return Api(stack["MPSK_NGINX_URL"], token)


def unique(prefix="t"):
    """A fresh name, so tests never depend on each other's data."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"
