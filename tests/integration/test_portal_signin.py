# SPDX-License-Identifier: GPL-2.0-or-later
"""The sign-in limits under attack, over HTTP through nginx and FastCGI: a
soft lockout per (username, source network), one answer for every refusal,
budgets taken atomically before any hashing, and a cap on concurrent
hashing that keeps the API answering during a sign-in flood.

Two clients are two local addresses (all of 127/8 is this machine): nginx
passes the connecting address as REMOTE_ADDR, which is what mpsk counts.
What ran is read from mpsk's own log: one line per sign-in saying its
result and whether a password was hashed (hashed=1) or not (hashed=0)."""
import hashlib
import os
import random
import re
import threading
import urllib.request

import pytest

from conftest import unique
from portal_client import Browser, make_staff, make_tenant, text
from test_api_support import make_plan

PASSWORD = "tenant password 1"
STAFF_PASSWORD = "staff password 1"
BUDGET = 5          # signin_max_failures (the stack's default)
REFUSED = "The username or password is wrong, or there were too many tries"


@pytest.fixture(scope="module")
def plan(api):
    return make_plan(api, keys_per_customer=1)["name"]


def new_source():
    """A local address no other test uses."""
    return "127.%d.%d.%d" % (random.randint(16, 250), random.randint(1, 254),
                             random.randint(1, 254))


def signins(stack, source):
    """(result, hashed) of every sign-in mpsk logged from source."""
    with open(os.path.join(stack["MPSK_STACK_DIR"], "mpsk.log")) as log:
        return re.findall(r"signin area=\w+ result=(\w+) hashed=([01]) from=%s\n"
                          % re.escape(source), log.read())


def hashed(stack, source):
    return sum(1 for _, h in signins(stack, source) if h == "1")


def account(stack, api, plan, area):
    """(username, password, the staff page that shows its sign-in) of a
    fresh tenant or staff account."""
    if area == "staff":
        return make_staff(stack, "operator", STAFF_PASSWORD), STAFF_PASSWORD, "/staff/accounts"
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    return user, PASSWORD, f"/staff/customers/{ext}"


def throttled_badge(staff, page, username):
    """Whether the staff page shows username's sign-in as throttled."""
    body = staff.get(page).body.decode()
    row = next(line for line in body.splitlines() if username in line)
    return "sign-in throttled" in row


def subject(area, username):
    kind = "staff" if area == "staff" else "tenant"
    return hashlib.sha256(f"{kind}:{username}".encode()).hexdigest()


def pair_failures(sql, source, area, username):
    return sql.value("SELECT failures FROM signin_failures WHERE source_ip = '%s'"
                     " AND subject = UNHEX('%s')" % (source, subject(area, username)))


def assert_refused(r):
    assert r.status == 401, r
    assert REFUSED in text(r)


@pytest.mark.parametrize("area", ["portal", "staff"])
def test_a_guesser_elsewhere_cannot_lock_the_owner_out(stack, api, sql, plan, area):
    user, password, staff_page = account(stack, api, plan, area)
    admin = Browser(stack["MPSK_NGINX_URL"], source=new_source())
    assert admin.signin("staff", make_staff(stack, "admin", STAFF_PASSWORD),
                        STAFF_PASSWORD).status == 303
    assert not throttled_badge(admin, staff_page, user)
    a, b = new_source(), new_source()
    attacker = Browser(stack["MPSK_NGINX_URL"], source=a)
    for i in range(BUDGET + 3):
        assert_refused(attacker.signin(area, user, f"guess number {i}"))
    # The attacker's network spent its budget for this username: only the
    # first BUDGET guesses were checked, and the right password from there
    # is refused too, unchecked.
    assert hashed(stack, a) == BUDGET
    assert_refused(attacker.signin(area, user, password))
    assert hashed(stack, a) == BUDGET and signins(stack, a)[-1] == ("throttled", "0")
    assert pair_failures(sql, a, area, user) == str(BUDGET)
    # Staff see that someone is guessing (there is no lock to lift).
    assert throttled_badge(admin, staff_page, user)
    # The owner, elsewhere, signs in at once (the old lockout said 423).
    owner = Browser(stack["MPSK_NGINX_URL"], source=b)
    r = owner.signin(area, user, password)
    assert r.status == 303 and r.headers["Location"] == f"/{area}/", r
    assert signins(stack, b) == [("ok", "1")]
    # ... and after a few typos of its own, still does: a success forgets
    # that network's failures for the username.
    for i in range(BUDGET - 1):
        assert_refused(Browser(owner.base, source=b).signin(area, user, f"typo {i}"))
    assert Browser(owner.base, source=b).signin(area, user, password).status == 303
    assert pair_failures(sql, b, area, user) is None


