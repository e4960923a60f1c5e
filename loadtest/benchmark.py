#!/usr/bin/env python3
"""The leaderboard benchmark: one command (bin/benchmark) that tells the write path's story
(issue 13) and keeps the earlier open-loop figures:

0. a fresh stack, as a new user meets it (skipped with --no-fresh; alone with --fresh): bin/local-stack
   down, the leaderboard database dropped and created again (never analysed), bin/local-stack up, then
   within two minutes of ready 5,000 new players writing closed loop at 32 connections, the pgbench
   ceiling of the same statement for the same players, a warm-up, and the same with other new players,
1. builds and starts the stack (bin/local-stack up; api-service with RATE_LIMITS_ENABLED=false),
2. seeds N players straight into PostgreSQL and rebuilds Redis from it (the rebuild's time is
   a figure of its own), mints 2,000 players' tokens once,
3. warms the services up with unreported reads and writes until their JIT compilers are
   quiet (at most --jit-warmup seconds),
4. drives fixed-rate, open-loop phases with loadtest/bench/Bench.java (latency from each
   request's intended start, so coordinated omission cannot hide), reads the SSE stream for
   submissions that enter the top 10, and samples outbox lag, projection lag and CPU per
   process once a second,
5. closed-loop write phases with wrk (loadtest/wrk/write.lua; 16, 64, 128 connections): every
   submission a new best; writes/s, p50/p99 and CPU seconds per 1,000 writes of every process
   (from /proc, up to the outbox being drained),
6. closed-loop reads with wrk (top-10, around-me, a player's rank; 16 and 64 connections), with the
   same CPU accounting per 1,000 requests, then fixed-rate reads with Bench (latency),
7. runs pgbench with the api-service's own submit statement against the same database
   (PostgreSQL's ceiling for the same write) and reports our rate over it,
8. with --nakama: the same closed-loop writes (16, 64) and reads against a Nakama the user started
   (never built nor fetched here), CPU of Nakama + PostgreSQL + wrk, and a side-by-side table,
9. records JFR profiles of the services during the heaviest write phase,
10. writes report.json and report.md into docs/benchmarks/<date>/ (and docs/benchmarks/latest.md),
   opening with the issue's targets table (measured, met or missed).

Modes:
  bin/benchmark                    the whole story (about 20-25 minutes on 2 cores)
  bin/benchmark --quick            the same, short (about 5 minutes): a smoke test, not a measurement
  bin/benchmark --fresh            the fresh-stack story only (about 7 minutes)
  bin/benchmark --no-fresh         everything but the fresh stack (uses the running stack's database)
  bin/benchmark --nakama [--nakama-url URL --nakama-pid-file FILE --nakama-tokens TSV --nakama-leaderboard ID]
                                   + Nakama side by side, measured after our stack

Standard library only; needs java (17+), psql, pgbench and wrk (apt-get install
postgresql-client postgresql-contrib wrk).
"""
import argparse
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.path.join(ROOT, ".local-stack")
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", os.environ.get("POSTGRES_USER", "postgres")]
DB = "leaderboard"
API = "http://127.0.0.1:8080"
SSE = "http://127.0.0.1:8081"
PROJECTOR = "http://127.0.0.1:8083"
# the stack's Redis: bin/local-stack runs on LOCAL_REDIS_PORT when it is set
REDIS_PORT = int(os.environ.get("LOCAL_REDIS_PORT", "6379"))
SERVICES = ["api-service", "outbox-publisher", "projection-worker", "sse-broadcaster", "kafka"]

TARGETS = {
    "sustainedPerSecond": 4000,
    "ceilingRatio": 0.55,
    "submitP99At1000Ms": 20,
    "sseP99At1000Ms": 150,
    "topPerSecond": 20000,
    "topP99Ms": 5,
    "rankPerSecond": 15000,
    "rebuild1MSeconds": 10,
}


# issue 13's targets ("the write path at the machine's limit"), 2-core machine, everything on the box
ISSUE_TARGETS = {
    "cpuPerWriteMsAt16": 0.6,
    "cpuPerWriteMsAt64": 0.35,
    "writesVsNakamaAt16": 1.2,
    "writesVsNakamaAt64": 2.0,
    "p99VsNakamaAt64": 0.5,
    "freshCeilingRatio": 0.5,
    "freshP99Ms": 30,
    "sseP99At1000Ms": 150,
    "aroundVsNakama": 5,
    "rankVsNakama": 3,
    "topVsNakama": 8,
}


def log(msg):
    print("benchmark: " + msg, flush=True)


