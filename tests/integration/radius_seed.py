# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers for the RADIUS integration tests (tests/integration/test_radius.py).

Stdlib only. Three ways to find a running system, in this order:

1. The MPSK_TEST_* variables (MPSK_TEST_DB_SOCKET, MPSK_TEST_DB_NAME,
   MPSK_TEST_RADIUS_AUTH_PORT, MPSK_TEST_RADIUS_ACCT_PORT, MPSK_TEST_BUILD;
   optional MPSK_TEST_RADIUS_LOG, MPSK_TEST_RADIUS_DB_PASSWORD,
   MPSK_TEST_RADIUS_CLIENT_LIFETIME).
2. MPSK_STACK_DIR from scripts/stack.sh (scripts/test.sh): its stack.env,
   the FreeRADIUS log in DIR/radius/radius.log and the RADIUS database
   password in DIR/secrets/db_radius.
3. Neither: start a private MariaDB (scripts/db-ctl.sh) and FreeRADIUS
   (scripts/radius-ctl.sh) on free ports in a temporary directory, apply
   db/migrations/*.sql and db/radius_grants.sql, and stop them afterwards.

Seeding goes through the mariadb client as root over the unix socket. All
values reach SQL as hex literals, and every name, SSID, MAC and NAS
address is fresh per run, so the tests can share a database with others.
"""
import glob
import hashlib
import ipaddress
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENDORS = ("standard", "hostapd", "mikrotik", "cisco", "meraki", "aruba",
           "ruckus", "tplink", "unifi")
MARKER = re.compile(r"(?m)^-- mpsk:statement-end$")


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_udp_pair():
    """Two UDP ports that are free now (auth, acct)."""
    while True:
        a, b = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
        if a != b:
            return a, b


def lit(value):
    """A SQL literal that no value can break out of."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "_utf8mb4 X'%s'" % value.encode().hex() if value else "''"
    if isinstance(value, (bytes, bytearray)):
        return "X'%s'" % bytes(value).hex() if value else "''"
    raise TypeError(type(value))


def pmk(passphrase, ssid):
    """WPA2 PMK: PBKDF2-HMAC-SHA1(passphrase, SSID, 4096, 32)."""
    if isinstance(ssid, str):
        ssid = ssid.encode()
    return hashlib.pbkdf2_hmac("sha1", passphrase.encode(), ssid, 4096, 32)


class Db:
    """Root over the unix socket, through the mariadb client."""

    def __init__(self, socket_path, name):
        self.socket = socket_path
        self.name = name

    def _cli(self, args, script=None, database=True):
        cmd = ["mariadb", "--no-defaults", "-uroot", "--socket", self.socket,
               "-N", "-B"]
        if database:
            cmd.append(self.name)
        out = subprocess.run(cmd + args, input=script, check=True,
                             capture_output=True, text=True)
        return out.stdout

    def rows(self, query):
        out = self._cli(["-e", query])
        return [line.split("\t") for line in out.splitlines()]

    def value(self, query):
        rows = self.rows(query)
        return rows[0][0] if rows else None

    def run(self, query):
        self._cli(["-e", query])

    def insert(self, table, **cols):
        """INSERT one row; returns its id."""
        names = ", ".join("`%s`" % c for c in cols)
        values = ", ".join(lit(v) for v in cols.values())
        out = self._cli(["-e", "INSERT INTO `%s` (%s) VALUES (%s); "
                         "SELECT LAST_INSERT_ID();" % (table, names, values)])
        return int(out.split()[-1])

    def script(self, text, database=True):
        self._cli([], script=text, database=database)


def apply_migration(db, path):
    """Apply one migration file the way `mpsk migrate` splits it: on lines
    "-- mpsk:statement-end" when the file has them, else as plain SQL."""
    with open(path) as f:
        text = f.read()
    if not MARKER.search(text):
        db.script(text)
        return
    parts = [p.strip() for p in MARKER.split(text)]
    parts = [p for p in parts if re.sub(r"(?m)^--.*$", "", p).strip()]
    db.script("DELIMITER //\n" + "".join(p + "\n//\n" for p in parts))


class Standalone:
    """A private MariaDB and FreeRADIUS for running the tests alone."""

    def __init__(self, lifetime=3):
        self.dir = tempfile.mkdtemp(prefix="mpsk-radius-test-")
        self.db_dir = os.path.join(self.dir, "db")
        self.radius_dir = os.path.join(self.dir, "radius")
        self.password = secrets.token_hex(16)
        self.lifetime = lifetime
        self.started_db = self.started_radius = False

    def _radius_env(self, auth, acct):
        env = dict(os.environ)
        env.update(MPSK_DB_SOCKET=os.path.join(self.db_dir, "mysqld.sock"),
                   MPSK_DB_NAME="mpsk", MPSK_RADIUS_DB_USER="mpsk_radius",
                   MPSK_RADIUS_DB_PASSWORD=self.password,
                   MPSK_RADIUS_AUTH_PORT=str(auth),
                   MPSK_RADIUS_ACCT_PORT=str(acct),
                   MPSK_RADIUS_THREADS="8",
                   MPSK_RADIUS_CLIENT_LIFETIME=str(self.lifetime))
        return env

    def start(self):
        ctl = os.path.join(TOP, "scripts")
        self.db_port = free_port()
        subprocess.run([os.path.join(ctl, "db-ctl.sh"), "start", self.db_dir,
                        str(self.db_port)], check=True)
        self.started_db = True
        db = Db(os.path.join(self.db_dir, "mysqld.sock"), "mpsk")
        db.script("CREATE DATABASE mpsk CHARACTER SET utf8mb4 "
                  "COLLATE utf8mb4_bin;", database=False)
        for path in sorted(glob.glob(os.path.join(TOP, "db/migrations",
                                                  "[0-9]*_*.sql"))):
            apply_migration(db, path)
        db.script("CREATE USER 'mpsk_radius'@'localhost' IDENTIFIED BY "
                  "'%s';" % self.password, database=False)
        with open(os.path.join(TOP, "db/radius_grants.sql")) as f:
            db.script(f.read().replace("@DB@", "mpsk"), database=False)
        auth, acct = free_udp_pair()
        subprocess.run([os.path.join(ctl, "radius-ctl.sh"), "start",
                        self.radius_dir], env=self._radius_env(auth, acct),
                       check=True)
        self.started_radius = True
        build = os.path.join(TOP, "build")
        subprocess.run(["make", "-s", "-C", TOP, "build/mpsk-radtest"],
                       check=True)
        return {
            "db_socket": os.path.join(self.db_dir, "mysqld.sock"),
            "db_name": "mpsk",
            "auth_port": auth,
            "acct_port": acct,
            "build": build,
            "radius_log": os.path.join(self.radius_dir, "radius.log"),
            "radius_db_password": self.password,
            "client_lifetime": self.lifetime,
            "standalone": True,
            "db_dir": self.db_dir,
            "db_port": self.db_port,
        }

    def stop(self):
        ctl = os.path.join(TOP, "scripts")
        if self.started_radius:
            subprocess.run([os.path.join(ctl, "radius-ctl.sh"), "stop",
                            self.radius_dir], check=False)
        if self.started_db:
            subprocess.run([os.path.join(ctl, "db-ctl.sh"), "stop",
                            self.db_dir], check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def _read_env_file(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                env[k] = v
    return env


def _read_secret(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def environment():
    """(settings, standalone-or-None) for the running system, starting a
    private one when no runner gave us one."""
    e = os.environ
    if e.get("MPSK_TEST_DB_SOCKET") and e.get("MPSK_TEST_RADIUS_AUTH_PORT"):
        lifetime = e.get("MPSK_TEST_RADIUS_CLIENT_LIFETIME")
        return {
            "db_socket": e["MPSK_TEST_DB_SOCKET"],
            "db_name": e.get("MPSK_TEST_DB_NAME", "mpsk"),
            "auth_port": int(e["MPSK_TEST_RADIUS_AUTH_PORT"]),
            "acct_port": int(e["MPSK_TEST_RADIUS_ACCT_PORT"]),
            "build": e.get("MPSK_TEST_BUILD", os.path.join(TOP, "build")),
            "radius_log": e.get("MPSK_TEST_RADIUS_LOG"),
            "radius_db_password": e.get("MPSK_TEST_RADIUS_DB_PASSWORD"),
            "client_lifetime": int(lifetime) if lifetime else None,
            "standalone": False,
        }, None
    if e.get("MPSK_STACK_DIR"):
        d = e["MPSK_STACK_DIR"]
        s = _read_env_file(os.path.join(d, "stack.env"))
        return {
            "db_socket": s["MPSK_DB_SOCKET"],
            "db_name": s.get("MPSK_DB_NAME", "mpsk"),
            "auth_port": int(s["MPSK_RADIUS_AUTH_PORT"]),
            "acct_port": int(s["MPSK_RADIUS_ACCT_PORT"]),
            "build": s.get("MPSK_BUILD", os.path.join(TOP, "build")),
            "radius_log": os.path.join(d, "radius", "radius.log"),
            "radius_db_password": _read_secret(
                os.path.join(d, "secrets", "db_radius")),
            "client_lifetime": int(s.get("MPSK_RADIUS_CLIENT_LIFETIME", "60")),
            "standalone": False,
        }, None
    alone = Standalone()
    try:
        return alone.start(), alone
    except BaseException:
        alone.stop()
        raise


class Radtest:
    """Runs build/mpsk-radtest and returns (exit status, JSON)."""

    last_sent = 0.0     # time.time() before the newest request (any instance)

    def __init__(self, env, secret_of):
        self.env = env
        self.secret_of = secret_of      # NAS source address -> secret
        self.binary = os.path.join(env["build"], "mpsk-radtest")

    def __call__(self, source, *args, acct=False, secret=None, timeout=1.0,
                 retries=2):
        port = self.env["acct_port"] if acct else self.env["auth_port"]
        cmd = [self.binary, "--server", "127.0.0.1:%d" % port,
               "--secret", secret or self.secret_of[source],
               "--source", source, "--timeout", str(timeout),
               "--retries", str(retries)] + [str(a) for a in args]
        Radtest.last_sent = time.time()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if p.returncode not in (0, 3):
            raise AssertionError("mpsk-radtest failed (%d): %s %s" %
                                 (p.returncode, p.stdout, p.stderr))
        return p.returncode, json.loads(p.stdout)


class Seed:
    """Rows for the tests, each with fresh names."""

    def __init__(self, db):
        self.db = db
        self.tag = secrets.token_hex(3)
        self.net_base = self._free_net()
        self.next_host = 2
        self.mac_counter = random.randrange(1 << 20)

    def _free_net(self):
        """A loopback /24 (127.x.y.0) that no nas row touches yet."""
        taken = {r[0] for r in self.db.rows(
            "SELECT HEX(net_start) FROM nas WHERE LENGTH(net_start) = 4")}
        while True:
            net = ipaddress.ip_network("127.%d.%d.0/24" % (
                random.randrange(100, 250), random.randrange(1, 250)))
            if not any(ipaddress.ip_address(bytes.fromhex(t)) in net
                       for t in taken):
                return net

    def address(self):
        """A fresh loopback source address in this run's /24."""
        a = str(self.net_base.network_address + self.next_host)
        self.next_host += 1
        return a

    def mac(self):
        """A fresh locally administered station MAC, 12 hex digits."""
        self.mac_counter += 1
        return "02%s%06x" % (self.tag[:4], self.mac_counter & 0xffffff)

    def name(self, prefix):
        return "%s-%s-%s" % (prefix, self.tag, secrets.token_hex(3))

    def plan(self, vlan=None, down=None, up=None, **kw):
        return self.db.insert("plans", name=self.name("plan"), vlan=vlan,
                              rate_down_kbps=down, rate_up_kbps=up, **kw)

    def network(self, ssid=None):
        ssid = ssid if ssid is not None else self.name("ssid")
        raw = ssid.encode() if isinstance(ssid, str) else ssid
        return self.db.insert("networks", ssid=raw), raw

    def customer(self, plan_id, status="active", parent_id=None):
        return self.db.insert("customers", external_id=self.name("cust"),
                              name="Test", plan_id=plan_id, status=status,
                              parent_id=parent_id)

    def key(self, network, customer_id, passphrase=None, **kw):
        """network is (id, ssid bytes); returns (key id, passphrase)."""
        net_id, ssid = network
        passphrase = passphrase or "pw-" + secrets.token_urlsafe(12)
        kid = self.db.insert("wifi_keys", network_id=net_id,
                             customer_id=customer_id, passphrase=passphrase,
                             pmk=pmk(passphrase, ssid), **kw)
        return kid, passphrase

    def device(self, network, customer_id, key_id, mac=None):
        mac = mac or self.mac()
        self.db.insert("devices", network_id=network[0], mac=mac,
                       customer_id=customer_id, key_id=key_id)
        return mac

    def nas(self, vendor, secret=None, require_ma=1, address=None,
            prefix=None):
        """A NAS row; address is an IP (a /32) or a CIDR string."""
        address = address or self.address()
        net = ipaddress.ip_network(address if prefix is None
                                   else "%s/%d" % (address, prefix),
                                   strict=False)
        secret = secret or "s-" + secrets.token_hex(8)
        self.db.insert("nas", name=self.name("nas-" + vendor),
                       address=str(net) if net.prefixlen < net.max_prefixlen
                       else str(net.network_address),
                       net_start=net.network_address.packed,
                       net_end=net.broadcast_address.packed,
                       prefix_len=net.prefixlen, secret=secret,
                       vendor=vendor, require_message_authenticator=require_ma)
        return str(net.network_address), secret