def normalised(r, username):
    """The page without what differs by design: the username typed and the
    form's token."""
    body = r.body.decode().replace(f'value="{username}"', 'value="U"')
    return re.sub(r'name="csrf" value="[^"]*"', 'name="csrf"', body)


def test_one_answer_for_unknown_wrong_and_throttled(stack, api, sql, plan):
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    src = new_source()
    nobody = "nobody" + unique().replace("-", "")
    answers = {}
    web = Browser(stack["MPSK_NGINX_URL"], source=src)
    answers["unknown"] = (web.signin("portal", nobody, "wrong password!"), nobody)
    answers["wrong"] = (web.signin("portal", user, "wrong password!"), user)
    # An unknown username costs a real hash, as a known one does.
    assert signins(stack, src) == [("refused", "1"), ("refused", "1")]
    for i in range(BUDGET):
        web.signin("portal", user, f"wrong password {i}")
        web.signin("portal", nobody, f"wrong password {i}")
    # Both are throttled alike, so being throttled tells nothing either.
    answers["throttled, right password"] = (web.signin("portal", user, PASSWORD), user)
    answers["throttled, unknown"] = (web.signin("portal", nobody, PASSWORD), nobody)
    assert signins(stack, src)[-2:] == [("throttled", "0"), ("throttled", "0")]
    assert hashed(stack, src) == 2 * BUDGET
    pages = set()
    for name, (r, typed) in answers.items():
        assert r.status == 401, (name, r)
        assert REFUSED in text(r), name
        assert "Retry-After" not in r.headers, name
        assert f'value="{typed}"' in r.body.decode()
        pages.add(normalised(r, typed))
    assert len(pages) == 1, "the refusals differ"
    assert web.cookie("mpsk_tenant") is None


def test_a_source_has_one_budget_across_usernames(stack, api, sql, plan):
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    src = new_source()
    web = Browser(stack["MPSK_NGINX_URL"], source=src)
    # Two places left of the source's 50 (signin_ip_max_failures): two
    # guesses on two usernames are checked, the third username is not.
    sql.run("INSERT INTO signin_failures (source_ip, window_start, failures)"
            f" VALUES ('{src}', UTC_TIMESTAMP(), 48)")
    for name in ("spray" + unique().replace("-", ""), "spray" + unique().replace("-", "")):
        assert_refused(web.signin("portal", name, "Password123!"))
    assert_refused(web.signin("portal", user, PASSWORD))
    assert [h for _, h in signins(stack, src)] == ["1", "1", "0"]
    assert sql.value(f"SELECT failures FROM signin_failures WHERE source_ip = '{src}'"
                     " AND subject = ''") == "50"
    # The throttled username took no place of its own.
    assert pair_failures(sql, src, "portal", user) is None
    assert Browser(web.base, source=new_source()).signin("portal", user, PASSWORD).status == 303
    # Once the window is over the source may try again.
    sql.run("UPDATE signin_failures SET window_start = UTC_TIMESTAMP() - INTERVAL 1 HOUR"
            f" WHERE source_ip = '{src}'")
    assert web.signin("portal", user, PASSWORD).status == 303


