#!/usr/bin/env python3
"""The leaderboard benchmark: one command (bin/benchmark) that

1. builds and starts the stack (bin/local-stack up; api-service with RATE_LIMITS_ENABLED=false),
2. seeds N players straight into PostgreSQL and rebuilds Redis from it (the rebuild's time is
   a figure of its own),
3. warms the services up with unreported reads and writes until their JIT compilers are
   quiet (at most --jit-warmup seconds),
4. drives fixed-rate, open-loop phases with loadtest/bench/Bench.java (latency from each
   request's intended start, so coordinated omission cannot hide), reads the SSE stream for
   submissions that enter the top 10, and samples outbox lag, projection lag and CPU per
   process once a second,
5. then measures reads with wrk (closed loop: throughput) and Bench (fixed rate: latency),
6. runs pgbench with the api-service's own submit statement against the same database
   (PostgreSQL's ceiling for the same write) and reports our rate over it,
7. records JFR profiles of the services during the heaviest write phase,
8. writes report.json and report.md into docs/benchmarks/<date>/ (and docs/benchmarks/latest.md).

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


def log(msg):
    print("benchmark: " + msg, flush=True)


def http(method, url, body=None, timeout=30):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


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

def stack_up(args):
    env = dict(os.environ, RATE_LIMITS_ENABLED="false")
    if not args.skip_up:
        log("starting the stack (bin/local-stack up; builds the jars when stale)")
        subprocess.run([os.path.join(ROOT, "bin", "local-stack"), "up"], env=env, check=True,
                       stdout=subprocess.DEVNULL if args.quiet else None)
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
    cursor, keys = "0", []
    while True:
        cursor, batch = redis_cmd("SCAN", cursor, "MATCH", "leaderboard:{%s}:*" % board, "COUNT", "1000")
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

def cpu_ticks(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime + stime + the children's it waited for: PostgreSQL backends that exit (pgbench's,
        # psql's) move their time to the postmaster's cutime/cstime, so the sum stays monotonic
        return int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    except OSError:
        return 0


def pids_by_component(bench_pid):
    comps = {name: [pid_of(name)] for name in SERVICES if pid_of(name)}
    pg, redis, wrk = [], [], []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % entry) as f:
                comm = f.read().strip()
        except OSError:
            continue
        if comm.startswith("postgres") or comm == "pgbench":
            (pg if comm != "pgbench" else wrk).append(int(entry))
        elif comm.startswith("redis-server"):
            redis.append(int(entry))
        elif comm == "wrk":
            wrk.append(int(entry))
    comps["postgresql"] = pg
    comps["redis"] = redis
    comps["load generator (Bench/wrk/pgbench)"] = ([bench_pid] if bench_pid else []) + wrk
    return comps


class Sampler(threading.Thread):
    """Once a second: outbox backlog, the projector's lag histogram and CPU time per component."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = []
        self.stop = False
        self.bench_pid = None
        self.extra_pids = []

    def run(self):
        hz = os.sysconf("SC_CLK_TCK")
        while not self.stop:
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
            comps = pids_by_component(self.bench_pid)
            if self.extra_pids:
                comps["load generator (Bench/wrk/pgbench)"] += [p for p in self.extra_pids]
            s["cpu"] = {c: sum(cpu_ticks(p) for p in ps) / hz for c, ps in comps.items()}
            with open("/proc/stat") as f:
                parts = f.readline().split()[1:]
            s["cpuTotal"] = sum(int(x) for x in parts[:8]) / hz
            s["cpuIdle"] = (int(parts[3]) + int(parts[4])) / hz
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

