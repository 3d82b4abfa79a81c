#!/usr/bin/env python3
"""two_servers.py SCOOT_SERVER: two scoot-server processes on one PostgreSQL database (from
tests/pg/with-pg.sh), written to at once through both by many clients (cats, and events on
their own cats and on one cat they all share); then each server must read every acknowledged
write: no write lost, no id given twice, both servers seeing the same journal."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BIN = sys.argv[1]
URI = os.environ.get("SCOOT_TEST_PG_URI")
PSQL = os.environ.get("SCOOT_TEST_PSQL")
if not URI or not PSQL:
    print("two_servers: run me through tests/pg/with-pg.sh")
    sys.exit(1)
WORKERS, CATS_EACH, EVENTS_EACH = 16, 3, 50

subprocess.run(PSQL.split() + ["-d", "postgres", "-c", "CREATE DATABASE two"], check=True)
db = URI + "/two"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


env = dict(os.environ, TZ="UTC")
env.pop("SCOOT_NOW", None)  # (entries are stamped now: a fixed clock would not change that)
tmp = tempfile.mkdtemp()
servers, urls = [], []
for name in "AB":
    port = free_port()
    err = open(os.path.join(tmp, name + ".err"), "w")
    servers.append(subprocess.Popen([BIN, "--listen", "127.0.0.1:%d" % port, "--db", db,
                                     "--threads", "4", "--access-log", "off"],
                                    stdout=subprocess.DEVNULL, stderr=err, env=env))
    urls.append("http://127.0.0.1:%d" % port)


def call(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


fails = []
try:
    for u in urls:
        for _ in range(100):
            try:
                if call(u + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            fails.append("server %s did not start" % u)
    if fails:
        raise SystemExit
    st, _ = call(urls[0] + "/api/v1/cats", "POST", {"name": "Shared"})
    assert st == 201, st

    lock = threading.Lock()
    cats = {"Shared": 0}          # name -> server index that acknowledged it
    events = {}                   # id -> (cat, note, server)
    refused = []

    def worker(w):
        mine = []
        for c in range(CATS_EACH):
            name = "W%d-%d" % (w, c)
            s = (w + c) % 2
            st, body = call(urls[s] + "/api/v1/cats", "POST", {"name": name})
            if st != 201:
                refused.append("cat %s via %d: %s %s" % (name, s, st, body))
                continue
            with lock:
                cats[name] = s
            mine.append(name)
        for i in range(EVENTS_EACH):
            s = (w + i) % 2
            cat = "Shared" if i % 2 else mine[i % len(mine)]
            note = "w%d e%d" % (w, i)
            st, body = call(urls[s] + "/api/v1/cats/%s/events" % cat, "POST",
                            {"kind": "weight", "data": {"kg": 4}, "note": note})
            if st != 201:
                refused.append("event %s via %d: %s %s" % (note, s, st, body))
                continue
            with lock:
                if body["id"] in events:
                    fails.append("id %d given twice (%s and %s)" % (body["id"], events[body["id"]], note))
                events[body["id"]] = (cat, note, s)

    t0 = time.time()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.time() - t0
    fails += ["refused: " + r for r in refused]

    # each server reads every acknowledged write, and nothing else
    views = []
    for s, u in enumerate(urls):
        st, listed = call(u + "/api/v1/cats")
        names = sorted(c["name"] for c in listed)
        if names != sorted(cats):
            fails.append("server %d lists cats %s, acknowledged %s" % (s, names, sorted(cats)))
        seen = {}
        for name in cats:
            after = None
            while True:
                q = "/api/v1/cats/%s/events?limit=50" % name + ("&after=" + after if after else "")
                st, page = call(u + q)
                if st != 200:
                    fails.append("server %d: %s -> %s" % (s, q, st))
                    break
                for e in page["events"]:
                    if e["id"] in seen:
                        fails.append("server %d: event %d listed twice" % (s, e["id"]))
                    seen[e["id"]] = (name, e["note"])
                after = page["next_cursor"]
                if not after:
                    break
        want = {i: (c, n) for i, (c, n, _) in events.items()}
        if seen != want:
            lost = sorted(set(want) - set(seen))
            extra = sorted(set(seen) - set(want))
            wrong = sorted(i for i in set(want) & set(seen) if want[i] != seen[i])
            fails.append("server %d: lost %s, not acknowledged %s, changed %s" % (s, lost, extra, wrong))
        views.append(seen)
    via = [sum(1 for v in events.values() if v[2] == s) for s in (0, 1)]
    print("two_servers: %d cats and %d events acknowledged (%d via A, %d via B; %d on the shared "
          "cat) in %.2f s by %d clients; each server reads all %d, ids 1..%d, none twice"
          % (len(cats), len(events), via[0], via[1],
             sum(1 for v in events.values() if v[0] == "Shared"), took, WORKERS, len(events),
             max(events) if events else 0))
    if events and sorted(events) != list(range(1, len(events) + 1)):
        fails.append("event ids are not 1..%d: %s" % (len(events), sorted(events)[:10]))
except Exception as e:  # (a server that died: the refused connection, and what it said)
    fails.append("stopped by %r" % e)
finally:
    for p in servers:
        p.terminate()
    for p in servers:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
    for name in "AB":
        err = open(os.path.join(tmp, name + ".err")).read()
        if "error" in err.lower() and fails:
            print("server %s said:\n%s" % (name, err[-2000:]))
    for f in fails:
        print("FAIL " + f)
    print("two_servers: %s" % ("%d failed" % len(fails) if fails else "ok"))
sys.exit(1 if fails else 0)
