# SPDX-License-Identifier: GPL-2.0-or-later
"""Provision N customers with keys (PMKs included) through the API, as a
billing system's first import would, with C concurrent clients; print the
wall time and rate. Used by scripts/bench.sh.

    python3 bench/api_provision.py URL TOKEN PLAN N C PREFIX
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

url, token, plan, total, conc, prefix = sys.argv[1:7]
total, conc = int(total), int(conc)
u = urllib.parse.urlparse(url)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
lock = threading.Lock()
next_i = 0
errors = []


def worker():
    global next_i
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    while True:
        with lock:
            i = next_i
            next_i += 1
        if i >= total:
            return
        body = json.dumps({"name": f"Bench {i}", "plan": plan})
        conn.request("PUT", f"/api/v1/customers/{prefix}-{i}", body, headers)
        r = conn.getresponse()
        r.read()
        if r.status != 201:
            errors.append(r.status)


start = time.monotonic()
threads = [threading.Thread(target=worker) for _ in range(conc)]
for t in threads:
    t.start()
for t in threads:
    t.join()
took = time.monotonic() - start
print(json.dumps({"customers": total, "seconds": round(took, 2),
                  "per_second": round(total / took, 1), "errors": len(errors)}))
sys.exit(1 if errors else 0)
