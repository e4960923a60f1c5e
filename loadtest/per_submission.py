#!/usr/bin/env python3
"""What one submission costs Redis and Kafka, measured on a running stack.

Writes N scores through the API (P players, every score a new best, so every one is
projected and may notify), waits until the outbox has drained and the projection holds
them, and reports from the differences before and after:

  - Redis: commands per submission, by command (INFO commandstats: EVALSHA calls and the
    commands the scripts run inside them, plus everything the services poll meanwhile);
  - Kafka: bytes appended per submission to each topic's log segments on disk (what the
    broker stores and replicates: records, headers, batch overhead, after compression).

Writes docs/benchmarks/<date>-per-submission/report.json, which loadtest/capacity.py reads.
Needs a stack started by bin/local-stack (one broker, its data under .local-stack/kafka)
with RATE_LIMITS_ENABLED=false, and redis-cli.

    RATE_LIMITS_ENABLED=false bin/local-stack up
    python3 loadtest/per_submission.py --submissions 4000
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark as b  # noqa: E402  the stack's helpers: http, psql, tokens

BOARD = "per-submission"
KAFKA_DATA = os.path.join(b.STATE, "kafka", "data")


def command_stats():
    out = subprocess.run(["redis-cli", "-p", str(b.REDIS_PORT), "INFO", "commandstats"], capture_output=True,
                         text=True, check=True).stdout
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"cmdstat_([\w|]+):calls=(\d+)", out)}


def topic_bytes():
    sizes = {}
    for path in glob.glob(os.path.join(KAFKA_DATA, "*-[0-9]*", "*.log")):
        topic = re.sub(r"-\d+$", "", os.path.basename(os.path.dirname(path)))
        sizes[topic] = sizes.get(topic, 0) + os.path.getsize(path)
    return sizes


def token(i):
    status, _, body = b.http("POST", b.API + "/dev/tokens",
                             {"subject": "per-submission-%d" % i, "nickName": "Writer %d" % i})
    if status != 200:
        raise RuntimeError("no token: %s %s" % (status, body))
    return json.loads(body)["accessToken"]


def projected():
    status, _, body = b.http("GET", b.API + "/leaderboards/%s/stats" % BOARD)
    return json.loads(body)["players"] if status == 200 else -1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--submissions", type=int, default=4000)
    ap.add_argument("--players", type=int, default=400)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--out", default=None, help="report directory (default docs/benchmarks/<date>-per-submission)")
    args = ap.parse_args()
    if not os.path.isdir(KAFKA_DATA):
        sys.exit("no Kafka data under %s: start the stack with bin/local-stack up (one broker)" % KAFKA_DATA)
    status, _, body = b.http("PUT", b.API + "/admin/leaderboards/" + BOARD, {"sortOrder": "desc", "operator": "best"},
                             token=b.admin_token())
    if status not in (200, 201):
        raise RuntimeError("cannot define the board: %s %s" % (status, body))
    tokens = [token(i) for i in range(args.players)]
    base = int(time.time() * 1000)
    b.wait_drained(120)

    redis_before, kafka_before = command_stats(), topic_bytes()
    t0 = time.time()

    def submit(i):
        # every score a new best: each one is projected
        status, _, body = b.http("POST", b.API + "/leaderboards/%s/scores" % BOARD, {"score": base + i},
                                 token=tokens[i % len(tokens)])
        return status

    with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
        statuses = list(pool.map(submit, range(args.submissions)))
    accepted = statuses.count(200)
    b.wait_drained(120)
    deadline = time.time() + 120
    while projected() < args.players and time.time() < deadline:
        time.sleep(0.5)
    # the last notifications and the trailing checks
    time.sleep(2)
    seconds = time.time() - t0
    redis_after, kafka_after = command_stats(), topic_bytes()

    calls = {cmd: redis_after[cmd] - redis_before.get(cmd, 0) for cmd in redis_after}
    calls = {cmd: n for cmd, n in sorted(calls.items(), key=lambda kv: -kv[1]) if n > 0}
    total_calls = sum(calls.values())
    kafka = {topic: kafka_after.get(topic, 0) - kafka_before.get(topic, 0) for topic in kafka_after}
    kafka = {topic: n for topic, n in sorted(kafka.items()) if n > 0 and not topic.startswith("__")}
    report = {
        "date": datetime.date.today().isoformat(),
        "submissions": accepted, "refused": args.submissions - accepted, "players": args.players,
        "connections": args.connections, "seconds": round(seconds, 1),
        "redisCommandsPerSubmission": round(total_calls / accepted, 2),
        "redisCommandsPerSubmissionByCommand": {cmd: round(n / accepted, 3) for cmd, n in calls.items()},
        "kafkaBytesPerSubmission": {topic: round(n / accepted, 1) for topic, n in kafka.items()},
    }
    out = args.out or os.path.join(b.ROOT, "docs", "benchmarks", report["date"] + "-per-submission")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    b.log("%d submissions in %.1f s: %.2f Redis commands each; Kafka bytes each: %s"
          % (accepted, seconds, report["redisCommandsPerSubmission"], report["kafkaBytesPerSubmission"]))
    b.log("report: " + os.path.relpath(os.path.join(out, "report.json"), b.ROOT))


if __name__ == "__main__":
    main()