def http(method, url, body=None, timeout=30, token=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def admin_token():
    """the projector's operations need the leaderboard:admin scope: a token from the local issuer"""
    status, _, body = http("POST", API + "/dev/tokens", {"subject": "benchmark-ops", "scopes": ["leaderboard:admin"]})
    if status != 200:
        raise RuntimeError("no admin token from %s/dev/tokens: %s %s" % (API, status, body))
    return json.loads(body)["accessToken"]


def psql(sql, timeout=120):
    out = subprocess.run(["psql", *PG, "-d", DB, "-AtX", "-F", "|", "-c", sql], capture_output=True, text=True,
                         timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError("psql failed: " + out.stderr)
    return out.stdout.strip()


def pid_of(name):
    try:
        with open(os.path.join(STATE, "pids", name + ".pid")) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def env_of(pid):
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            return dict(kv.split("=", 1) for kv in f.read().decode(errors="replace").split("\0") if "=" in kv)
    except OSError:
        return {}


# ---------------------------------------------------------------- stack

def local_stack_up(env, quiet=False, attempts=8):
    """bin/local-stack up, again after 30 s when it fails (on a shared machine another process may hold one of
    the ports for a while; what is already up stays up)"""
    for attempt in range(1, attempts + 1):
        r = subprocess.run([os.path.join(ROOT, "bin", "local-stack"), "up"], env=env,
                           stdout=subprocess.DEVNULL if quiet else None)
        if r.returncode == 0:
            return
        if attempt < attempts:
            log("bin/local-stack up failed (exit %d); trying again in 30 s (%d/%d)" % (r.returncode, attempt, attempts))
            time.sleep(30)
    sys.exit("benchmark: bin/local-stack up failed %d times" % attempts)


def stack_up(args):
    env = dict(os.environ, RATE_LIMITS_ENABLED="false")
    if not args.skip_up:
        log("starting the stack (bin/local-stack up; builds the jars when stale)")
        local_stack_up(env, args.quiet)
    restarted = False
    pid = pid_of("api-service")
    if args.keep_rate_limits:
        pass
    elif pid is None:
        status, headers, _ = http("GET", API + "/leaderboard/top")
        if any(h.lower() == "ratelimit-limit" for h in headers):
            sys.exit("api-service on :8080 was not started by bin/local-stack and enforces rate limits; "
                     "start it with RATE_LIMITS_ENABLED=false")
    elif env_of(pid).get("RATE_LIMITS_ENABLED") != "false":
        log("restarting api-service with RATE_LIMITS_ENABLED=false (restored at the end)")
        subprocess.run([os.path.join(ROOT, "bin", "local-stack"), "restart", "api-service"], env=env, check=True)
        restarted = True
    return restarted


def restore_api(restarted):
    if restarted:
        log("restoring api-service with its usual rate limits")
        env = dict(os.environ)
        env.pop("RATE_LIMITS_ENABLED", None)
        subprocess.run([os.path.join(ROOT, "bin", "local-stack"), "restart", "api-service"], env=env)


def redis_cmd(*parts):
    """one command over RESP, for the few the benchmark needs (SCAN, UNLINK)"""
    import socket
    with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=10) as sock:
        payload = "*%d\r\n" % len(parts) + "".join("$%d\r\n%s\r\n" % (len(str(x).encode()), x) for x in parts)
        sock.sendall(payload.encode())
        f = sock.makefile("rb")

        def read():
            line = f.readline().decode().rstrip("\r\n")
            kind, rest = line[0], line[1:]
            if kind in "+:":
                return rest
            if kind == "-":
                raise RuntimeError(rest)
            if kind == "$":
                return None if rest == "-1" else f.read(int(rest) + 2)[:-2].decode()
            if kind == "*":
                return [read() for _ in range(int(rest))]
        return read()


def drop_board_keys(board="global"):
    """UNLINK (free in the background) the board's Redis keys, as a Redis that lost its data"""
    return drop_keys("leaderboard:{%s}:*" % board)


def drop_keys(pattern):
    """UNLINK every Redis key matching the pattern; how many there were"""
    cursor, keys = "0", []
    while True:
        cursor, batch = redis_cmd("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
        keys += batch
        if cursor == "0":
            break
    for k in keys:
        redis_cmd("UNLINK", k)
    return len(keys)


def outbox():
    row = psql("SELECT count(*), coalesce(extract(epoch FROM now() - min(occurred_at)), 0) "
               "FROM score_events_outbox WHERE processed_at IS NULL")
    n, age = row.split("|")
    return int(n), float(age)


def wait_drained(limit):
    start = time.time()
    while time.time() - start < limit:
        n, _ = outbox()
        if n == 0:
            return time.time() - start
        time.sleep(0.5)
    return None


# ---------------------------------------------------------------- samplers

GEN = "load generator (Bench/wrk/pgbench)"
# the processes of our stack, in the order of the pipeline; their sum is "the stack" (no load generator)
STACK = ["api-service", "outbox-publisher", "kafka", "projection-worker", "sse-broadcaster", "postgresql", "redis"]
SHORT = {"api-service": "api-service", "outbox-publisher": "publisher", "kafka": "Kafka",
         "projection-worker": "projector", "sse-broadcaster": "broadcaster", "postgresql": "PostgreSQL",
         "redis": "Redis", GEN: "load generator", "nakama": "Nakama"}


def cpu_ticks(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime + stime + the children's it waited for: PostgreSQL backends that exit (pgbench's,
        # psql's) move their time to the postmaster's cutime/cstime, so the sum stays monotonic
        return int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    except OSError:
        return 0


def proc_table():
    """every process: pid -> (comm, ppid, utime + stime + cutime + cstime in ticks), one pass over /proc"""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                text = f.read()
            head, rest = text.rsplit(")", 1)
            fields = rest.split()
            table[int(entry)] = (head.split("(", 1)[1], int(fields[1]),
                                 int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14]))
        except (OSError, ValueError, IndexError):
            continue
    return table


_postmaster = []


def postmaster_pid():
    """the PostgreSQL server on 127.0.0.1:5432 (its data directory's postmaster.pid), or None when it cannot
    be read (then every process named postgres counts)"""
    if not _postmaster:
        pid = None
        try:
            with open(os.path.join(psql("SHOW data_directory"), "postmaster.pid")) as f:
                pid = int(f.readline().strip())
            with open("/proc/%d/comm" % pid) as f:
                if not f.read().startswith("postgres"):
                    pid = None
        except (OSError, ValueError, RuntimeError, subprocess.SubprocessError):
            pid = None
        _postmaster.append(pid)
    return _postmaster[0]


def pids_by_component(bench_pid, table=None, extra=None):
    """component -> pids. PostgreSQL: the postmaster and its children (backends and background workers; a
    backend that exited is in the postmaster's cutime/cstime, so the sum over a window is exact). Redis: every
    redis-server. Load generator: Bench's JVM, wrk, pgbench. extra: more components by pid (e.g. Nakama)."""
    table = table if table is not None else proc_table()
    comps = {name: [pid_of(name)] for name in SERVICES if pid_of(name)}
    pg, redis, gen = [], [], ([bench_pid] if bench_pid else [])
    master = postmaster_pid()
    for pid, (comm, ppid, _) in table.items():
        if master and (pid == master or ppid == master):
            pg.append(pid)
        elif not master and comm.startswith("postgres"):
            pg.append(pid)
        elif comm.startswith("redis-server"):
            redis.append(pid)
        elif comm in ("wrk", "pgbench"):
            gen.append(pid)
    comps["postgresql"] = pg
    comps["redis"] = redis
    comps[GEN] = gen
    for name, pid in (extra or {}).items():
        comps[name] = [pid] if pid else []
    return comps


def cpu_snapshot(bench_pid=None, extra=None):
    """CPU seconds so far of every component, and the machine's, in the Sampler's format"""
    hz = os.sysconf("SC_CLK_TCK")
    table = proc_table()
    comps = pids_by_component(bench_pid, table, extra)
    s = {"t": time.time(), "cpu": {c: sum(table[p][2] for p in ps if p in table) / hz for c, ps in comps.items()}}
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    s["cpuTotal"] = sum(int(x) for x in parts[:8]) / hz
    s["cpuIdle"] = (int(parts[3]) + int(parts[4])) / hz
    return s


def cost(a, b, units, generator_seconds=None, stack=None):
    """CPU seconds per component between two snapshots, and per 1,000 units (writes or requests): CPU
    seconds per 1,000 = milliseconds of CPU per unit. generator_seconds replaces the load generator's figure
    (wrk's own rusage, exact). stack: the components summed as "the stack" (default ours)."""
    stack = stack or STACK
    secs = {c: round(b["cpu"].get(c, 0) - a["cpu"].get(c, 0), 3) for c in b["cpu"]}
    if generator_seconds is not None:
        secs[GEN] = round(generator_seconds, 3)
    busy = (b["cpuTotal"] - a["cpuTotal"]) - (b["cpuIdle"] - a["cpuIdle"])
    stack_s = sum(secs.get(c, 0) for c in stack)
    out = {"units": units, "wallSeconds": round(b["t"] - a["t"], 2), "seconds": secs,
           "stackSeconds": round(stack_s, 3), "stackComponents": stack,
           "allSeconds": round(stack_s + secs.get(GEN, 0), 3), "machineBusySeconds": round(busy, 3),
           "otherSeconds": round(max(0.0, busy - sum(secs.values())), 3)}
    if units:
        k = 1000.0 / units
        out["perThousand"] = {c: round(v * k, 4) for c, v in secs.items()}
        out["stackPerThousand"] = round(stack_s * k, 4)
        out["allPerThousand"] = round((stack_s + secs.get(GEN, 0)) * k, 4)
        out["otherPerThousand"] = round(out["otherSeconds"] * k, 4)
    return out


def cost_from_cores(cores, per_second, stack=None):
    """per 1,000 units from a Sampler window's cores and the rate the window held (open-loop phases)"""
    if not cores or not per_second:
        return None
    stack = stack or STACK
    k = 1000.0 / per_second
    per = {c: round(v * k, 4) for c, v in cores.items() if not c.startswith("machine busy")}
    busy = next((v for c, v in cores.items() if c.startswith("machine busy")), None)
    stack_s = sum(per.get(c, 0) for c in stack)
    out = {"perThousand": per, "stackPerThousand": round(stack_s, 4), "stackComponents": stack,
           "allPerThousand": round(stack_s + per.get(GEN, 0), 4)}
    if busy is not None:
        out["otherPerThousand"] = round(max(0.0, busy * k - sum(per.values())), 4)
    return out


class Sampler(threading.Thread):
    """Once a second: outbox backlog, the projector's lag histogram and CPU time per component."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = []
        self.stop = False
        self.bench_pid = None
        self.extra_pids = []
        # closed-loop phases take their own exact snapshots: the sampler's psql and scrapes would cost
        # PostgreSQL and the services CPU inside the measured window
        self.paused = False

    def run(self):
        while not self.stop:
            if self.paused:
                time.sleep(0.1)
                continue
            t = time.time()
            s = {"t": t}
            try:
                s["outboxPending"], s["outboxAge"] = outbox()
            except Exception:
                pass
            try:
                _, _, body = http("GET", PROJECTOR + "/actuator/prometheus", timeout=2)
                s["lag"] = parse_lag(body)
            except Exception:
                pass
            try:
                _, _, body = http("GET", API + "/actuator/prometheus", timeout=2)
                s["batches"] = parse_batches(body)
            except Exception:
                pass
            s.update(cpu_snapshot(self.bench_pid))
            s["t"] = t
            self.samples.append(s)
            time.sleep(max(0.0, 1.0 - (time.time() - t)))

    def window(self, t0, t1):
        return [s for s in self.samples if t0 <= s["t"] <= t1]

    def nearest(self, t):
        return min(self.samples, key=lambda s: abs(s["t"] - t)) if self.samples else None


def parse_lag(text):
    buckets, total, count = [], 0.0, 0.0
    for line in text.splitlines():
        if line.startswith("leaderboard_projection_lag_seconds_bucket"):
            le = re.search(r'le="([^"]+)"', line).group(1)
            buckets.append((float("inf") if le == "+Inf" else float(le), float(line.rsplit(" ", 1)[1])))
        elif line.startswith("leaderboard_projection_lag_seconds_sum"):
            total = float(line.rsplit(" ", 1)[1])
        elif line.startswith("leaderboard_projection_lag_seconds_count"):
            count = float(line.rsplit(" ", 1)[1])
    return {"buckets": buckets, "sum": total, "count": count}


def parse_batches(text):
    """api-service's group commit: how many batches it committed and how many submissions they held"""
    found = {}
    for line in text.splitlines():
        for name in ("count", "sum"):
            if line.startswith("leaderboard_submissions_batch_size_%s " % name):
                found[name] = float(line.rsplit(" ", 1)[1])
    return found


def batch_between(a, b):
    """the mean number of submissions per commit between two samples"""
    if not a or not b or "batches" not in a or "batches" not in b:
        return None
    commits = b["batches"].get("count", 0) - a["batches"].get("count", 0)
    if commits <= 0:
        return None
    return {"commits": int(commits), "meanSubmissions": round((b["batches"]["sum"] - a["batches"]["sum"]) / commits, 1)}


def lag_between(a, b):
    """projection lag of the events projected between two samples, from the histogram's deltas"""
    if not a or not b or "lag" not in a or "lag" not in b:
        return None
    la, lb = a["lag"], b["lag"]
    n = lb["count"] - la["count"]
    if n <= 0:
        return {"events": 0}
    before = dict(la["buckets"])
    deltas = [(le, c - before.get(le, 0)) for le, c in lb["buckets"]]

    def q(p):
        want = p * n
        for le, c in deltas:
            if c >= want:
                return None if le == float("inf") else le * 1000
        return None

    return {"events": int(n), "meanMs": round((lb["sum"] - la["sum"]) / n * 1000, 1),
            "p50Ms": q(0.5), "p99Ms": q(0.99)}


def cpu_between(a, b):
    if not a or not b:
        return None
    dt = b["t"] - a["t"]
    if dt <= 0:
        return None
    out = {c: round((b["cpu"].get(c, 0) - a["cpu"].get(c, 0)) / dt, 2) for c in b["cpu"]}
    busy = (b["cpuTotal"] - a["cpuTotal"]) - (b["cpuIdle"] - a["cpuIdle"])
    out["machine busy (cores of %d)" % os.cpu_count()] = round(busy / dt, 2)
    return out


# ---------------------------------------------------------------- load tools

WRK_DIR = os.path.join(ROOT, "loadtest", "wrk")
WRITE_LUA = os.path.join(WRK_DIR, "write.lua")
READ_LUA = os.path.join(WRK_DIR, "read.lua")
# our reads (docs/api.md), and Nakama's counterparts (its REST gateway; {lb} its leaderboard, {id} a player)
OUR_READS = {"top": "/leaderboard/top?limit=10",
             "around": "/leaderboards/global/users/{id}/around?radius=5",
             "rank": "/leaderboards/global/users/{id}"}
NAKAMA_READS = {"top": "/v2/leaderboard/{lb}?limit=10",
                "around": "/v2/leaderboard/{lb}/owner/{id}?limit=11",
                # owner_ids alone: with &limit=1 Nakama also lists the top record (an extra query)
                "rank": "/v2/leaderboard/{lb}?owner_ids={id}"}


def parse_wrk(out):
    res = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["perSecond"] = float(m.group(1)) if m else None
    for p in ("50", "75", "90", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
        if m:
            v = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            res["p%sMs" % p] = round(v, 3)
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    res["requests"] = int(m.group(1)) if m else None
    if m:
        res["elapsedSeconds"] = float(m.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[m.group(3)]
    m = re.search(r"Socket errors: (.*)", out)
    res["socketErrors"] = m.group(1) if m else None
    return res


def wrk_run(url, seconds, connections, threads, lua=None, lua_args=(), headers=()):
    """runs wrk (closed loop: each connection sends its next request when the last one is answered) and
    returns its figures and its own CPU seconds (rusage of the exited process, exact)"""
    cmd = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    if lua:
        cmd += ["-s", lua]
    cmd.append(url)
    if lua_args:
        cmd += ["--"] + [str(x) for x in lua_args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status
    proc.stdout.close()
    res = {"tool": "wrk (closed loop)", "url": url, "connections": connections, "threads": threads,
           "seconds": seconds, "script": os.path.relpath(lua, ROOT) if lua else None, "exitCode": proc.returncode}
    res.update(parse_wrk(out))
    res["generatorCpuSeconds"] = round(usage.ru_utime + usage.ru_stime, 3)
    if res["requests"] is None:
        log("wrk failed: " + out.strip()[-500:])
    return res


def wrk(url, seconds, connections, threads, lua=None, lua_args=(), headers=()):
    return wrk_run(url, seconds, connections, threads, lua, lua_args, headers)


def mint_tokens(subjects, path, nick_prefix="P"):
    """a local token per subject (POST /dev/tokens, 8 at a time), one per line into path, in order"""
    import concurrent.futures
    import http.client
    from urllib.parse import urlparse
    u = urlparse(API)
    local = threading.local()

    def one(item):
        i, subject = item
        body = json.dumps({"subject": subject, "nickName": "%s%d" % (nick_prefix, i + 1), "scopes": []})
        for attempt in range(3):
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            try:
                conn.request("POST", "/dev/tokens", body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                data = r.read()
                if r.status == 200:
                    return json.loads(data)["accessToken"]
                err = "HTTP %d %s" % (r.status, data[:200])
            except (OSError, http.client.HTTPException) as e:
                err = str(e)
            conn.close()
            local.conn = None
        raise RuntimeError("could not mint a token for %s: %s (is the local profile on?)" % (subject, err))

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        tokens = list(ex.map(one, enumerate(subjects)))
    with open(path, "w") as f:
        f.write("\n".join(tokens) + "\n")
    log("minted %d tokens in %.1f s" % (len(tokens), time.time() - t0))
    return time.time() - t0


def api_batches():
    """the group commit's counters (batches, submissions) from api-service, or None"""
    try:
        _, _, body = http("GET", API + "/actuator/prometheus", timeout=5)
        return {"t": time.time(), "batches": parse_batches(body)}
    except Exception:
        return None


def compiler_ticks_all(extra_pids=()):
    return compiler_ticks() + sum(_compiler_ticks_of(p) for p in extra_pids)


def closed_loop(name, url, seconds, connections, threads, lua=None, lua_args=(), headers=(), extra=None,
                drain=True, unit="writes", stack=None, sampler=None):
    """One closed-loop wrk phase with exact CPU accounting: a snapshot of every process before, after and (for
    our writes) once the outbox is drained and the pipeline has had 1 s more, so the asynchronous work the
    writes caused is in the figure. The Sampler pauses meanwhile (its psql and scrapes would be in it)."""
    if sampler:
        sampler.paused = True
    try:
        g0 = api_batches() if drain else None
        a = cpu_snapshot(extra=extra)
        r = wrk_run(url, seconds, connections, threads, lua, lua_args, headers)
        b = cpu_snapshot(extra=extra)
        if drain:
            d = wait_drained(120)
            r["drainSeconds"] = None if d is None else round(d, 2)
            time.sleep(1)
        c = cpu_snapshot(extra=extra)
        g1 = api_batches() if drain else None
    finally:
        if sampler:
            sampler.paused = False
    r["phase"] = name
    r["unit"] = unit
    ok = (r["requests"] or 0) - (r["non2xx"] or 0)
    r["ok"] = ok
    el = r.get("elapsedSeconds") or seconds
    r["okPerSecond"] = round(ok / el, 1) if el else None
    r["cpu"] = cost(a, c, ok, r["generatorCpuSeconds"], stack)
    r["cpuDuringLoad"] = cost(a, b, ok, r["generatorCpuSeconds"], stack)
    r["startEpoch"], r["endEpoch"] = a["t"], b["t"]
    if g0 and g1:
        r["groupCommit"] = batch_between(g0, g1)
    log("  %s: %s %s/s ok (%s non-2xx), p50 %s p99 %s ms; CPU per 1,000 %s: stack %s s, with the generator %s s"
        % (name, fmt(r["okPerSecond"]), unit, r["non2xx"], r.get("p50Ms"), r.get("p99Ms"), unit,
           fmt(r["cpu"].get("stackPerThousand"), 3), fmt(r["cpu"].get("allPerThousand"), 3)))
    return r


def rank_lua(path, ids_file):
    """GET /leaderboard/{userId} for a random seeded player (ids read from a file: seeded ids have gaps)"""
    with open(path, "w") as f:
        f.write("local ids = {}\n"
                "for line in io.lines('%s') do ids[#ids + 1] = line end\n"
                "math.randomseed(os.time())\n"
                "request = function()\n"
                "  return wrk.format('GET', '/leaderboard/' .. ids[math.random(1, #ids)])\n"
                "end\n" % ids_file)
    return path


def write_ids(path):
    with open(path, "w") as f:
        subprocess.run(["psql", *PG, "-d", DB, "-AtX", "-c",
                        "SELECT s.user_id FROM board_scores s JOIN users u ON u.id = s.user_id "
                        "WHERE s.board = 'global' AND s.period = 'all' AND u.subject ~ '^bench-p[0-9]+$'"],
                       stdout=f, check=True, timeout=600)
    return path


def _compiler_ticks_of(pid):
    total = 0
    for task in glob.glob("/proc/%d/task/*" % pid):
        try:
            with open(task + "/comm") as f:
                if not f.read().startswith(("C1 Compiler", "C2 Compiler")):
                    continue
            with open(task + "/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            pass
    return total


def compiler_ticks():
    """CPU ticks of the JIT compiler threads of every service (and Kafka)."""
    return sum(_compiler_ticks_of(pid) for pid in (pid_of(svc) for svc in SERVICES) if pid)


def run_bench(bench_cmd, phases, out, sampler, profile_phase, jfrs, work):
    """Runs Bench.java's open-loop phases, logging them as they go and recording JFR
    profiles of the services during profile_phase; returns the phases' results."""
    log("open-loop phases: " + ", ".join(phases))
    proc = subprocess.Popen(bench_cmd + ["--phases", ",".join(phases), "--out", out], stdout=subprocess.PIPE,
                            text=True)
    sampler.bench_pid = proc.pid
    for line in proc.stdout:
        line = line.strip()
        if not line.startswith("{"):
            continue
        ev = json.loads(line)
        if ev["event"] == "phase-start":
            log("phase %s: %s/s for %ss" % (ev["phase"], ev["rate"], ev["seconds"]))
            if ev["phase"] == profile_phase:
                for svc in ("api-service", "outbox-publisher", "projection-worker"):
                    pid = pid_of(svc)
                    path = os.path.join(work, "%s.jfr" % svc)
                    if pid and jfr_start(pid, int(ev["seconds"]), path):
                        jfrs[svc] = path
        elif ev["event"] == "phase-end":
            sub = ev["submitLatencyMs"]
            log("  %s: accepted %.0f/s, p50 %s p99 %s ms, statuses %s, sse p99 %s ms" % (
                ev["phase"], ev["acceptedPerSecond"], sub.get("p50"), sub.get("p99"), ev["statuses"],
                ev["submitToSseMs"].get("p99")))
        elif ev["event"] == "tokens":
            log("minted %d tokens in %d ms" % (ev["count"], ev["millis"]))
    if proc.wait() != 0:
        sys.exit("benchmark: Bench.java failed")
    with open(out) as f:
        return json.load(f)["phases"]


def warm_up(bench_cmd, max_seconds, writes, out):
    """Runs every measured path, unreported, until the services' JIT compilers go quiet: on two
    cores a fresh service compiles for minutes, and a benchmark of code still being compiled
    measures the compiler. Rounds of 40 s until the compilers used under 5 % of a core in the
    last one, or max_seconds."""
    rounds = []
    hz = os.sysconf("SC_CLK_TCK")
    phases = ["topjit:2000:10", "rankjit:2000:10"] + (["jit:400:20"] if writes else ["rankjit2:2000:20"])
    log("warming the services up, not reported: rounds of %s, until the JIT is quiet (at most %d s)"
        % (", ".join(phases), max_seconds))
    start = time.time()
    while True:
        t0, c0 = time.time(), compiler_ticks()
        subprocess.run(bench_cmd + ["--phases", ",".join(phases), "--out", out], stdout=subprocess.DEVNULL,
                       check=True)
        if writes:
            wait_drained(120)
        cores = (compiler_ticks() - c0) / hz / (time.time() - t0)
        rounds.append(round(cores, 3))
        log("  warm-up round %d: JIT compilers busy %.2f cores" % (len(rounds), cores))
        if cores < 0.05 or time.time() - start + 40 > max_seconds:
            break
    return {"seconds": round(time.time() - start), "compilerCoresPerRound": rounds}


def jfr_start(pid, seconds, path, name="bench"):
    r = subprocess.run(["jcmd", str(pid), "JFR.start", "name=" + name, "settings=profile",
                        "duration=%ds" % seconds, "filename=" + path], capture_output=True, text=True)
    return r.returncode == 0


def pgbench(script_path, seconds, clients, label):
    env = dict(os.environ)
    cmd = ["pgbench", *PG, "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds),
           "-P", "5", "-f", script_path, DB]
    log("pgbench (%s): %s" % (label, " ".join(cmd)))
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 120)
    out = r.stdout + r.stderr
    res = {"label": label, "clients": clients, "threads": 2, "seconds": seconds, "queryMode": "prepared",
           "startEpoch": t0, "endEpoch": time.time(), "raw": out[-3000:]}
    m = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    res["tps"] = float(m.group(1)) if m else None
    m = re.search(r"latency average = ([\d.]+) ms", out)
    res["latencyAvgMs"] = float(m.group(1)) if m else None
    m = re.search(r"number of failed transactions: (\d+)", out)
    res["failed"] = int(m.group(1)) if m else None
    return res


def pgbench_measured(path, seconds, clients, label, batch, sampler=None):
    """pgbench with exact CPU accounting: snapshots of every process around it (the Sampler paused, so no
    other child of this script runs meanwhile) and pgbench's own CPU from this script's children's rusage"""
    import resource
    if sampler:
        sampler.paused = True
        time.sleep(0.3)
    try:
        a, ru0 = cpu_snapshot(), resource.getrusage(resource.RUSAGE_CHILDREN)
        res = pgbench(path, seconds, clients, label)
        b, ru1 = cpu_snapshot(), resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        if sampler:
            sampler.paused = False
    res["batch"] = batch
    res["submissionsPerSecond"] = round(res["tps"] * batch) if res.get("tps") else None
    gen = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    m = re.search(r"number of transactions actually processed: (\d+)", res.get("raw") or "")
    submissions = int(m.group(1)) * batch if m else (res["submissionsPerSecond"] or 0) * seconds
    res["cpuCost"] = cost(a, b, submissions or None, gen)
    wall = max(0.001, b["t"] - a["t"])
    res["cpu"] = {c: round(v / wall, 2) for c, v in res["cpuCost"]["seconds"].items()}
    res["cpuPerThousand"] = res["cpuCost"]
    return res


def explain(script):
    """EXPLAIN ANALYZE of the submit statement for one batch of seeded players, rolled back"""
    stmt = script.strip().splitlines()[-1].rstrip(";")
    stmt = stmt.replace(":base", "42")
    out = subprocess.run(["psql", *PG, "-d", DB, "-AtX", "-c", "BEGIN", "-c",
                          "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + stmt, "-c", "ROLLBACK"],
                         capture_output=True, text=True, timeout=300)
    return out.stdout


# ---------------------------------------------------------------- closed loop, reads, fresh stack, Nakama

def improving_base():
    sys.path.insert(0, os.path.join(ROOT, "loadtest"))
    import pgbench_submit
    return pgbench_submit.improving_base()


def phase_specs(spec):
    """name:connections:seconds,... -> [(name, connections, seconds)]"""
    out = []
    for p in (spec or "").split(","):
        if p.strip():
            name, conns, secs = p.strip().split(":")
            out.append((name, int(conns), int(secs)))
    return out


def closed_writes(args, tokens_file, sampler, work, label="ours"):
    """our closed-loop write phases: 2,000 players (token_players), every score a new best on global"""
    results = []
    for name, conns, secs in phase_specs(args.closed_phases):
        jfr = None
        if not args.no_profile and name == args.profile_phase and pid_of("api-service"):
            path = os.path.join(work, "api-service-%s.jfr" % name)
            if jfr_start(pid_of("api-service"), secs, path):
                jfr = path
        if not args.no_vacuum:
            vacuum(DB, ["board_scores", "users"])
        log("closed-loop writes %s: %d connections for %d s (wrk, every score a new best)" % (name, conns, secs))
        r = closed_loop(name, API, secs, conns, args.wrk_threads, WRITE_LUA,
                        [tokens_file, "/scores", "number", improving_base(), args.wrk_threads], sampler=sampler)
        if jfr:
            r["jfr"] = jfr
        results.append(r)
        time.sleep(2)
    return results


def read_matrix(base_url, templates, kinds, conns_list, seconds, warmup, threads, ids_arg, tokens_arg=None,
                top_headers=(), extra=None, stack=None, sampler=None, lb="", jfr_path=None):
    """closed-loop reads: each kind at each concurrency, after `warmup` seconds of each (unreported)"""
    def plan(kind):
        path = templates[kind].replace("{lb}", lb)
        if "{id}" in path:
            return base_url + "/", READ_LUA, [path, ids_arg] + ([tokens_arg] if tokens_arg else []), (), path
        return base_url + path, None, (), top_headers, path
    if warmup > 0:
        log("warming up the reads (%s, %d s each, not reported)" % (", ".join(kinds), warmup))
        if sampler:
            sampler.paused = True
        for kind in kinds:
            url, lua, la, hd, _ = plan(kind)
            wrk_run(url, warmup, max(conns_list), threads, lua, la, hd)
        if sampler:
            sampler.paused = False
    out = []
    for kind in kinds:
        for conns in conns_list:
            url, lua, la, hd, path = plan(kind)
            jfr = None
            if jfr_path and kind == "top" and conns == max(conns_list) and pid_of("api-service"):
                if jfr_start(pid_of("api-service"), seconds, jfr_path):
                    jfr = jfr_path
            r = closed_loop("%s c%d" % (kind, conns), url, seconds, conns, threads, lua, la, hd, extra=extra,
                            drain=False, unit="requests", stack=stack, sampler=sampler)
            r["read"], r["path"] = kind, path
            if jfr:
                r["jfr"] = jfr
            out.append(r)
            time.sleep(1)
    return out


def fresh_run(args, report, work):
    """A just-started stack as a new user meets it: bin/local-stack down, the leaderboard database dropped and
    created again (its tables never analysed), the services' Redis keys gone, bin/local-stack up; then, as soon
    as it is ready, new players writing closed loop, the pgbench ceiling of the same write, a warm-up, and the
    same again with other new players (first minute vs later)."""
    sys.path.insert(0, os.path.join(ROOT, "loadtest"))
    import pgbench_submit
    stack_cmd = os.path.join(ROOT, "bin", "local-stack")
    quiet = subprocess.DEVNULL if args.quiet else None
    F = {"players": args.fresh_players, "connections": args.fresh_connections, "seconds": args.fresh_seconds,
         "pgbenchClients": args.pgbench_clients, "pgbenchSeconds": args.pgbench_seconds}
    log("fresh stack: bin/local-stack down; DROP DATABASE leaderboard; CREATE DATABASE leaderboard; "
        "UNLINK the services' Redis keys; bin/local-stack up")
    subprocess.run([stack_cmd, "down"], stdout=quiet)
    r = subprocess.run(["psql", *PG, "-d", "postgres", "-AtX", "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB,
                        "-c", "CREATE DATABASE %s" % DB], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError("could not recreate the database: " + r.stderr)
    F["redisKeysRemoved"] = drop_keys("leaderboard:*")
    env = dict(os.environ)
    if not args.keep_rate_limits:
        env["RATE_LIMITS_ENABLED"] = "false"
    t0 = time.time()
    local_stack_up(env, args.quiet)
    ready = time.time()
    F["upSeconds"] = round(ready - t0, 1)
    F["readyAt"] = datetime.datetime.utcfromtimestamp(ready).isoformat(timespec="seconds") + "Z"
    log("fresh stack ready after %.0f s (bin/local-stack up)" % (ready - t0))
    F["autovacuum"] = psql("SHOW autovacuum")
    stamp = str(int(ready))

    def analysed():
        return psql("SELECT coalesce(string_agg(relname || ' ' || coalesce(greatest(last_analyze, last_autoanalyze)"
                    "::text, 'never'), '; ' ORDER BY relname), '') FROM pg_stat_user_tables "
                    "WHERE relname IN ('users', 'board_scores', 'score_events_outbox')")

    def measure(tag, label):
        prefix = "fresh%s%s-p" % (stamp, tag)
        tokens = os.path.join(work, "fresh-tokens-%s.txt" % tag)
        m = {"label": label, "subjectPrefix": prefix}
        m["mintSeconds"] = round(mint_tokens([prefix + str(i + 1) for i in range(args.fresh_players)], tokens, "F"), 1)
        m["tablesAnalysedBefore"] = analysed()
        after = time.time() - ready
        log("%s: %d new players, %d connections, %d s, starting %.0f s after ready" % (
            label, args.fresh_players, args.fresh_connections, args.fresh_seconds, after))
        r = closed_loop(label, API, args.fresh_seconds, args.fresh_connections, args.wrk_threads, WRITE_LUA,
                        [tokens, "/scores", "number", improving_base(), args.wrk_threads])
        r.update(m)
        r["secondsAfterReady"] = round(after, 1)
        if args.pgbench_seconds > 0:
            batch = max(1, round(((r.get("groupCommit") or {}).get("meanSubmissions")) or 1))
            script = pgbench_submit.script(args.fresh_players, batch, prefix, improving=True)
            r["explain"] = explain(script)
            path = os.path.join(work, "fresh-%s-%d.pgbench" % (tag, batch))
            with open(path, "w") as f:
                f.write(script)
            pg = pgbench_measured(path, args.pgbench_seconds, args.pgbench_clients,
                                  "the service's statement, %d new players, %d submissions per transaction (the API "
                                  "phase's mean batch)" % (args.fresh_players, batch), batch)
            r["pgbench"] = pg
            if pg.get("submissionsPerSecond") and r.get("okPerSecond"):
                r["ceilingRatio"] = round(r["okPerSecond"] / pg["submissionsPerSecond"], 3)
            log("  pgbench: %s submissions/s (%s tps x %d); ours / pgbench = %s" % (
                pg.get("submissionsPerSecond"), pg.get("tps"), batch, r.get("ceilingRatio")))
            wait_drained(120)
        r["tablesAnalysedAfter"] = analysed()
        return r, tokens

    first, tokens = measure("a", "fresh stack, first minutes")
    F["first"] = first
    if args.fresh_warmup > 0:
        log("warming the fresh stack up: closed-loop writes of the same players, rounds of 30 s, until the JIT is "
            "quiet (at most %d s, not reported)" % args.fresh_warmup)
        hz = os.sysconf("SC_CLK_TCK")
        rounds, w0 = [], time.time()
        while time.time() - w0 + 30 <= args.fresh_warmup or not rounds:
            c0, t1 = compiler_ticks(), time.time()
            wrk_run(API + "/", 30, args.fresh_connections, args.wrk_threads, WRITE_LUA,
                    [tokens, "/scores", "number", improving_base(), args.wrk_threads])
            wait_drained(60)
            rounds.append(round((compiler_ticks() - c0) / hz / (time.time() - t1), 3))
            log("  fresh warm-up round %d: JIT compilers busy %.2f cores" % (len(rounds), rounds[-1]))
            if rounds[-1] < 0.05:
                break
        F["warmUp"] = {"seconds": round(time.time() - w0), "compilerCoresPerRound": rounds}
    if args.fresh_warmup >= 0:
        F["warmed"], _ = measure("b", "same stack, warmed up, other new players")
    report["fresh"] = F


def vacuum(db, tables):
    r = subprocess.run(["psql", *PG, "-d", db, "-AtX", "-c", "VACUUM " + ", ".join(tables)], capture_output=True,
                       text=True, timeout=600)
    if r.returncode != 0:
        log("VACUUM in %s failed: %s" % (db, r.stderr.strip()))


def nakama_run(args, work, sampler):
    """The same closed-loop writes (at 16 and 64 connections) and reads against a Nakama the user started,
    with its process, PostgreSQL and the load generator accounted the same way. Never builds nor fetches it."""
    res = {"url": args.nakama_url, "leaderboard": args.nakama_leaderboard}
    try:
        with open(args.nakama_pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError) as e:
        res["error"] = "no running Nakama process from %s (%s)" % (args.nakama_pid_file, e)
        log(res["error"])
        return res
    try:
        with open(args.nakama_tokens) as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
    except OSError as e:
        res["error"] = "cannot read %s: %s" % (args.nakama_tokens, e)
        log(res["error"])
        return res
    lines = lines[:args.token_players]
    tokens = os.path.join(work, "nakama-tokens.tsv")
    with open(tokens, "w") as f:
        f.write("\n".join(lines) + "\n")
    res["players"] = len(lines)
    res["pid"] = pid
    extra, stack = {"nakama": pid}, ["nakama", "postgresql"]
    first = lines[0].split("\t")[0]
    lb = args.nakama_leaderboard
    status, _, body = http_auth("GET", args.nakama_url + NAKAMA_READS["top"].replace("{lb}", lb), first)
    if status != 200:
        res["error"] = "GET the Nakama leaderboard %s: HTTP %s %s" % (lb, status, body[:300])
        log(res["error"])
        return res
    wpath = "/v2/leaderboard/%s" % lb
    # above any score a Nakama helper script wrote (os.time() * 1e6) and still exact in Lua (< 2^53)
    wargs = lambda: [tokens, wpath, "string", int(time.time() * 1e6) * 2, args.wrk_threads]
    if args.nakama_warmup > 0:
        log("Nakama: %d s of writes, not reported" % args.nakama_warmup)
        wrk_run(args.nakama_url + "/", args.nakama_warmup, 16, args.wrk_threads, WRITE_LUA, wargs())
    res["writes"] = []
    for name, conns, secs in phase_specs(args.nakama_phases):
        if not args.no_vacuum:
            vacuum(args.nakama_database, ["leaderboard_record"])
        log("Nakama closed-loop writes %s: %d connections for %d s" % (name, conns, secs))
        r = closed_loop("nakama " + name, args.nakama_url + "/", secs, conns, args.wrk_threads, WRITE_LUA, wargs(),
                        extra=extra, drain=False, stack=stack, sampler=sampler)
        res["writes"].append(r)
        time.sleep(2)
    if args.reads:
        res["reads"] = read_matrix(args.nakama_url, NAKAMA_READS, args.reads.split(","), read_conns(args),
                                   args.read_seconds, min(args.read_warmup, 5), args.wrk_threads, "tokens", tokens,
                                   ("Authorization: Bearer " + first,), extra, stack, sampler, lb=lb)
    return res


def http_auth(method, url, token):
    req = urllib.request.Request(url, method=method, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()
    except OSError as e:
        return None, {}, str(e)


def read_conns(args):
    return [int(c) for c in str(args.read_connections).split(",") if c.strip()]


# ---------------------------------------------------------------- the run

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--players", type=int, default=10000)
    ap.add_argument("--phases", default="warmup:200:20,w500:500:20,w1000:1000:30,w2000:2000:30,w3000:3000:30,"
                                        "w4000:4000:60,w5000:5000:20",
                    help="write phases name:rate/s:seconds, comma separated (open loop, fixed rate)")
    ap.add_argument("--no-writes", action="store_true", help="seed, rebuild and reads only (e.g. at 1M players)")
    ap.add_argument("--jit-warmup", type=int, default=300,
                    help="at most this many seconds of reads and writes before anything is measured, unreported, "
                         "until the services' JIT compilers are quiet (0: none)")
    ap.add_argument("--closed-phases", default="c16:16:20,c64:64:20,c128:128:20",
                    help="closed-loop write phases name:connections:seconds (wrk, loadtest/wrk/write.lua): the "
                         "token players write POST /scores in turn, every score a new best; '' for none")
    ap.add_argument("--no-vacuum", action="store_true",
                    help="do not VACUUM the written tables before each closed-loop write phase (ours: board_scores, "
                         "users; Nakama: leaderboard_record); autovacuum is off here and every new best leaves a "
                         "dead row, so without it each phase inherits the previous one's")
    ap.add_argument("--wrk-threads", type=int, default=1,
                    help="wrk threads (-t) of every closed-loop phase; one is the cheapest on two cores")
    ap.add_argument("--reads", default="top,around,rank",
                    help="closed-loop reads (wrk): top = GET /leaderboard/top?limit=10, around = "
                         "GET /leaderboards/global/users/{id}/around?radius=5, rank = GET /leaderboards/global/users/{id}")
    ap.add_argument("--read-seconds", type=int, default=15, help="each closed-loop read phase")
    ap.add_argument("--read-connections", default="16,64", help="the concurrencies of every closed-loop read")
    ap.add_argument("--read-warmup", type=int, default=10, help="seconds of wrk per read before measuring (JIT)")
    ap.add_argument("--read-phases", default="topwarm:5000:10,top5k:5000:15,top20k:20000:15,"
                                             "rankwarm:5000:10,rank5k:5000:15,rank15k:15000:15",
                    help="fixed-rate read phases name:rate/s:seconds (latency under a set load; top* read the top, "
                         "rank* a player's standing)")
    ap.add_argument("--pgbench-seconds", type=int, default=20, help="0: no pgbench")
    ap.add_argument("--pgbench-clients", type=int, default=4,
                    help="concurrent transactions: enough to keep PostgreSQL's two cores busy")
    ap.add_argument("--token-players", type=int, default=2000, help="players that submit (tokens minted)")
    ap.add_argument("--probe-interval-ms", type=int, default=750, help="one top-10 submission this often")
    ap.add_argument("--max-late-ms", type=int, default=5000,
                    help="cut a phase short once the schedule runs this late (the service cannot take the rate)")
    ap.add_argument("--out", help="report folder (default docs/benchmarks/<UTC date>[-<players>])")
    ap.add_argument("--notes", help="a Markdown file appended to report.md as the analysis")
    ap.add_argument("--compare", help="another run's report.json: top and rank latency side by side (the 'flat' target)")
    ap.add_argument("--skip-up", action="store_true", help="use the running stack as it is")
    ap.add_argument("--skip-seed", action="store_true", help="keep the players a previous run seeded")
    ap.add_argument("--warm-rebuild", dest="cold_rebuild", action="store_false",
                    help="rebuild over the live keys; by default the global board's Redis keys are UNLINKed first, "
                         "so the figure is a rebuild into an empty Redis (a rebuild over a big live board also "
                         "pays for deleting the old keys synchronously: seconds at 1M)")
    ap.add_argument("--keep-rate-limits", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--profile-phase", default="w4000", help="the write phase recorded with JFR")
    ap.add_argument("--quiet", action="store_true")
    g = ap.add_argument_group("fresh stack (a new user's first minutes; drops and recreates the leaderboard database)")
    g.add_argument("--fresh", dest="fresh_only", action="store_true",
                   help="run only the fresh-stack story and write its report")
    g.add_argument("--no-fresh", action="store_true", help="leave the fresh-stack story out of the full run (--skip-up does too: it keeps the running stack)")
    g.add_argument("--fresh-players", type=int, default=5000, help="new players (subjects never seen)")
    g.add_argument("--fresh-connections", type=int, default=32)
    g.add_argument("--fresh-seconds", type=int, default=20)
    g.add_argument("--fresh-warmup", type=int, default=180,
                   help="seconds of writes (rounds of 30 s, until the JIT is quiet) before the second, warmed "
                        "measurement with other new players; -1: no second measurement")
    g = ap.add_argument_group("Nakama side by side (a Nakama you started; the benchmark never builds nor fetches it)")
    g.add_argument("--nakama", action="store_true", help="measure Nakama after our stack, same writes and reads")
    g.add_argument("--nakama-url", default="http://127.0.0.1:7350")
    g.add_argument("--nakama-pid-file", default="/tmp/nakama-bench/nakama.pid")
    g.add_argument("--nakama-tokens", default="/tmp/nakama-bench/tokens.tsv",
                   help="token<TAB>userId per line: Nakama session tokens of its players")
    g.add_argument("--nakama-leaderboard", default="bench", help="a Nakama leaderboard with operator best, desc")
    g.add_argument("--nakama-database", default="nakama", help="Nakama's database (vacuumed before each write phase)")
    g.add_argument("--nakama-phases", default="c16:16:20,c64:64:20", help="Nakama's closed-loop write phases")
    g.add_argument("--nakama-warmup", type=int, default=5, help="seconds of unreported Nakama writes first")
    ap.add_argument("--quick", action="store_true",
                    help="a short version of the whole story (about 5 minutes, smoke test): 2,000 players, "
                         "short phases, no JIT warm-up, no profiles; report in target/benchmark/quick/ unless --out; "
                         "explicit options still win")
    ap.add_argument("--render", metavar="REPORT_JSON",
                    help="only write report.md again from a report.json (e.g. with --notes), next to it")
    args = ap.parse_args()
    if args.quick:
        quick = {"players": 2000, "phases": "w1000:1000:10", "jit_warmup": 0, "closed_phases": "c16:16:8,c64:64:8",
                 "read_seconds": 5, "read_warmup": 3, "read_phases": "top5k:5000:5,rank5k:5000:5",
                 "pgbench_seconds": 8, "fresh_players": 2000, "fresh_seconds": 8, "fresh_warmup": 30,
                 "nakama_phases": "c16:16:8,c64:64:8", "nakama_warmup": 3, "no_profile": True}
        for k, v in quick.items():
            if getattr(args, k) == ap.get_default(k):
                setattr(args, k, v)
    if args.render:
        with open(args.render) as f:
            report = json.load(f)
        for k, v in report.get("config", {}).items():
            if k in ("notes", "compare", "render"):
                if getattr(args, k, None) is None:
                    setattr(args, k, v)
            else:
                setattr(args, k, v)
        out_dir = os.path.dirname(os.path.abspath(args.render))
        write_reports(report, out_dir, args)
        log("rendered " + os.path.join(out_dir, "report.md"))
        return

    for tool in ("java", "psql", "pgbench", "wrk", "curl"):
        if not shutil.which(tool):
            sys.exit("benchmark: %s is not on PATH (apt-get install postgresql-client postgresql-contrib wrk)" % tool)
    started = time.time()
    date = datetime.datetime.utcnow().strftime("%Y-%m-%d")
    suffix = "-fresh" if args.fresh_only else "" if args.players == 10000 else "-%s" % (
        "%dm" % (args.players // 1000000) if args.players % 1000000 == 0 else "%dk" % (args.players // 1000))
    out_dir = args.out or (os.path.join(ROOT, "target", "benchmark", "quick") if args.quick else
                           os.path.join(ROOT, "docs", "benchmarks", date + suffix))
    os.makedirs(out_dir, exist_ok=True)
    work = os.path.join(ROOT, "target", "benchmark")
    os.makedirs(work, exist_ok=True)

    report = {"command": "bin/benchmark " + " ".join(sys.argv[1:]),
              "startedAt": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
              "players": args.players, "targets": TARGETS, "issueTargets": ISSUE_TARGETS, "machine": machine()}
    report["config"] = {k: v for k, v in vars(args).items()}
    restarted = False
    if args.fresh_only or not (args.no_fresh or args.skip_up):
        fresh_run(args, report, work)
        restarted = not args.keep_rate_limits  # started with RATE_LIMITS_ENABLED=false
        args.skip_up = True
    try:
        if not args.fresh_only:
            restarted = stack_up(args) or restarted
            run(args, report, work, out_dir)
    finally:
        restore_api(restarted)
    report["durationSeconds"] = round(time.time() - started)
    write_reports(report, out_dir, args)
    log("done in %ds: %s" % (report["durationSeconds"], os.path.join(out_dir, "report.md")))


def machine():
    info = {"cpus": os.cpu_count()}
    try:
        with open("/proc/meminfo") as f:
            info["memGiB"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            info["cpu"] = m.group(1) if m else None
        info["java"] = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        info["postgresql"] = psql("SHOW server_version")
        info["postgresqlSettings"] = dict(
            (k, psql("SHOW " + k)) for k in ("shared_buffers", "synchronous_commit", "max_connections"))
    except Exception as e:  # informative only
        info["error"] = str(e)
    return info


def run(args, report, work, out_dir):
    report["config"] = {k: v for k, v in vars(args).items()}
    drained = wait_drained(120)
    log("outbox drained before seeding (%s s)" % (None if drained is None else round(drained, 1)))

    t0 = time.time()
    if args.skip_seed:
        log("keeping the players seeded before (--skip-seed)")
        last = psql("SELECT min(u.id), max(u.id), count(*) FROM users u JOIN board_scores s ON s.user_id = u.id "
                    "AND s.board = 'global' AND s.period = 'all' WHERE u.subject ~ '^bench-p[0-9]+$'")
    else:
        log("seeding %d players into PostgreSQL" % args.players)
        seed = subprocess.run(["psql", *PG, "-d", DB, "-AtX", "-F", "|", "-v", "players=%d" % args.players,
                               "-f", os.path.join(ROOT, "loadtest", "sql", "seed.sql")],
                              capture_output=True, text=True, timeout=3600)
        if seed.returncode != 0:
            raise RuntimeError("seeding failed: " + seed.stderr)
        last = seed.stdout.strip().splitlines()[-1]
    min_id, max_id, seeded = [int(x) for x in last.split("|")]
    report["seed"] = {"players": seeded, "seconds": round(time.time() - t0, 1), "minUserId": min_id,
                      "maxUserId": max_id,
                      "boardEntries": int(psql("SELECT count(*) FROM board_scores WHERE board='global' AND period='all'"))}
    log("players ready in %.1fs; rebuilding Redis from PostgreSQL (POST /actuator/rebuild)" % (time.time() - t0))
    if args.cold_rebuild:
        log("unlinking the global board's Redis keys first (--cold-rebuild): %d keys" % drop_board_keys())
    rebuild_jfr = None
    projector = pid_of("projection-worker")
    if not args.no_profile and projector:
        path = os.path.join(work, "projection-worker-rebuild.jfr")
        if jfr_start(projector, 600, path, name="rebuild"):
            rebuild_jfr = path
    hz = os.sysconf("SC_CLK_TCK")
    comps = pids_by_component(None)
    before = {c: sum(cpu_ticks(p) for p in ps) for c, ps in comps.items()}
    t0 = time.time()
    status, _, body = http("POST", PROJECTOR + "/actuator/rebuild", timeout=600, token=admin_token())
    wall = time.time() - t0
    rebuild_cpu = {c: round((sum(cpu_ticks(p) for p in ps) - before.get(c, 0)) / hz / wall, 2)
                   for c, ps in pids_by_component(None).items()}
    if rebuild_jfr:
        subprocess.run(["jcmd", str(projector), "JFR.stop", "name=rebuild"], capture_output=True)
    rebuilt = json.loads(body) if status == 200 else {"status": status, "body": body[:500]}
    report["rebuild"] = {"wallSeconds": round(wall, 2), "millis": rebuilt.get("millis"),
                         "boardEntries": report["seed"]["boardEntries"],
                         "rebuilt": [r for r in rebuilt.get("rebuilt", []) if r.get("board") == "global"],
                         "cpuCores": rebuild_cpu}
    log("rebuild: %s ms (wall %.2fs)" % (rebuilt.get("millis"), wall))

    sampler = Sampler()
    sampler.start()
    time.sleep(1.5)

    # warm the JIT of the read path, then measure reads (closed loop) with wrk
    ids_file = write_ids(os.path.join(work, "ids.txt"))
    lua = rank_lua(os.path.join(work, "rank.lua"), ids_file)
    # minted once for every Bench run of this benchmark: api-service is not restarted in between
    tokens_file = os.path.join(work, "tokens.txt")
    if os.path.exists(tokens_file):
        os.remove(tokens_file)
    # one line per player bench-p1..N, in order: Bench.java reads this file, write.lua too
    report["tokenMintSeconds"] = round(mint_tokens(["bench-p%d" % (i + 1) for i in range(min(
        args.token_players, args.players))], tokens_file), 1)
    classes = os.path.join(work, "classes")
    subprocess.run(["javac", "-d", classes, os.path.join(ROOT, "loadtest", "bench", "Bench.java")], check=True)
    bench_cmd = ["java", "-Xmx1g", "-XX:+UseParallelGC", "-cp", classes, "Bench", "--api", API, "--sse", SSE,
                 "--players", str(args.players), "--token-players", str(args.token_players),
                 "--probe-interval-ms", str(args.probe_interval_ms), "--ids", ids_file,
                 "--max-late-ms", str(args.max_late_ms), "--tokens-file", tokens_file]
    if args.jit_warmup > 0:
        report["warmUp"] = warm_up(bench_cmd, args.jit_warmup, not args.no_writes, os.path.join(work, "warmup.json"))
    # writes first, reads after them: on two cores the services' JIT keeps compiling for
    # minutes, and the writes warm the read path's code (Tomcat, filters, Redis) further
    write_phases = [] if args.no_writes else args.phases.split(",")
    profile_phase = None
    if write_phases and not args.no_profile:
        names = [p.split(":")[0] for p in write_phases]
        profile_phase = args.profile_phase if args.profile_phase in names else names[-1]
    jfrs = {}
    bench_phases = []
    if write_phases:
        bench_phases += run_bench(bench_cmd, write_phases, os.path.join(work, "bench-writes.json"), sampler,
                                  profile_phase, jfrs, work)
        time.sleep(1.5)
        drain = wait_drained(180)
        report["drainAfterWritesSeconds"] = None if drain is None else round(drain, 1)
        time.sleep(2)

    # closed-loop writes (wrk): every submission a new best, after the open-loop phases (whose mix of
    # scores below and above the seeded bests would otherwise all be below the players' new bests)
    if not args.no_writes and args.closed_phases:
        report["closedLoopWrites"] = closed_writes(args, tokens_file, sampler, work)
        if args.profile_phase in [c["phase"] for c in report["closedLoopWrites"]]:
            profile_phase = args.profile_phase
            jfr = next((c["jfr"] for c in report["closedLoopWrites"] if c.get("jfr")), None)
            if jfr:
                jfrs["api-service"] = jfr

    # reads: closed loop (wrk) at each concurrency, then latency at fixed rates with Bench
    read_jfr = None
    if args.reads:
        jfr_path = None if args.no_profile else os.path.join(work, "api-service-reads.jfr")
        report["reads"] = read_matrix(API, OUR_READS, args.reads.split(","), read_conns(args), args.read_seconds,
                                      args.read_warmup, args.wrk_threads, ids_file, sampler=sampler,
                                      jfr_path=jfr_path)
        read_jfr = next((r["jfr"] for r in report["reads"] if r.get("jfr")), None)
        # the earlier targets' figures: the highest concurrency measured
        report["readsClosedLoop"] = {k: max((r for r in report["reads"] if r["read"] == k),
                                            key=lambda r: r["connections"]) for k in ("top", "rank")
                                     if any(r["read"] == k for r in report["reads"])}
    read_phases = [p for p in args.read_phases.split(",") if p]
    if read_phases:
        bench_phases += run_bench(bench_cmd, read_phases, os.path.join(work, "bench-reads.json"), sampler,
                                  None, jfrs, work)
    time.sleep(2)

    phases_out = []
    for ph in bench_phases:
        t0, t1, td = ph["startEpochMs"] / 1000, ph["endEpochMs"] / 1000, ph["drainedEpochMs"] / 1000
        win = sampler.window(t0, td + 1)
        ph["outboxLag"] = {
            "maxPending": max((s.get("outboxPending", 0) for s in win), default=None),
            "maxOldestPendingSeconds": round(max((s.get("outboxAge", 0) for s in win), default=0), 3),
        }
        ph["projectionLag"] = lag_between(sampler.nearest(t0), sampler.nearest(td + 1))
        ph["groupCommit"] = batch_between(sampler.nearest(t0 + 1), sampler.nearest(t1))
        ph["cpuCores"] = cpu_between(sampler.nearest(t0 + 1), sampler.nearest(t1))
        ph["cpu"] = cost_from_cores(ph["cpuCores"], ph.get("acceptedPerSecond"))
        phases_out.append(ph)
    report["phases"] = phases_out

    # PostgreSQL's own ceiling for the same write, against the same database: the service's
    # statement as the service sends it (its batch size in the best sustained phase), and one
    # submission per transaction for reference
    if args.pgbench_seconds > 0:
        sys.path.insert(0, os.path.join(ROOT, "loadtest"))
        import pgbench_submit
        best = best_write_phase(phases_out)
        batch = max(1, round(((best or {}).get("groupCommit") or {}).get("meanSubmissions") or 1))
        report["explain"] = explain(pgbench_submit.script(args.players, batch))
        runs = [(batch, "the service's statement, %d submissions per transaction (the service's mean batch in "
                        "phase %s)" % (batch, (best or {}).get("phase"))),
                (1, "the service's statement, one submission per transaction")]
        if batch == 1:
            runs = runs[1:]
        ceilings = []
        for size, label in runs:
            path = os.path.join(work, "submit-%d.pgbench" % size)
            with open(path, "w") as f:
                f.write(pgbench_submit.script(args.players, size))
            wait_drained(120)
            res = pgbench_measured(path, args.pgbench_seconds, args.pgbench_clients, label, size, sampler)
            ceilings.append(res)
            log("  %.0f transactions/s = %s submissions/s, %s ms average" % (
                res["tps"] or 0, res["submissionsPerSecond"], res["latencyAvgMs"]))
        report["pgbench"] = ceilings
        with open(os.path.join(work, "submit-%d.pgbench" % batch)) as f:
            report["pgbenchScript"] = f.read()
        report["drainAfterPgbenchSeconds"] = wait_drained(240)

    if args.nakama:
        log("Nakama side by side: our stack stays up, idle, while Nakama is measured")
        time.sleep(2)
        report["nakama"] = nakama_run(args, work, sampler)

    status, _, body = http("GET", PROJECTOR + "/actuator/reconciliation", timeout=300, token=admin_token())
    try:
        rec = json.loads(body)
        report["reconciliation"] = {"drift": rec.get("drift"), "status": status}
    except ValueError:
        report["reconciliation"] = {"status": status}
    sampler.stop = True

    report["profiles"] = {}
    if read_jfr:
        jfrs["api-service (GET /leaderboard/top, wrk)"] = read_jfr
    if rebuild_jfr:
        jfrs["projection-worker (POST /actuator/rebuild)"] = rebuild_jfr
    if jfrs:
        time.sleep(2)
        sys.path.insert(0, os.path.join(ROOT, "loadtest"))
        import jfr_summary
        for svc, path in jfrs.items():
            for _ in range(60):  # the recording ends with the phase; wait until it is written
                if os.path.exists(path) and os.path.getsize(path) > 0:
                    break
                time.sleep(1)
            try:
                s = jfr_summary.summarise(path, 25)
                s["phase"] = "wrk top" if "GET" in svc else "the rebuild" if "rebuild" in svc else profile_phase
                report["profiles"][svc] = s
                fname = "profile-%s.md" % ("api-service-reads" if "GET" in svc else
                                           "projection-worker-rebuild" if "rebuild" in svc else svc)
                s["summaryFile"] = fname
                with open(os.path.join(out_dir, fname), "w") as f:
                    f.write("# JFR CPU profile of %s during %s\n\n" % (svc, s["phase"]))
                    f.write(jfr_summary.markdown(s, 25) + "\n")
            except Exception as e:
                report["profiles"][svc] = {"error": str(e)}


# ---------------------------------------------------------------- reports

def fmt(v, digits=0):
    if v is None:
        return "–"
    if isinstance(v, (int, float)):
        return ("{:,.%df}" % digits).format(v)
    return str(v)


def verdict(ok):
    return "met" if ok else "**missed**"


def write_phases(phases):
    return [p for p in phases if not p["phase"].startswith(("top", "rank", "warm"))]


def clean_phases(phases):
    """write phases that refused at most 1 % of what they sent"""
    return [p for p in write_phases(phases) if p["sent"] and p["failed"] <= 0.01 * p["sent"]]


def best_write_phase(phases):
    """the phase behind the sustained figure: the best accepted rate with at most 1 % refused (saturated
    phases included: pgbench's ceiling is a saturation figure too)"""
    return max(clean_phases(phases), key=lambda p: p["acceptedPerSecond"], default=None)


def summarise(report):
    """the headline figures, the way the issue's targets are phrased"""
    s = {}
    writes = write_phases(report.get("phases", []))
    clean = clean_phases(report.get("phases", []))
    best = best_write_phase(report.get("phases", []))
    s["sustainedPerSecond"] = best["acceptedPerSecond"] if best else None
    s["sustainedPhase"] = best["phase"] if best else None
    # the highest offered rate the stack kept up with: ≥ 95 % accepted, ≤ 1 % failed, p99 < 1 s
    kept = [p for p in clean if not p.get("cutShort") and p["accepted"] >= 0.95 * p["offeredPerSecond"] * p["seconds"]
            and (p["submitLatencyMs"].get("p99") or 1e9) < 1000]
    s["keptUpWithPerSecond"] = max((p["offeredPerSecond"] for p in kept), default=None)
    s["peakAcceptedPerSecond"] = max((p["acceptedPerSecond"] for p in writes), default=None)
    ceilings = report.get("pgbench") or [{}]
    pg = ceilings[0].get("submissionsPerSecond") or ceilings[0].get("tps")
    s["pgbenchSubmissionsPerSecond"] = pg
    s["pgbenchBatch"] = ceilings[0].get("batch", 1)
    s["ceilingRatio"] = round(s["sustainedPerSecond"] / pg, 2) if pg and s["sustainedPerSecond"] else None
    single = next((c for c in ceilings if c.get("batch") == 1), None)
    if single and single.get("tps") and s["sustainedPerSecond"]:
        s["pgbenchSingleTps"] = single["tps"]
        s["singleRatio"] = round(s["sustainedPerSecond"] / single["tps"], 2)
    at1000 = next((p for p in writes if abs(p["offeredPerSecond"] - 1000) < 1), None)
    if at1000:
        s["at1000"] = {"acceptedPerSecond": at1000["acceptedPerSecond"],
                       "submitP99Ms": at1000["submitLatencyMs"].get("p99"),
                       "sseP99Ms": at1000["submitToSseMs"].get("p99"),
                       "sseP50Ms": at1000["submitToSseMs"].get("p50"),
                       "failed": at1000["failed"], "cutShort": at1000.get("cutShort")}
    reads = report.get("readsClosedLoop", {})
    for name in ("top", "rank"):
        # latency at the heaviest fixed rate of this read that was measured
        fixed = max((p for p in report.get("phases", []) if p["phase"].startswith(name)
                     and "warm" not in p["phase"]), key=lambda p: p["offeredPerSecond"], default={})
        s[name] = {"perSecond": reads.get(name, {}).get("perSecond"), "wrkP99Ms": reads.get(name, {}).get("p99Ms"),
                   "fixedRate": fixed.get("offeredPerSecond"), "fixedRateAccepted": fixed.get("acceptedPerSecond"),
                   "fixedRateCutShort": fixed.get("cutShort"),
                   "fixedRateP99Ms": fixed.get("submitLatencyMs", {}).get("p99")}
    s["rebuildSeconds"] = (report.get("rebuild", {}).get("millis") or 0) / 1000 or None
    return s


def write_reports(report, out_dir, args):
    report["summary"] = summarise(report)
    with open(os.path.join(out_dir, "report.json"), "w") as f:
        json.dump(report, f, indent=2, default=str)
    md = markdown(report, args)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(md)
    latest = os.path.join(ROOT, "docs", "benchmarks", "latest.md")
    if os.path.dirname(os.path.abspath(out_dir)) != os.path.dirname(latest):
        return  # a report outside docs/benchmarks/ is not "the latest"
    if (report.get("config") or {}).get("fresh_only") or (report.get("config") or {}).get("quick"):
        return  # neither a fresh-stack-only run nor a smoke test is "the latest" benchmark
    with open(latest, "w") as f:
        f.write("<!-- copy of %s/report.md -->\n" % os.path.relpath(out_dir, os.path.dirname(latest)) + md)


def by_conns(rows, conns, read=None):
    return next((x for x in rows or [] if x.get("connections") == conns and (read is None or x.get("read") == read)),
                None)


def ratio(a, b, digits=2):
    return round(a / b, digits) if a and b else None


def issue_rows(r):
    """the issue's Targets table: (what, target, measured, verdict)"""
    t = r.get("issueTargets") or ISSUE_TARGETS
    closed = r.get("closedLoopWrites") or []
    nk = r.get("nakama") or {}
    nkw, nkr = nk.get("writes") or [], nk.get("reads") or []
    rows = []
    for conns, key in ((16, "cpuPerWriteMsAt16"), (64, "cpuPerWriteMsAt64")):
        c = by_conns(closed, conns)
        n = by_conns(nkw, conns)
        if c and c["cpu"].get("stackPerThousand") is not None:
            v = c["cpu"]["stackPerThousand"]
            m = "%s ms (services, Kafka, PostgreSQL, Redis; %s ms with the load generator)%s" % (
                fmt(v, 3), fmt(c["cpu"].get("allPerThousand"), 3),
                "; Nakama %s ms (Nakama + PostgreSQL)" % fmt(n["cpu"].get("stackPerThousand"), 3) if n else "")
            rows.append(("CPU per write, all processes, at %d connections" % conns, "≤ %s ms" % t[key], m,
                         verdict(v <= t[key])))
        else:
            rows.append(("CPU per write, all processes, at %d connections" % conns, "≤ %s ms" % t[key],
                         "not measured", "–"))
    for conns, key, p99 in ((16, "writesVsNakamaAt16", 1.0), (64, "writesVsNakamaAt64", t["p99VsNakamaAt64"])):
        c, n = by_conns(closed, conns), by_conns(nkw, conns)
        goal = "≥ %s × Nakama, p99 ≤ %sNakama's" % (t[key], "½ × " if p99 == 0.5 else "")
        if c and n:
            x = ratio(c["okPerSecond"], n["okPerSecond"])
            ok = x is not None and x >= t[key] and (c.get("p99Ms") or 1e9) <= p99 * (n.get("p99Ms") or 0)
            rows.append(("writes at %d connections" % conns, goal,
                         "%s/s, p99 %s ms vs Nakama %s/s, p99 %s ms: %s ×" % (
                             fmt(c["okPerSecond"]), fmt(c.get("p99Ms"), 1), fmt(n["okPerSecond"]),
                             fmt(n.get("p99Ms"), 1), fmt(x, 2)), verdict(ok)))
        else:
            rows.append(("writes at %d connections" % conns, goal,
                         ("%s/s, p99 %s ms; Nakama not measured (--nakama)" % (fmt(c["okPerSecond"]), fmt(
                             c.get("p99Ms"), 1))) if c else "not measured", "–"))
    f = (r.get("fresh") or {}).get("first")
    goal = "≥ %s × the pgbench ceiling, p99 ≤ %d ms" % (t["freshCeilingRatio"], t["freshP99Ms"])
    what = "a just-started stack (within 2 minutes of ready), new players, %s connections" % (
        (r.get("fresh") or {}).get("connections", 32))
    if f:
        pgs = (f.get("pgbench") or {}).get("submissionsPerSecond")
        ok = (f.get("ceilingRatio") or 0) >= t["freshCeilingRatio"] and (f.get("p99Ms") or 1e9) <= t["freshP99Ms"]
        rows.append((what, goal, "%s/s, p99 %s ms, started %s s after ready; pgbench %s/s: %s ×" % (
            fmt(f.get("okPerSecond")), fmt(f.get("p99Ms"), 1), fmt(f.get("secondsAfterReady")), fmt(pgs),
            fmt(f.get("ceilingRatio"), 2)), verdict(ok) + ("" if (f.get("secondsAfterReady") or 999) <= 120
                                                           else " (started later than 2 minutes)")))
    else:
        rows.append((what, goal, "not measured (--no-fresh)", "–"))
    a1000 = (r.get("summary") or {}).get("at1000")
    if a1000:
        ok = not a1000["cutShort"] and a1000["failed"] == 0 and (a1000["sseP99Ms"] or 1e9) <= t["sseP99At1000Ms"]
        rows.append(("submission → SSE frame at 1,000 writes/s", "p99 ≤ %d ms" % t["sseP99At1000Ms"],
                     "p99 %s ms (p50 %s ms; submit p99 %s ms, %s/s accepted)" % (
                         fmt(a1000["sseP99Ms"], 0), fmt(a1000.get("sseP50Ms"), 0), fmt(a1000["submitP99Ms"], 1),
                         fmt(a1000["acceptedPerSecond"])), verdict(ok)))
    else:
        rows.append(("submission → SSE frame at 1,000 writes/s", "p99 ≤ %d ms" % t["sseP99At1000Ms"],
                     "not measured (no open-loop phase at 1,000/s)", "–"))
    ours = r.get("reads") or []
    for read, key, label in (("around", "aroundVsNakama", "around-me reads"), ("rank", "rankVsNakama",
                                                                              "one player's rank"),
                             ("top", "topVsNakama", "top-10 reads")):
        conns = sorted({x["connections"] for x in ours if x.get("read") == read})
        parts, oks = [], []
        for c in conns:
            o, n = by_conns(ours, c, read), by_conns(nkr, c, read)
            x = ratio(o["okPerSecond"], n["okPerSecond"]) if n else None
            parts.append("%d conn.: %s/s%s" % (c, fmt(o["okPerSecond"]), " vs %s/s = %s ×" % (
                fmt(n["okPerSecond"]), fmt(x, 1)) if n else ""))
            oks.append(x is not None and x >= t[key])
        measured = "; ".join(parts) or "not measured"
        rows.append((label, "≥ %s × Nakama" % t[key], measured + ("" if nkr else " (Nakama not measured)"),
                     verdict(all(oks)) if nkr and oks else "–"))
    return rows


COST_COLS = ["api-service", "outbox-publisher", "kafka", "projection-worker", "sse-broadcaster", "postgresql",
             "redis"]


def cost_table(rows, unit, cols=None):
    """rows: (label, count or None, cost dict); processes as columns, CPU seconds per 1,000 units"""
    cols = cols or COST_COLS
    L = ["| phase | %s | " % unit + " | ".join(SHORT.get(c, c) for c in cols) +
         " | **stack** | load generator | **all** | not ours (other processes) |",
         "|---|---:" + "|---:" * (len(cols) + 4) + "|"]
    for label, count, c in rows:
        if not c or not c.get("perThousand"):
            continue
        per = c["perThousand"]
        L.append("| %s | %s | " % (label, fmt(count)) + " | ".join(fmt(per.get(k), 3) for k in cols) +
                 " | **%s** | %s | **%s** | %s |" % (fmt(c.get("stackPerThousand"), 3), fmt(per.get(GEN), 3),
                                                     fmt(c.get("allPerThousand"), 3), fmt(c.get("otherPerThousand"), 3)))
    return L


def seconds_table(rows, cols=None):
    """the same, as CPU seconds over each phase's window (what the per-1,000 figures divide)"""
    cols = cols or COST_COLS
    L = ["| phase | window s | " + " | ".join(SHORT.get(c, c) for c in cols) +
         " | load generator | machine busy |", "|---|---:" + "|---:" * (len(cols) + 2) + "|"]
    for label, c in rows:
        if not c or "seconds" not in c:
            continue
        sec = c["seconds"]
        L.append("| %s | %s | " % (label, fmt(c.get("wallSeconds"), 1)) + " | ".join(fmt(sec.get(k), 2) for k in cols) +
                 " | %s | %s |" % (fmt(sec.get(GEN), 2), fmt(c.get("machineBusySeconds"), 2)))
    return L


def issue_markdown(r):
    L = ["## Targets (issue 13: the write path at the machine's limit)", "",
         "CPU per write = CPU seconds of every process per 1,000 accepted writes, read from `/proc/<pid>/stat` "
         "(utime+stime; PostgreSQL = the postmaster and all its children, exited backends through the postmaster's "
         "cutime/cstime), so 1 s per 1,000 = 1 ms per write. \"All processes\" is the stack: the four services, "
         "Kafka, PostgreSQL and Redis; the load generator is shown beside it.", "",
         "| what | target | measured | met? |", "|---|---|---|---|"]
    for what, goal, measured, ok in issue_rows(r):
        L.append("| %s | %s | %s | %s |" % (what, goal, measured, ok))
    L.append("")
    closed = r.get("closedLoopWrites") or []
    if closed:
        L += ["## Closed-loop writes (wrk, every score a new best)", "",
              "wrk (`loadtest/wrk/write.lua`, %s thread) drives `POST /scores` on `global` (`best`) from %s players "
              "taken in turn, each score above the player's last: every write is a new best. Closed loop: a "
              "connection sends its next request when the last is answered, so the rate is what the stack "
              "answers at that concurrency (no coordinated-omission correction is needed or made)." % (
                  closed[0].get("threads"), fmt((r.get("config") or {}).get("token_players"))), "",
              "| phase | connections | writes/s | p50 / p90 / p99 ms | non-2xx | submissions per commit | outbox drained after | CPU ms per write: stack / with generator |",
              "|---|---:|---:|---|---:|---:|---:|---|"]
        for c in closed:
            L.append("| %s | %d | %s | %s / %s / %s | %s | %s | %s s | %s / %s |" % (
                c["phase"], c["connections"], fmt(c["okPerSecond"]), fmt(c.get("p50Ms"), 2), fmt(c.get("p90Ms"), 2),
                fmt(c.get("p99Ms"), 2), c.get("non2xx"), fmt((c.get("groupCommit") or {}).get("meanSubmissions"), 1),
                fmt(c.get("drainSeconds"), 1), fmt(c["cpu"].get("stackPerThousand"), 3),
                fmt(c["cpu"].get("allPerThousand"), 3)))
        L += ["", "### CPU seconds per 1,000 writes (= ms of CPU per write), per process", "",
              "From the phase's start until the outbox was drained and 1 s more, so the asynchronous pipeline's "
              "work for these writes is inside (`cpuDuringLoad` in report.json stops with wrk)."] + [""] + \
             cost_table([(c["phase"], c["ok"], c["cpu"]) for c in closed], "writes") + [""] + \
             ["CPU seconds over each window:", ""] + seconds_table([(c["phase"], c["cpu"]) for c in closed]) + [""]
    f = r.get("fresh")
    if f:
        L += ["## A just-started stack, new players", "",
              "`bin/local-stack down`, `DROP DATABASE leaderboard` and `CREATE DATABASE leaderboard` (its tables never "
              "analysed; autovacuum here: %s), the services' Redis keys removed (%s), `bin/local-stack up`: ready "
              "after %s s (at %s; a build or AOT training of stale jars is inside that figure). Then %s players never seen before (tokens minted after ready; each one's first "
              "write registers them) write closed loop at %s connections for %s s, every score a new best; then "
              "pgbench runs the service's own statement (`loadtest/pgbench_submit.py`, `-M prepared -c %s -T %s`) "
              "for the same players with the API phase's mean batch: the ceiling of the same write in the same run." % (
                  f.get("autovacuum"), f.get("redisKeysRemoved"), f.get("upSeconds"), f.get("readyAt"),
                  fmt(f["players"]), f["connections"], f["seconds"], f.get("pgbenchClients"),
                  f.get("pgbenchSeconds")), "",
              "| measurement | started after ready | writes/s | p50 / p99 ms | non-2xx | per commit | pgbench submissions/s (batch) | ours / pgbench | CPU ms per write: stack / with generator |",
              "|---|---:|---:|---|---:|---:|---|---:|---|"]
        ms = [m for m in (f.get("first"), f.get("warmed")) if m]
        for m in ms:
            pg = m.get("pgbench") or {}
            L.append("| %s | %s s | %s | %s / %s | %s | %s | %s (%s) | %s | %s / %s |" % (
                m["label"], fmt(m.get("secondsAfterReady")), fmt(m.get("okPerSecond")), fmt(m.get("p50Ms"), 2),
                fmt(m.get("p99Ms"), 2), m.get("non2xx"), fmt((m.get("groupCommit") or {}).get("meanSubmissions"), 1),
                fmt(pg.get("submissionsPerSecond")), pg.get("batch"), fmt(m.get("ceilingRatio"), 2),
                fmt(m["cpu"].get("stackPerThousand"), 3), fmt(m["cpu"].get("allPerThousand"), 3)))
        if f.get("warmUp"):
            L += ["", "Between the two: %s s of writes (JIT compiler cores per 30 s round: %s)." % (
                f["warmUp"]["seconds"], " → ".join("%.2f" % x for x in f["warmUp"]["compilerCoresPerRound"]))]
        if len(ms) == 2 and ms[0].get("okPerSecond") and ms[1].get("okPerSecond"):
            L += ["", "First minutes over warmed: %s × the rate, %s × the CPU per write." % (
                fmt(ratio(ms[0]["okPerSecond"], ms[1]["okPerSecond"]), 2),
                fmt(ratio(ms[0]["cpu"].get("stackPerThousand"), ms[1]["cpu"].get("stackPerThousand")), 2))]
        L += ["", "### CPU seconds per 1,000 writes, per process", ""] + \
            cost_table([(m["label"], m["ok"], m["cpu"]) for m in ms] +
                       [("pgbench, " + m["label"], (m.get("pgbench") or {}).get("cpuCost", {}).get("units"),
                         (m.get("pgbench") or {}).get("cpuCost")) for m in ms], "writes") + [""]
        for m in ms:
            L += ["Tables' last analyse before / after (%s): %s / %s" % (m["label"], m.get("tablesAnalysedBefore") or
                                                                        "never", m.get("tablesAnalysedAfter") or "never"),
                  ""]
            plan = m.get("explain") or ""
            keep = [l.strip() for l in plan.splitlines() if any(k in l for k in ("Seq Scan", "Index", "Execution Time",
                                                                                  "Planning Time"))]
            if keep:
                L += ["Plan of the statement (%s, one batch, rolled back; full plan in report.json):" % m["label"], "",
                      "```"] + keep[:30] + ["```", ""]
    reads = r.get("reads") or []
    if reads:
        L += ["## Reads (wrk, closed loop)", "",
              "| read | path | connections | requests/s | p50 / p90 / p99 ms | non-2xx | CPU ms per request: stack / with generator |",
              "|---|---|---:|---:|---|---:|---|"]
        for x in reads:
            L.append("| %s | `%s` | %d | %s | %s / %s / %s | %s | %s / %s |" % (
                x["read"], x["path"], x["connections"], fmt(x["okPerSecond"]), fmt(x.get("p50Ms"), 2),
                fmt(x.get("p90Ms"), 2), fmt(x.get("p99Ms"), 2), x.get("non2xx"), fmt(x["cpu"].get("stackPerThousand"), 3),
                fmt(x["cpu"].get("allPerThousand"), 3)))
        L += ["", "### CPU seconds per 1,000 requests, per process", ""] + \
            cost_table([(x["phase"], x["ok"], x["cpu"]) for x in reads], "requests") + [""]
    nk = r.get("nakama")
    if nk:
        L += ["## Nakama side by side", ""]
        if nk.get("error"):
            L += ["Not measured: %s." % nk["error"], ""]
        else:
            L += ["Nakama at %s (pid %s, leaderboard `%s`, %s players from its tokens file), measured after our stack "
                  "in the same run with the same wrk scripts (our stack idle meanwhile). Its stack = the Nakama process "
                  "+ PostgreSQL." % (nk["url"], nk.get("pid"), nk["leaderboard"], nk.get("players")), "",
                  "| workload | Nakama | ours | ours / Nakama |", "|---|---|---|---:|"]
            closed = r.get("closedLoopWrites") or []
            for n in nk.get("writes") or []:
                o = by_conns(closed, n["connections"])
                L.append("| writes, %d connections | %s/s, p50 %s ms, p99 %s ms | %s | %s |" % (
                    n["connections"], fmt(n["okPerSecond"]), fmt(n.get("p50Ms"), 1), fmt(n.get("p99Ms"), 1),
                    "%s/s, p50 %s ms, p99 %s ms" % (fmt(o["okPerSecond"]), fmt(o.get("p50Ms"), 1),
                                                    fmt(o.get("p99Ms"), 1)) if o else "–",
                    fmt(ratio(o["okPerSecond"], n["okPerSecond"]), 2) if o else "–"))
            for n in nk.get("writes") or []:
                o = by_conns(closed, n["connections"])
                L.append("| CPU per write, its own processes and PostgreSQL, %d connections | %s ms | %s ms | %s × the cost |" % (
                    n["connections"], fmt(n["cpu"].get("stackPerThousand"), 3),
                    fmt(o["cpu"].get("stackPerThousand"), 3) if o else "–",
                    fmt(ratio(o["cpu"].get("stackPerThousand"), n["cpu"].get("stackPerThousand")), 2) if o else "–"))
            for n in nk.get("reads") or []:
                o = by_conns(r.get("reads"), n["connections"], n["read"])
                L.append("| %s reads, %d connections | %s/s, p99 %s ms | %s | %s |" % (
                    n["read"], n["connections"], fmt(n["okPerSecond"]), fmt(n.get("p99Ms"), 2),
                    "%s/s, p99 %s ms" % (fmt(o["okPerSecond"]), fmt(o.get("p99Ms"), 2)) if o else "–",
                    fmt(ratio(o["okPerSecond"], n["okPerSecond"]), 2) if o else "–"))
            rows = [(x["phase"], x["ok"], x["cpu"]) for x in (nk.get("writes") or []) + (nk.get("reads") or [])]
            L += ["", "### Nakama: CPU seconds per 1,000 writes / requests, per process", ""] + \
                cost_table(rows, "writes / requests", ["nakama", "postgresql"]) + [""]
    return L


def open_loop_cost_markdown(r):
    rows = [(p["phase"], p.get("accepted"), p.get("cpu")) for p in r.get("phases", []) if p.get("cpu")]
    pg = [("pgbench: " + c["label"], (c.get("cpuCost") or {}).get("units"), c.get("cpuCost") or c.get("cpuPerThousand"))
          for c in r.get("pgbench") or []]
    if not rows and not pg:
        return []
    return ["### CPU seconds per 1,000 writes (reads: requests), per process, open-loop phases and pgbench", "",
            "From the once-a-second sampler over each phase (its cores divided by the phase's accepted rate), so "
            "the pipeline's tail after the phase is not inside; pgbench per 1,000 submissions."] + [""] + \
        cost_table(rows + pg, "accepted") + [""]


def markdown(r, args):
    s = r["summary"]
    t = TARGETS
    L = ["# Leaderboard benchmark, %s players" % fmt(r["players"]), "",
         "Run %s, %ss, on %s CPUs / %s GiB (%s); PostgreSQL %s, everything on one machine "
         "(PostgreSQL, Redis, Kafka, the four services and the load generator)." % (
             r["startedAt"], r.get("durationSeconds"), r["machine"].get("cpus"), r["machine"].get("memGiB"),
             r["machine"].get("cpu"), r["machine"].get("postgresql")), "",
         "Command: `%s`" % (r.get("command") or "bin/benchmark " + " ".join(sys.argv[1:])), ""]
    L += issue_markdown(r)
    if not r.get("phases") and not r.get("seed"):
        return "\n".join(L) + "\n"  # a fresh-stack run (--fresh) only
    L += ["## Earlier targets (open-loop rates, reads, rebuild)", "", "| target | goal | reached | |", "|---|---|---|---|"]
    if s.get("sustainedPerSecond") is not None or s.get("peakAcceptedPerSecond") is not None:
        L.append("| durable submissions, sustained (best phase with ≤ 1 %% refused) | ≥ %s/s | %s/s accepted; kept up (p99 < 1 s) with %s/s offered | %s |" % (
            fmt(t["sustainedPerSecond"]), fmt(s["sustainedPerSecond"]), fmt(s["keptUpWithPerSecond"]),
            verdict((s["sustainedPerSecond"] or 0) >= t["sustainedPerSecond"])))
        L.append("| … over the pgbench ceiling of the same statement, in the service's batches (same run) | ≥ %.2f | "
                 "%s / %s submissions/s (%s per transaction) = %s%s | %s |" % (
                     t["ceilingRatio"], fmt(s["sustainedPerSecond"]), fmt(s["pgbenchSubmissionsPerSecond"]),
                     s["pgbenchBatch"], fmt(s["ceilingRatio"], 2),
                     "; one submission per transaction: %s tps, ratio %s" % (fmt(s["pgbenchSingleTps"]), fmt(
                         s["singleRatio"], 2)) if s.get("singleRatio") and s["pgbenchBatch"] != 1 else "",
                     verdict((s["ceilingRatio"] or 0) >= t["ceilingRatio"])))
    a = s.get("at1000")
    if a:
        ok1000 = not a["cutShort"] and a["failed"] == 0
        L.append("| at 1,000/s offered: submit p99 | ≤ %d ms | %s ms (accepted %s/s, %s failed) | %s |" % (
            t["submitP99At1000Ms"], fmt(a["submitP99Ms"], 1), fmt(a["acceptedPerSecond"]), a["failed"],
            verdict(ok1000 and (a["submitP99Ms"] or 1e9) <= t["submitP99At1000Ms"])))
        L.append("| at 1,000/s offered: submission → SSE p99 (top-10 entries) | ≤ %d ms | %s ms | %s |" % (
            t["sseP99At1000Ms"], fmt(a["sseP99Ms"], 1),
            verdict(ok1000 and (a["sseP99Ms"] or 1e9) <= t["sseP99At1000Ms"])))
    L.append("| `GET /leaderboard/top` throughput | ≥ %s/s | %s/s | %s |" % (
        fmt(t["topPerSecond"]), fmt(s["top"]["perSecond"]), verdict((s["top"]["perSecond"] or 0) >= t["topPerSecond"])))
    top = s["top"]
    L.append("| `GET /leaderboard/top` p99 | ≤ %d ms | %s ms at %s/s offered (open loop, %s/s answered%s); %s ms under wrk's closed loop | %s |" % (
        t["topP99Ms"], fmt(top["fixedRateP99Ms"], 2), fmt(top["fixedRate"]), fmt(top["fixedRateAccepted"]),
        ", cut short" if top["fixedRateCutShort"] else "", fmt(top["wrkP99Ms"], 2),
        verdict(not top["fixedRateCutShort"] and (top["fixedRateP99Ms"] or 1e9) <= t["topP99Ms"])))
    rank = s["rank"]
    L.append("| rank lookup (`GET %s`) | ≥ %s/s | %s/s under wrk; p99 %s ms at %s/s offered (%s/s answered%s) | %s |" % (
        (r.get("readsClosedLoop") or {}).get("rank", {}).get("path") or "/leaderboard/{userId}",
        fmt(t["rankPerSecond"]), fmt(rank["perSecond"]), fmt(rank["fixedRateP99Ms"], 2), fmt(rank["fixedRate"]),
        fmt(rank["fixedRateAccepted"]), ", cut short" if rank["fixedRateCutShort"] else "",
        verdict((rank["perSecond"] or 0) >= t["rankPerSecond"])))
    L.append("| rebuild of %s players into Redis | ≤ %d s at 1M | %s s | %s |" % (
        fmt(r["players"]), t["rebuild1MSeconds"], fmt(s["rebuildSeconds"], 2),
        "see the 1M report" if r["players"] < 1000000 else verdict((s["rebuildSeconds"] or 1e9) <= t["rebuild1MSeconds"])))
    L += ["", "Submit latency is measured from each request's intended start on a fixed schedule (open loop), so a",
          "stalled service cannot hide its queue. `GET` throughput comes from wrk (closed loop, the highest "
          "concurrency of the reads above); `GET` latency at a fixed rate comes from the same open-loop generator as "
          "the writes."]
    warm = r.get("warmUp")
    if warm:
        L += ["Everything measured here follows %d s of unreported reads%s at a moderate rate after the rebuild,"
              % (warm["seconds"], "" if (r.get("config") or {}).get("no_writes") else " and writes"),
              "until the services' JIT compilers were quiet (cores they used per 40 s round: %s; `--jit-warmup`)."
              % " → ".join("%.2f" % c for c in warm["compilerCoresPerRound"])]
    L += [""]

    L += ["## Seeding and rebuild", "",
          "| players | board entries (global/all) | seed (SQL) | `POST /actuator/rebuild` |", "|---|---|---|---|",
          "| %s | %s | %s s | %s ms (wall %s s) |" % (fmt(r["seed"]["players"]), fmt(r["seed"]["boardEntries"]),
                                                    r["seed"]["seconds"], fmt(r["rebuild"]["millis"]),
                                                    r["rebuild"]["wallSeconds"]), ""]
    rc = r["rebuild"].get("cpuCores")
    if rc:
        L += ["CPU during the rebuild (cores): " + ", ".join("%s %s" % (k, v) for k, v in sorted(
            rc.items(), key=lambda kv: -kv[1]) if v) + ".", ""]

    L += ["## Phases (open loop, fixed rate)", "",
          "| phase | offered/s | accepted/s | failed | submit p50 / p95 / p99 / max ms | → SSE p50 / p99 ms (seen/sent) | outbox max pending / oldest s | projection lag mean / p99 ms | submissions per commit |",
          "|---|---|---|---|---|---|---|---|---|"]
    for p in r.get("phases", []):
        sub, sse = p["submitLatencyMs"], p["submitToSseMs"]
        lag = p.get("projectionLag") or {}
        ob = p.get("outboxLag") or {}
        status = ", ".join("%s×%s" % (v, k) for k, v in p["statuses"].items() if k != "200")
        gc = p.get("groupCommit") or {}
        L.append("| %s%s | %s | %s | %s%s | %s / %s / %s / %s | %s | %s / %s | %s | %s |" % (
            p["phase"], " (cut short)" if p.get("cutShort") else "", fmt(p["offeredPerSecond"]),
            fmt(p["acceptedPerSecond"]), p["failed"] + (p["sent"] - p["accepted"] - p["failed"]),
            " (%s)" % status if status else "",
            fmt(sub.get("p50"), 1), fmt(sub.get("p95"), 1), fmt(sub.get("p99"), 1), fmt(sub.get("max"), 0),
            "%s / %s (%s/%s)" % (fmt(sse.get("p50"), 0), fmt(sse.get("p99"), 0), sse.get("probesSeen"),
                                 sse.get("probesSent")) if sse.get("probesSent") else "–",
            fmt(ob.get("maxPending")), fmt(ob.get("maxOldestPendingSeconds"), 1),
            "%s / %s" % (fmt(lag.get("meanMs"), 0), fmt(lag.get("p99Ms"), 0)) if lag.get("events") else "–",
            fmt(gc.get("meanSubmissions"), 1)))
    L += ["", "`top*`/`rank*` phases are reads: their latency columns are the `GET` latencies. "
              "Projection lag is the projector's `leaderboard_projection_lag_seconds` histogram, between the phase's "
              "start and its last answer (p99 as the bucket bound).", ""]
    L += open_loop_cost_markdown(r)
    if r.get("drainAfterWritesSeconds") is not None:
        L += ["Outbox drained %s s after the last write phase." % r["drainAfterWritesSeconds"], ""]

    if r.get("pgbench"):
        L += ["## PostgreSQL's ceiling for the same write (pgbench)", "",
              "pgbench, `-M prepared -c %d -j 2 -T %d`, against the same `leaderboard` database while the stack runs "
              "(the outbox publisher and projector process pgbench's rows too, as they do the API's). "
              "The script is `SQL_SUBMIT_SCORES` read at run time from the api-service jar being measured (else from `ScoreSubmission.java`; loadtest/pgbench_submit.py): one execution writes a batch of distinct seeded players, as a group commit of the service does, with the same mix of scores as the load." % (
                  args.pgbench_clients, args.pgbench_seconds), "",
              "| statement | transactions/s | submissions/s | latency avg ms | failed | CPU cores: postgresql / pipeline (publisher+projector+kafka) |",
              "|---|---|---|---|---|---|"]
        for c in r["pgbench"]:
            cpu = c.get("cpu") or {}
            pipe = sum(cpu.get(k, 0) for k in ("outbox-publisher", "projection-worker", "kafka"))
            L.append("| %s | %s | %s | %s | %s | %s / %.2f |" % (
                c["label"], fmt(c["tps"]), fmt(c.get("submissionsPerSecond") or c["tps"]), c["latencyAvgMs"],
                c["failed"], cpu.get("postgresql"), pipe))
        L.append("")

    if r.get("explain"):
        plan = r["explain"]
        seq = [l.strip() for l in plan.splitlines() if "Seq Scan" in l]
        ex = [l.strip() for l in plan.splitlines() if "Execution Time" in l or "Planning Time" in l]
        L += ["### The statement's plan", "",
              "`EXPLAIN (ANALYZE, BUFFERS)` of the submit statement for one batch of seeded players (rolled back; full plan "
              "in report.json under `explain`):", "", "```"] + seq + ex + ["```", ""]

    heaviest = [p for p in r.get("phases", []) if p.get("cpuCores") and not p["phase"].startswith(("top", "rank"))]
    if heaviest or r.get("readsClosedLoop"):
        L += ["## Where the CPU goes (cores, averaged over each phase)", ""]
        comps = ["api-service", "postgresql", "outbox-publisher", "projection-worker", "sse-broadcaster", "kafka",
                 "redis", "load generator (Bench/wrk/pgbench)"]
        L.append("| phase | " + " | ".join(comps) + " | anything else (e.g. a build) | machine busy |")
        L.append("|---" * (len(comps) + 3) + "|")
        rows = [(p["phase"], p["cpuCores"]) for p in r.get("phases", []) if p.get("cpuCores")]
        rows += [("pgbench", c.get("cpu")) for c in r.get("pgbench", [])[:1] if c.get("cpu")]
        for name, cpu in rows:
            busy = next((v for k, v in cpu.items() if k.startswith("machine busy")), None)
            other = None if busy is None else max(0.0, busy - sum(cpu.get(c) or 0 for c in comps))
            L.append("| %s | " % name + " | ".join(fmt(cpu.get(c), 2) for c in comps) + " | %s | %s |" % (
                fmt(other, 2), fmt(busy, 2)))
        L.append("")

    if r.get("profiles"):
        L += ["## Profiles (JFR CPU samples)", ""]
        for svc, p in r["profiles"].items():
            if "error" in p:
                L += ["%s: %s" % (svc, p["error"]), ""]
                continue
            L += ["### %s, during %s" % (svc, p.get("phase")), "", "Full list: `%s`." % p.get("summaryFile"), ""]
            L.append("| innermost library | share |")
            L.append("|---|---|")
            for row in p["byFamily"][:8]:
                L.append("| %s | %.1f %% |" % (row["family"], row["percent"]))
            L += ["", "| hottest methods (self) | share |", "|---|---|"]
            for row in p["topSelf"][:8]:
                L.append("| `%s` | %.1f %% |" % (row["frame"][:140], row["percent"]))
            L.append("")
    if r.get("reconciliation"):
        L += ["Reconciliation after the run: drift %s." % r["reconciliation"].get("drift"), ""]
    if args.compare and os.path.exists(args.compare):
        with open(args.compare) as f:
            other = json.load(f)
        L += ["## Top and rank as the board grows", "",
              "| read | players | wrk req/s | wrk p50 / p99 ms | fixed rate: p50 / p99 ms |",
              "|---|---|---|---|---|"]
        for name in ("top", "rank"):
            for rep in sorted((other, r), key=lambda x: x["players"]):
                w = rep.get("readsClosedLoop", {}).get(name, {})
                fixed = [p for p in rep.get("phases", []) if p["phase"].startswith(name) and "warm" not in p["phase"]]
                L.append("| %s | %s | %s | %s / %s | %s |" % (
                    name, fmt(rep["players"]), fmt(w.get("perSecond")), w.get("p50Ms"), w.get("p99Ms"),
                    "; ".join("%s/s: %s / %s" % (fmt(p["offeredPerSecond"]), fmt(p["submitLatencyMs"].get("p50"), 2),
                                                 fmt(p["submitLatencyMs"].get("p99"), 2)) for p in fixed)))
        L.append("")
    if args.notes and os.path.exists(args.notes):
        with open(args.notes) as f:
            L += [f.read()]
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
