#!/usr/bin/env python3
"""Chaos run against a stack started by `bin/local-stack up`.

Players submit increments to a fresh board without pause while the run restarts Redis
(the machine's Redis keeps nothing on disk, so that is also a loss of its data), the
Kafka broker, the outbox publisher and the projector, and kills the publisher and the
projector with SIGKILL. Then it lets the pipeline drain and checks that every
acknowledged submission is in PostgreSQL and in Redis, exactly once, and that the
projector's reconciliation finds no drift. Exit code 0 only if all of that holds.

Needs python3 and psql (the PostgreSQL client); standard library only.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = [
    ("restart", "redis"),
    ("restart", "kafka"),
    ("crash", "outbox-publisher"),
    ("crash", "projection-worker"),
    ("restart", "outbox-publisher"),
    ("restart", "projection-worker"),
]


def call(method, url, body=None, token=None, headers=None, timeout=10):
    request = urllib.request.Request(url, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def token(api, subject, scopes=None):
    status, _, body = call("POST", api + "/dev/tokens",
                           {"subject": subject, "nickName": subject, "scopes": scopes or []})
    if status != 200:
        sys.exit(f"cannot mint a token ({status}): is the stack up with the local profile? {body}")
    return json.loads(body)["accessToken"]


def psql(url, sql):
    out = subprocess.run(["psql", url, "-At", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Load:
    """Writers that keep submitting; a submission counts once it was answered 200."""

    def __init__(self, api, board, tokens, writers):
        self.api, self.board, self.tokens = api, board, tokens
        self.acknowledged = {player: 0 for player in tokens}
        self.counts = {"ok": 0, "retried": 0, "refused": 0}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.write, daemon=True) for _ in range(writers)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def write(self):
        rng = random.Random()
        while not self.stopping.is_set():
            player = rng.choice(list(self.tokens))
            increment = rng.randint(1, 9)
            key = str(uuid.uuid4())
            # the same Idempotency-Key on every try: a retry after a lost answer counts once
            for _ in range(20):
                try:
                    status, headers, _ = call("POST", f"{self.api}/leaderboards/{self.board}/scores",
                                              {"score": increment}, self.tokens[player],
                                              {"Idempotency-Key": key})
                except OSError:
                    status, headers = None, {}
                if status == 200:
                    with self.lock:
                        self.acknowledged[player] += increment
                        self.counts["ok"] += 1
                    break
                with self.lock:
                    self.counts["retried"] += 1
                # a well-behaved client: wait as told (429/503), else a little
                time.sleep(min(float(headers.get("Retry-After", "0.2") or 0.2), 2.0))
            else:
                with self.lock:
                    self.counts["refused"] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default="http://localhost:8080")
    parser.add_argument("--projector", default="http://localhost:8083")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/leaderboard",
                        help="libpq URL of the stack's database, for psql")
    parser.add_argument("--players", type=int, default=40)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--pause", type=float, default=6.0, help="seconds of load between two faults")
    args = parser.parse_args()

    board = "chaos-" + time.strftime("%Y%m%d%H%M%S")
    admin = token(args.api, "chaos-admin", ["leaderboard:admin"])
    status, _, body = call("PUT", f"{args.api}/admin/leaderboards/{board}",
                           {"sortOrder": "desc", "operator": "increment"}, admin)
    if status not in (200, 201):
        sys.exit(f"cannot create board {board}: {status} {body}")
    tokens = {f"chaos-{i}": token(args.api, f"chaos-{i}") for i in range(args.players)}
    load = Load(args.api, board, tokens, args.writers)
    started = time.time()
    print(f"chaos: board {board}, {args.players} players, {args.writers} writers")
    load.start()
    for action, name in STEPS:
        time.sleep(args.pause)
        print(f"chaos: t+{time.time() - started:5.1f}s {action} {name}", flush=True)
        subprocess.run([os.path.join(ROOT, "bin", "local-stack"), action, name], check=True)
    time.sleep(args.pause)
    load.stop()
    print(f"chaos: load stopped at t+{time.time() - started:.1f}s: {load.counts['ok']} acknowledged, "
          f"{load.counts['retried']} retried tries, {load.counts['refused']} given up")

    deadline = time.time() + 180
    while time.time() < deadline:
        pending = int(psql(args.postgres, "SELECT count(*) FROM score_events_outbox WHERE processed_at IS NULL"))
        if pending == 0:
            break
        time.sleep(1)
    print(f"chaos: outbox drained ({pending} pending)")

    expected = {player: total for player, total in load.acknowledged.items() if total > 0}
    failures = []
    rows = psql(args.postgres, f"SELECT u.subject, s.score FROM board_scores s JOIN users u ON u.id = s.user_id "
                               f"WHERE s.board = '{board}'")
    in_postgres = {line.split("|")[0]: int(line.split("|")[1]) for line in rows.splitlines() if line}
    if in_postgres != expected:
        failures.append(f"PostgreSQL differs from the acknowledged submissions for "
                        f"{sum(1 for p in expected if in_postgres.get(p) != expected[p])} players")
    in_redis = {}
    while time.time() < deadline:
        status, headers, body = call("GET", f"{args.api}/leaderboards/{board}/top?limit=1000")
        source = headers.get("Leaderboard-Source")
        in_redis = {entry["nickName"]: entry["score"] for entry in json.loads(body)["entries"]} if status == 200 else {}
        if source == "redis" and in_redis == expected:
            break
        time.sleep(1)
    if in_redis != expected:
        failures.append("Redis differs from the acknowledged submissions")
    status, _, body = call("GET", args.projector + "/actuator/reconciliation",
                             token=token(args.api, "chaos-ops", ["leaderboard:admin"]), timeout=120)
    report = json.loads(body) if status == 200 else {}
    print(f"chaos: reconciliation: {report.get('boardPeriods')} board periods, {report.get('entries')} entries, "
          f"drift {report.get('drift')}")
    if report.get("drift") != 0:
        failures.append(f"reconciliation found drift: {body}")
    print(f"chaos: {len(expected)} players, {sum(expected.values())} points acknowledged; "
          f"PostgreSQL {'matches' if in_postgres == expected else 'DIFFERS'}, "
          f"Redis {'matches' if in_redis == expected else 'DIFFERS'}")
    if failures:
        print("chaos: FAILED: " + "; ".join(failures))
        return 1
    print("chaos: PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
