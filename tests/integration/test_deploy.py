# SPDX-License-Identifier: GPL-2.0-or-later
"""docs/DEPLOY.md's files, tested: `make install` into a staging directory,
then the installed program, unit files and nginx site run for real against
the test database, so the deployment docs cannot rot.
"""
import os
import shutil
import socket
import ssl
import stat
import subprocess
import tempfile
import time
import urllib.request

import pytest

from conftest import TOP
from portal_client import Browser, _NoRedirect, make_tenant
from test_api_support import make_plan


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def staged(stack):
    root = tempfile.mkdtemp(prefix="mpsk-stage-")
    env = dict(os.environ, DESTDIR=root, MPSK_BUILD=stack["MPSK_BUILD"])
    subprocess.run([os.path.join(TOP, "scripts/install.sh")], env=env,
                   check=True, capture_output=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_install_lays_out_every_file(staged):
    for path, mode in [
            ("usr/local/bin/mpsk", 0o755),
            ("usr/local/sbin/mpsk-radius-config", 0o755),
            ("usr/local/lib/mpsk/rlm_mpsk.so", 0o644),
            ("usr/local/share/mpsk/api/openapi.json", 0o644),
            ("usr/local/share/mpsk/scripts/radius-ctl.sh", 0o755),
            ("etc/mpsk/mpsk.conf", 0o640),
            ("etc/mpsk/migrate.conf", 0o600),
            ("etc/mpsk/radius.env", 0o640),
            ("etc/systemd/system/mpsk.service", 0o644),
            ("etc/systemd/system/mpsk-prune.service", 0o644),
            ("etc/systemd/system/mpsk-prune.timer", 0o644),
            ("etc/nginx/mpsk_fastcgi_secret.conf", 0o600),
            ("etc/systemd/system/freeradius.service.d/mpsk.conf", 0o644),
            ("etc/nginx/sites-available/mpsk", 0o644),
            ("etc/nginx/mpsk-locations.conf", 0o644),
            ("etc/nginx/mpsk_fastcgi_params", 0o644)]:
        st = os.stat(os.path.join(staged, path))
        assert stat.S_IMODE(st.st_mode) == mode, path
    migrations = os.listdir(os.path.join(staged, "usr/local/share/mpsk/db/migrations"))
    assert "0001_core.sql" in migrations


def test_install_keeps_existing_configuration(staged, stack):
    conf = os.path.join(staged, "etc/mpsk/mpsk.conf")
    with open(conf, "a") as f:
        f.write("# edited by the operator\n")
    env = dict(os.environ, DESTDIR=staged, MPSK_BUILD=stack["MPSK_BUILD"])
    subprocess.run([os.path.join(TOP, "scripts/install.sh")], env=env,
                   check=True, capture_output=True)
    assert "# edited by the operator" in open(conf).read()


def test_production_config_is_valid(staged):
    out = subprocess.run(
        [os.path.join(staged, "usr/local/bin/mpsk"), "-c",
         os.path.join(staged, "etc/mpsk/mpsk.conf"), "config"],
        check=True, capture_output=True, text=True).stdout
    assert "http_port = 0" in out
    assert "fcgi_socket = /run/mpsk/mpsk.sock" in out
    assert "db_password = [hidden]" in out
    # The program's own account; the schema owner's is in migrate.conf.
    assert "db_user = mpsk_app" in out and "migrate_user = \n" in out
    # make install made the FastCGI front-door secret, the same for both.
    assert "fcgi_secret = [hidden]" in out
    conf = open(os.path.join(staged, "etc/mpsk/mpsk.conf")).read()
    secret = [l.split("=", 1)[1].strip() for l in conf.splitlines()
              if l.startswith("fcgi_secret")][0]
    assert len(secret) >= 32
    nginx_side = open(os.path.join(staged, "etc/nginx/mpsk_fastcgi_secret.conf")).read()
    assert nginx_side == f"fastcgi_param MPSK_FCGI_SECRET {secret};\n"
    assert "include mpsk_fastcgi_secret.conf;" in open(
        os.path.join(staged, "etc/nginx/mpsk_fastcgi_params")).read()
    out = subprocess.run(
        [os.path.join(staged, "usr/local/bin/mpsk"), "-c",
         os.path.join(staged, "etc/mpsk/mpsk.conf"), "-c",
         os.path.join(staged, "etc/mpsk/migrate.conf"), "config"],
        check=True, capture_output=True, text=True).stdout
    assert "migrate_user = mpsk\n" in out and "migrate_password = [hidden]" in out


UNITS = ("mpsk.service", "mpsk-prune.service", "mpsk-prune.timer", "mpsk-backup.service",
         "mpsk-backup.timer")
# What Debian's own daemons' units use (issue 7, finding 7), in every
# service we install.
HARDENING = ("NoNewPrivileges=yes", "CapabilityBoundingSet=", "ProtectSystem=strict",
             "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
             "ProtectProc=invisible", "ProtectKernelTunables=yes",
             "ProtectKernelModules=yes", "ProtectControlGroups=yes",
             "RestrictNamespaces=yes", "RestrictSUIDSGID=yes", "RestrictRealtime=yes",
             "LockPersonality=yes", "MemoryDenyWriteExecute=yes",
             "SystemCallArchitectures=native", "SystemCallFilter=@system-service")


@pytest.fixture
def units(staged):
    """The installed units, pointed at the staged files."""
    d = tempfile.mkdtemp()
    for name in UNITS:
        unit = open(os.path.join(staged, "etc/systemd/system", name)).read()
        unit = unit.replace("/usr/local/", os.path.join(staged, "usr/local/"))
        with open(os.path.join(d, name), "w") as f:
            f.write(unit)
    yield d
    shutil.rmtree(d)


def test_systemd_units_verify(units):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    r = subprocess.run(["systemd-analyze", "verify", *UNITS], cwd=units,
                       capture_output=True, text=True)
    problems = [l for l in (r.stdout + r.stderr).splitlines() if "mpsk" in l]
    assert r.returncode == 0 and not problems, r.stdout + r.stderr


def test_systemd_services_are_sandboxed(units):
    for name in UNITS:
        if not name.endswith(".service"):
            continue
        lines = open(os.path.join(units, name)).read().splitlines()
        for line in HARDENING:
            assert line in lines, (name, line)
    main = open(os.path.join(units, "mpsk.service")).read()
    # Not nginx's group: the socket's group holds nginx's user only, and
    # the migration's password stays with root (ExecStartPre=+).
    assert "Group=www-data" not in main and "\nGroup=mpsk-web\n" in main
    assert "\nExecStartPre=+" in main and "migrate.conf migrate" in main
    assert "\nAlso=mpsk-prune.timer\n" in main
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    for name in ("mpsk.service", "mpsk-prune.service", "mpsk-backup.service"):
        r = subprocess.run(["systemd-analyze", "security", "--offline=true", name],
                           cwd=units, capture_output=True, text=True)
        level = [l for l in r.stdout.splitlines() if "Overall exposure level" in l]
        assert level, r.stdout + r.stderr
        score = float(level[0].split(":")[1].split()[0])
        # Debian's hardened daemons score 1-2 ("OK"); the unit before
        # this sandbox scored 6.5, the backup 9.6.
        assert score <= 2.0, (name, level[0])


def _tls_signin(stack, api, base, ctx):
    """A tenant signs in over TLS: the session cookie is __Host- with
    Path=/, and the session works with it (and only over TLS)."""
    plan = make_plan(api, keys_per_customer=1)["name"]
    _, user = make_tenant(stack, api, plan, "tenant password 1")
    b = Browser(base)
    b.opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ctx),
        urllib.request.HTTPCookieProcessor(b.jar), _NoRedirect)
    r = b.signin("portal", user, "tenant password 1")
    assert r.status == 303 and r.headers["Location"] == "/portal/", r
    session = r.headers["Set-Cookie"]
    assert session.startswith("__Host-mpsk_tenant=") and "; Path=/;" in session
    assert "Secure" in session and "Domain" not in session
    assert b.cookie("__Host-mpsk_tenant") is not None and b.cookie("mpsk_tenant") is None
    assert b.get("/portal/keys").status == 200
    # The dashboard reads only its own cookie: a tenant's is not a way in.
    assert b.get("/staff/customers").status == 303