def test_concurrent_guesses_get_the_budget_and_no_more(stack, api, sql, plan):
    ext, user = make_tenant(stack, api, plan, PASSWORD)
    src = new_source()
    n = 40
    clients = [Browser(stack["MPSK_NGINX_URL"], source=src) for _ in range(n)]
    for c in clients:
        c.get("/portal/signin")
    start = threading.Barrier(n)
    statuses = [None] * n

    def guess(i):
        start.wait()
        r = clients[i].post("/portal/signin", {"username": user, "password": f"guess {i}"})
        statuses[i] = r.status
        if r.status == 429:
            # nginx's own limit_req (kept in front of all this; the test
            # instance's allows bursts of 10 within a millisecond).
            assert b"nginx" in r.body, r

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Refused (401), or "busy" (503) when the hashing gate was full; never
    # let in, and never more guesses checked than the budget.
    assert set(statuses) <= {401, 503, 429}, statuses
    assert n - statuses.count(429) >= 2 * BUDGET, "too few guesses reached mpsk"
    during = hashed(stack, src)
    assert 1 <= during <= BUDGET, f"{during} of {n} concurrent guesses were checked"
    assert len(signins(stack, src)) == n - statuses.count(429)
    # What the gate turned away was not counted: one at a time, the rest
    # of the budget is checked, then nothing more.
    for i in range(BUDGET + 2):
        assert_refused(clients[0].signin("portal", user, f"one at a time {i}"))
    assert hashed(stack, src) == BUDGET
    assert pair_failures(sql, src, "portal", user) == str(BUDGET)
    assert sql.value(f"SELECT failures FROM signin_failures WHERE source_ip = '{src}'"
                     " AND subject = ''") == str(BUDGET)


def test_the_api_answers_during_a_signin_flood(stack, api, token):
    """Sign-ins from many networks at once (none of them throttled, so each
    wants a hash) while the API is asked through the same nginx and worker
    threads: every API request answers 200, and the gate turned some
    sign-ins away instead of letting them take every worker."""
    base = stack["MPSK_NGINX_URL"]
    sources = [new_source() for _ in range(16)]
    stop = threading.Event()
    flood_statuses = []

    def flood(src):
        b = Browser(base, source=src)
        b.get("/portal/signin")
        for i in range(8):
            if stop.is_set():
                break
            r = b.post("/portal/signin", {"username": "flood" + unique().replace("-", ""),
                                          "password": f"flood password {i}"})
            flood_statuses.append(r.status)

    threads = [threading.Thread(target=flood, args=(s,)) for s in sources]
    for t in threads:
        t.start()
    api_statuses = []
    try:
        for i in range(30):
            path = "/api/v1/health" if i % 2 else "/api/v1/plans"
            req = urllib.request.Request(base + path,
                                         headers={"Authorization": "Bearer " + token})
            # Generous: a worker held by hashing would keep it for seconds
            # under a flood; the point is that none is starved.
            with urllib.request.urlopen(req, timeout=10) as r:
                api_statuses.append(r.status)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert api_statuses == [200] * 30
    # (429: nginx's burst limit, before mpsk.)
    assert flood_statuses and set(flood_statuses) <= {401, 503, 429}, set(flood_statuses)
    results = [r for s in sources for r, _ in signins(stack, s)]
    assert "busy" in results, "the hashing gate never turned a sign-in away"
    assert results.count("busy") == flood_statuses.count(503)


def test_a_busy_answer_is_the_form_with_retry_after(stack, sql):
    """The gate full: 503, Retry-After, the form with the username kept,
    and nothing counted against the source."""
    base = stack["MPSK_NGINX_URL"]
    seen = []

    def one(i):
        src = new_source()
        name = "busy" + unique().replace("-", "")
        r = Browser(base, source=src).signin("portal", name, f"busy password {i}")
        if r.status == 503:
            seen.append((src, name, r))

    for _ in range(5):
        threads = [threading.Thread(target=one, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if seen:
            break
    assert seen, "12 concurrent sign-ins never found the gate (2 places) full"
    src, name, r = seen[0]
    assert r.headers["Retry-After"] == "5"
    assert "try again in a few seconds" in text(r) and f'value="{name}"' in r.body.decode()
    assert signins(stack, src) == [("busy", "0")]
    assert sql.value(f"SELECT failures FROM signin_failures WHERE source_ip = '{src}'"
                     " AND subject = ''") == "0"
    assert pair_failures(sql, src, "portal", name) == "0"
