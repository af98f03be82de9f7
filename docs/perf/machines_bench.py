#!/usr/bin/env python3
"""Times machines through the local daemon's unix socket (docs/perf/machines-bench.sh runs it).

usage: machines_bench.py SOCKET TOKEN_FILE POOL_REF COLD_REF
Prints one line per figure: min / median / max where there are several runs.
"""
import http.client
import json
import os
import socket
import statistics
import sys
import threading
import time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=300)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


SOCK, TOKEN = sys.argv[1], open(sys.argv[2]).read().strip()
POOL_REF, COLD_REF = sys.argv[3], sys.argv[4]
ONLY = os.environ.get("BENCH_ONLY", "")


def call(method, path, body=None):
    c = UnixConnection(SOCK)
    c.request(method, path, None if body is None else json.dumps(body),
              {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise RuntimeError(f"{method} {path}: {r.status} {data[:200]!r}")
    return data


def create(ref, **extra):
    return json.loads(call("POST", "/v1/machines", dict(ref=ref, **extra)))


def exec_exit(mid, command):
    out = call("POST", f"/v1/machines/{mid}/exec", {"command": command}).decode()
    for line in out.splitlines():
        if line.startswith("data:") and '"exit"' in line:
            return json.loads(line[5:])["exit"]
    raise RuntimeError("no exit code in " + out[:200])


def pool(ref):
    return next((p for p in json.loads(call("GET", "/v1/pools")) if p["ref"] == ref), None)


def wait_idle(ref, n, limit=300):
    until = time.time() + limit
    while time.time() < until:
        p = pool(ref)
        if p and p["idle"] >= n:
            return
        time.sleep(0.01)
    raise RuntimeError(f"pool {ref} never had {n} idle")


def spread(name, values, unit="ms"):
    print(f"{name}: median {statistics.median(values):.1f} {unit} (min {min(values):.1f}, max {max(values):.1f}, "
          f"{len(values)} runs)")


def mem_available_kb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])


# 1. From a warm pool to a ready machine with `true` executed.
call("POST", "/v1/pools", {"ref": POOL_REF, "ready": 3})
took, made, ran = [], [], []
for _ in range(30):
    wait_idle(POOL_REF, 1)
    t0 = time.perf_counter()
    m = create(POOL_REF, fallback="fail")
    t1 = time.perf_counter()
    assert exec_exit(m["id"], ["true"]) == 0
    t2 = time.perf_counter()
    took.append((t2 - t0) * 1000)
    made.append((t1 - t0) * 1000)
    ran.append((t2 - t1) * 1000)
    call("DELETE", f"/v1/machines/{m['id']}")
spread("pool create + exec true (daemon API over its unix socket)", took)
spread("  of which the create (taken from the pool)", made)
spread("  of which the exec of true", ran)
call("DELETE", "/v1/pools?ref=" + POOL_REF)

# 1b. The exec alone, in one machine: through its exec agent, then entered as before (a chain of
# processes), once a command in it has killed the agent; one right after the other.
m = create(POOL_REF)
agent, entered = [], []
for _ in range(15):
    t0 = time.perf_counter()
    assert exec_exit(m["id"], ["true"]) == 0
    agent.append((time.perf_counter() - t0) * 1000)
try:
    exec_exit(m["id"], ["sh", "-c", "kill -9 $PPID"])
except RuntimeError:
    pass  # the agent took this command with it: the answer is an error frame
for _ in range(15):
    t0 = time.perf_counter()
    assert exec_exit(m["id"], ["true"]) == 0
    entered.append((time.perf_counter() - t0) * 1000)
call("DELETE", f"/v1/machines/{m['id']}")
spread("exec true through the machine's exec agent", agent)
spread("exec true entered without the agent (nsenter chain, as before)", entered)
if ONLY == "pool":
    sys.exit(0)

# 2. Cold create of a busybox httpd template to ready (its port check passed).
took, ready = [], []
for _ in range(10):
    t0 = time.perf_counter()
    m = create(COLD_REF)
    took.append((time.perf_counter() - t0) * 1000)
    ready.append(m["readyMillis"])
    call("DELETE", f"/v1/machines/{m['id']}")
spread("cold create of the httpd template to ready (client)", took)
spread("  the same, as the daemon measured it (readyMillis)", ready)

# 3. 50 machines at once.
before = mem_available_kb()
ids, errors = [], []
def one():
    try:
        ids.append(create(COLD_REF)["id"])
    except Exception as e:  # noqa: BLE001 - counted and printed
        errors.append(str(e))
t0 = time.perf_counter()
threads = [threading.Thread(target=one) for _ in range(50)]
[t.start() for t in threads]
[t.join() for t in threads]
wall = time.perf_counter() - t0
time.sleep(1)
listed = [m for m in json.loads(call("GET", "/v1/machines")) if m["id"] in ids]
rss = [m.get("memoryBytes", 0) for m in listed]
after = mem_available_kb()
print(f"50 machines at once: {len(ids)} ready in {wall:.2f} s ({len(errors)} failed"
      f"{': ' + errors[0] if errors else ''}); memory per machine: {statistics.median(rss) / 1e6:.2f} MB "
      f"resident (median of its processes' RSS), {(before - after) / 1024 / max(1, len(ids)):.2f} MB of "
      f"MemAvailable each")
for mid in ids:
    call("DELETE", f"/v1/machines/{mid}")

# 4. Pool refill rate: from empty to 20 ready.
t0 = time.perf_counter()
call("POST", "/v1/pools", {"ref": POOL_REF, "ready": 20})
wait_idle(POOL_REF, 20)
wall = time.perf_counter() - t0
print(f"pool refill: 20 ready machines in {wall:.2f} s ({20 / wall:.1f} machines/s, one start at a time)")
call("DELETE", "/v1/pools?ref=" + POOL_REF)