def wrk(url, seconds, connections, threads, lua=None):
    cmd = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", "--timeout", "10s"]
    if lua:
        cmd += ["-s", lua]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    res = {"tool": "wrk (closed loop)", "connections": connections, "threads": threads, "seconds": seconds,
           "raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["perSecond"] = float(m.group(1)) if m else None
    for p in ("50", "75", "90", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
        if m:
            v = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            res["p%sMs" % p] = round(v, 3)
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Socket errors: (.*)", out)
    res["socketErrors"] = m.group(1) if m else None
    return res


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


def compiler_ticks():
    """CPU ticks of the JIT compiler threads of every service (and Kafka)."""
    total = 0
    for svc in SERVICES:
        pid = pid_of(svc)
        if not pid:
            continue
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


def explain(script):
    """EXPLAIN ANALYZE of the submit statement for one batch of seeded players, rolled back"""
    stmt = script.strip().splitlines()[-1].rstrip(";")
    stmt = stmt.replace(":base", "42")
    out = subprocess.run(["psql", *PG, "-d", DB, "-AtX", "-c", "BEGIN", "-c",
                          "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + stmt, "-c", "ROLLBACK"],
                         capture_output=True, text=True, timeout=300)
    return out.stdout


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
    ap.add_argument("--read-seconds", type=int, default=15, help="each wrk read phase")
    ap.add_argument("--read-connections", type=int, default=32)
    ap.add_argument("--read-warmup", type=int, default=15, help="seconds of wrk per read before measuring (JIT)")
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
    ap.add_argument("--render", metavar="REPORT_JSON",
                    help="only write report.md again from a report.json (e.g. with --notes), next to it")
    args = ap.parse_args()
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
    suffix = "" if args.players == 10000 else "-%s" % (
        "%dm" % (args.players // 1000000) if args.players % 1000000 == 0 else "%dk" % (args.players // 1000))
    out_dir = args.out or os.path.join(ROOT, "docs", "benchmarks", date + suffix)
    os.makedirs(out_dir, exist_ok=True)
    work = os.path.join(ROOT, "target", "benchmark")
    os.makedirs(work, exist_ok=True)

    report = {"command": "bin/benchmark " + " ".join(sys.argv[1:]),
              "startedAt": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
              "players": args.players, "targets": TARGETS, "machine": machine()}
    restarted = stack_up(args)
    try:
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
    status, _, body = http("POST", PROJECTOR + "/actuator/rebuild", timeout=600)
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

    # reads: throughput with wrk (closed loop), then latency at fixed rates with Bench
    log("warming up the read path (%d s, not reported)" % (2 * args.read_warmup))
    wrk(API + "/leaderboard/top", args.read_warmup, args.read_connections, 1)
    wrk(API + "/leaderboard/1", args.read_warmup, args.read_connections, 1, lua)
    reads = {}
    read_jfr = None
    for name, url, script in (("top", API + "/leaderboard/top", None),
                              ("rank", API + "/leaderboard/1", lua)):
        if name == "top" and not args.no_profile and pid_of("api-service"):
            path = os.path.join(work, "api-service-reads.jfr")
            if jfr_start(pid_of("api-service"), args.read_seconds, path):
                read_jfr = path
        t0 = time.time()
        r = wrk(url, args.read_seconds, args.read_connections, 1, script)
        t1 = time.time()
        r["cpu"] = cpu_between(sampler.nearest(t0 + 1), sampler.nearest(t1 - 0.5))
        reads[name] = r
        log("GET %s: %.0f/s, p99 %s ms (wrk, %d connections)" % (name, r["perSecond"] or 0, r.get("p99Ms"),
                                                                   args.read_connections))
    report["readsClosedLoop"] = reads
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
            res = pgbench(path, args.pgbench_seconds, args.pgbench_clients, label)
            res["batch"] = size
            res["submissionsPerSecond"] = round(res["tps"] * size) if res.get("tps") else None
            time.sleep(1)
            res["cpu"] = cpu_between(sampler.nearest(res["startEpoch"] + 1), sampler.nearest(res["endEpoch"] - 0.5))
            ceilings.append(res)
            log("  %.0f transactions/s = %s submissions/s, %s ms average" % (
                res["tps"] or 0, res["submissionsPerSecond"], res["latencyAvgMs"]))
        report["pgbench"] = ceilings
        with open(os.path.join(work, "submit-%d.pgbench" % batch)) as f:
            report["pgbenchScript"] = f.read()
        report["drainAfterPgbenchSeconds"] = wait_drained(240)

    status, _, body = http("GET", PROJECTOR + "/actuator/reconciliation", timeout=300)
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
    with open(latest, "w") as f:
        f.write("<!-- copy of %s/report.md -->\n" % os.path.relpath(out_dir, os.path.dirname(latest)) + md)


def markdown(r, args):
    s = r["summary"]
    t = TARGETS
    L = ["# Leaderboard benchmark, %s players" % fmt(r["players"]), "",
         "Run %s, %ss, on %s CPUs / %s GiB (%s); PostgreSQL %s, everything on one machine "
         "(PostgreSQL, Redis, Kafka, the four services and the load generator)." % (
             r["startedAt"], r.get("durationSeconds"), r["machine"].get("cpus"), r["machine"].get("memGiB"),
             r["machine"].get("cpu"), r["machine"].get("postgresql")), "",
         "Command: `%s`" % (r.get("command") or "bin/benchmark " + " ".join(sys.argv[1:])), "",
         "## Targets", "", "| target | goal | reached | |", "|---|---|---|---|"]
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
    L.append("| rank lookup (`GET /leaderboard/{userId}`) | ≥ %s/s | %s/s under wrk; p99 %s ms at %s/s offered (%s/s answered%s) | %s |" % (
        fmt(t["rankPerSecond"]), fmt(rank["perSecond"]), fmt(rank["fixedRateP99Ms"], 2), fmt(rank["fixedRate"]),
        fmt(rank["fixedRateAccepted"]), ", cut short" if rank["fixedRateCutShort"] else "",
        verdict((rank["perSecond"] or 0) >= t["rankPerSecond"])))
    L.append("| rebuild of %s players into Redis | ≤ %d s at 1M | %s s | %s |" % (
        fmt(r["players"]), t["rebuild1MSeconds"], fmt(s["rebuildSeconds"], 2),
        "see the 1M report" if r["players"] < 1000000 else verdict((s["rebuildSeconds"] or 1e9) <= t["rebuild1MSeconds"])))
    L += ["", "Submit latency is measured from each request's intended start on a fixed schedule (open loop), so a",
          "stalled service cannot hide its queue. `GET` throughput comes from wrk (closed loop, %d connections, one"
          % args.read_connections,
          "thread); `GET` latency at a fixed rate comes from the same open-loop generator as the writes."]
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
    if r.get("drainAfterWritesSeconds") is not None:
        L += ["Outbox drained %s s after the last write phase." % r["drainAfterWritesSeconds"], ""]

    L += ["## Reads (wrk, closed loop)", "", "| read | requests/s | p50 / p90 / p99 ms | non-2xx | CPU cores: api-service / redis / wrk |",
          "|---|---|---|---|---|"]
    for name, rd in r.get("readsClosedLoop", {}).items():
        cpu = rd.get("cpu") or {}
        L.append("| %s | %s | %s / %s / %s | %s | %s / %s / %s |" % (
            name, fmt(rd.get("perSecond")), rd.get("p50Ms"), rd.get("p90Ms"), rd.get("p99Ms"), rd.get("non2xx"),
            cpu.get("api-service"), cpu.get("redis"), cpu.get("load generator (Bench/wrk/pgbench)")))
    L.append("")

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
        rows += [("wrk " + k, v.get("cpu")) for k, v in r.get("readsClosedLoop", {}).items() if v.get("cpu")]
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
