# SPDX-License-Identifier: GPL-2.0-or-later
"""A browser-like HTTP client for the portal and dashboard pages: a cookie
jar, no automatic redirects, and forms sent with the page's CSRF token.
(The real-browser suite in tests/browser/ drives Chromium; these tests check
the HTTP contract itself: status codes, headers, cookies, what changed.)"""
import functools
import html
import http.client
import http.cookiejar
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from conftest import Response, unique


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _FromSource(urllib.request.HTTPHandler):
    """Connects from a chosen local address: all of 127/8 is this machine,
    so 127.0.0.2 and 127.0.0.3 are two clients to nginx (its REMOTE_ADDR)."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def http_open(self, req):
        return self.do_open(functools.partial(
            http.client.HTTPConnection, source_address=(self.source, 0)), req)


class Browser:
    def __init__(self, base, source=None):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect]
        if source:
            handlers.append(_FromSource(source))
        self.opener = urllib.request.build_opener(*handlers)
        self.csrf = ""

    def request(self, method, path, form=None, raw=None, headers=None):
        data = raw
        hdrs = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers=hdrs)
        try:
            with self.opener.open(req, timeout=30) as r:
                resp = Response(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            resp = Response(e.code, dict(e.headers), e.read())
        m = re.search(rb'name="csrf" value="([^"]*)"', resp.body)
        if m:
            self.csrf = m.group(1).decode()
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form=None, csrf=True, **kw):
        form = dict(form or {})
        if csrf and "csrf" not in form:
            form["csrf"] = self.csrf
        return self.request("POST", path, form=form, **kw)

    def cookie(self, name):
        for c in self.jar:
            if c.name == name:
                return c
        return None

    def signin(self, area, username, password):
        self.get(f"/{area}/signin")
        return self.post(f"/{area}/signin", {"username": username, "password": password})


def text(resp):
    """The page's text with tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", resp.body.decode()))


def cli(stack, *args, stdin=None):
    out = subprocess.run(
        [os.path.join(stack["MPSK_BUILD"], "mpsk"), "-c", stack["MPSK_CONFIG"], *args],
        input=stdin, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def make_tenant(stack, api, plan, password="tenant password 1", **fields):
    """A customer with a portal sign-in; returns (external id, username)."""
    ext = unique("ten")
    body = {"plan": plan, "name": "Tenant " + ext}
    body.update(fields)
    r = api.put(f"/api/v1/customers/{ext}", body)
    assert r.status == 201, r
    user = "u" + ext.replace("-", "")
    cli(stack, "tenant", "password", "--customer", ext, "--username", user,
        stdin=password + "\n")
    return ext, user


def make_staff(stack, role, password="staff password 1"):
    user = "s" + unique(role).replace("-", "")
    cli(stack, "staff", "create", "--username", user, "--role", role,
        "--password-stdin", stdin=password + "\n")
    return user