def test_production_site_serves_the_api_over_tls(staged, stack, sql, api):
    """The installed program (its production config, pointed at the test
    database) behind nginx with the installed site file and TLS."""
    work = tempfile.mkdtemp(prefix="mpsk-prod-")
    port_https, port_http = _free_port(), _free_port()
    sock = os.path.join(work, "mpsk.sock")
    mpsk = None
    try:
        # The installed config with this test's database and socket.
        conf = open(os.path.join(staged, "etc/mpsk/mpsk.conf")).read()
        test_conf = open(stack["MPSK_CONFIG"]).read()
        password = [l.split("=", 1)[1].strip() for l in test_conf.splitlines()
                    if l.startswith("db_password")][0]
        conf = (conf.replace("/run/mysqld/mysqld.sock", stack["MPSK_DB_SOCKET"])
                .replace("CHANGE-ME", password)
                .replace("/run/mpsk/mpsk.sock", sock)
                .replace("/usr/local/share/mpsk", os.path.join(staged, "usr/local/share/mpsk")))
        with open(os.path.join(work, "mpsk.conf"), "w") as f:
            f.write(conf)
        log = open(os.path.join(work, "mpsk.log"), "w")
        mpsk = subprocess.Popen([os.path.join(staged, "usr/local/bin/mpsk"),
                                 "-c", os.path.join(work, "mpsk.conf"), "serve"],
                                stderr=log)
        # A self-signed certificate where the site expects one.
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", os.path.join(work, "privkey.pem"),
                        "-out", os.path.join(work, "fullchain.pem"), "-days", "1",
                        "-subj", "/CN=wifi.example.net"], check=True,
                       capture_output=True)
        etc_nginx = os.path.join(staged, "etc/nginx")
        site = open(os.path.join(etc_nginx, "sites-available/mpsk")).read()
        site = (site.replace("/etc/ssl/mpsk", work)
                .replace("unix:/run/mpsk/mpsk.sock", "unix:" + sock)
                .replace("listen 443", f"listen 127.0.0.1:{port_https}")
                .replace("listen [::]:443 ssl http2;", "")
                .replace("listen 80;", f"listen 127.0.0.1:{port_http};")
                .replace("listen [::]:80;", "")
                .replace("/var/log/nginx", work)
                .replace("/usr/local/share/mpsk", os.path.join(staged, "usr/local/share/mpsk")))
        with open(os.path.join(etc_nginx, "site-under-test"), "w") as f:
            f.write(site)
        with open(os.path.join(etc_nginx, "nginx-test.conf"), "w") as f:
            f.write(f"""daemon on; user root; pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {work}/body; fastcgi_temp_path {work}/fastcgi;
  proxy_temp_path {work}/proxy; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
  include site-under-test;
}}
""")
        test = subprocess.run(["nginx", "-t", "-p", etc_nginx, "-c",
                               os.path.join(etc_nginx, "nginx-test.conf")],
                              capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        subprocess.run(["nginx", "-p", etc_nginx, "-c",
                        os.path.join(etc_nginx, "nginx-test.conf")], check=True)
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        body = None
        for _ in range(50):
            try:
                with urllib.request.urlopen(
                        f"https://127.0.0.1:{port_https}/api/v1/health",
                        context=ctx, timeout=5) as r:
                    body = r.read()
                    hsts = r.headers.get("Strict-Transport-Security")
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None and b'"status":"ok"' in body
        assert hsts and "max-age" in hsts
        # The portal over TLS: its cookies are Secure; static/ comes from
        # nginx itself (the program is never asked for it).
        with urllib.request.urlopen(f"https://127.0.0.1:{port_https}/portal/signin",
                                    context=ctx, timeout=5) as r:
            assert r.status == 200 and b"Sign in" in r.read()
            cookie = r.headers["Set-Cookie"]
            assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
            # __Host-: only this origin over TLS may set it (no cookie
            # tossing from plain HTTP or a sibling subdomain).
            assert cookie.startswith("__Host-mpsk_csrf=") and "; Path=/;" in cookie
            assert "Domain" not in cookie
            assert "default-src 'none'" in r.headers["Content-Security-Policy"]
        with urllib.request.urlopen(f"https://127.0.0.1:{port_https}/static/mpsk.css",
                                    context=ctx, timeout=5) as r:
            css = r.read()
            assert r.headers["Content-Type"].startswith("text/css")
            assert r.headers.get("Expires") and r.headers["X-Content-Type-Options"] == "nosniff"
            assert "max-age" in r.headers.get("Strict-Transport-Security", "")
        assert css == open(os.path.join(staged, "usr/local/share/mpsk/static/mpsk.css"), "rb").read()
        log.flush()
        assert "/static/" not in open(os.path.join(work, "mpsk.log")).read()
        _tls_signin(stack, api, f"https://127.0.0.1:{port_https}", ctx)
        # An activation link's code reaches neither log.
        with urllib.request.urlopen(
                f"https://127.0.0.1:{port_https}/portal/activate?code=ABCD-EFGH-JKMN-PQRS",
                context=ctx, timeout=5) as r:
            assert b"ABCD-EFGH-JKMN-PQRS" in r.read()
        subprocess.run(["nginx", "-p", etc_nginx, "-c", os.path.join(etc_nginx, "nginx-test.conf"),
                        "-s", "reopen"], check=True)
        time.sleep(0.2)
        access = open(os.path.join(work, "mpsk.access.log")).read()
        assert "GET /portal/activate HTTP" in access and "ABCD" not in access
        assert "ABCD" not in open(os.path.join(work, "mpsk.log")).read()
        # Plain HTTP is redirected to HTTPS.
        req = urllib.request.Request(f"http://127.0.0.1:{port_http}/api/v1/health")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(req, timeout=5)
            assert False, "expected a redirect"
        except urllib.error.HTTPError as e:
            assert e.code == 301 and e.headers["Location"].startswith("https://")
    finally:
        subprocess.run(["nginx", "-p", os.path.join(staged, "etc/nginx"), "-c",
                        os.path.join(staged, "etc/nginx/nginx-test.conf"), "-s", "stop"],
                       capture_output=True)
        if mpsk:
            mpsk.terminate()
            mpsk.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_radius_config_generates_and_checks(staged, stack):
    """mpsk-radius-config, as installed, turns the installed templates into a
    FreeRADIUS configuration that `freeradius -XC` accepts."""
    work = tempfile.mkdtemp(prefix="mpsk-radconf-")
    try:
        pw = open(os.path.join(stack["MPSK_STACK_DIR"], "secrets/db_radius")).read().strip()
        env_file = os.path.join(work, "radius.env")
        example = open(os.path.join(staged, "etc/mpsk/radius.env")).read()
        lines = [l for l in example.splitlines()
                 if not l.startswith(("MPSK_RADIUS_DB_PASSWORD", "MPSK_DB_SOCKET",
                                      "MPSK_RADIUS_USER", "MPSK_RADIUS_GROUP"))]
        lines += [f"MPSK_RADIUS_DB_PASSWORD={pw}",
                  f"MPSK_DB_SOCKET={stack['MPSK_DB_SOCKET']}",
                  f"MPSK_RADIUS_LOGDIR={work}/log", f"MPSK_RADIUS_RUNDIR={work}/run"]
        with open(env_file, "w") as f:
            f.write("\n".join(lines) + "\n")
        confdir = os.path.join(work, "etc/radius")
        r = subprocess.run([os.path.join(staged, "usr/local/sbin/mpsk-radius-config"),
                            env_file, confdir], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        conf = open(os.path.join(confdir, "radiusd.conf")).read()
        assert "listen" in conf or "$INCLUDE" in conf
        # FreeRADIUS finds the installed rlm_mpsk.so first, its own modules after.
        libdir = os.path.realpath(os.path.join(staged, "usr/local/lib/mpsk"))
        assert f"libdir = {libdir}:/usr/lib/freeradius" in conf
        # The password stays out of the generated tree.
        for dirpath, _, files in os.walk(confdir):
            for name in files:
                assert pw not in open(os.path.join(dirpath, name), errors="replace").read()
    finally:
        shutil.rmtree(work, ignore_errors=True)
