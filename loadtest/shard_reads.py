#!/usr/bin/env python3
"""Reads of one giant board kept in one sorted set and in N shards, side by side.

Seeds the same P players (bench-p1..bench-pP, scores with many ties) on two boards,
giant-1 ("shards": 1) and giant-<N> ("shards": N), rebuilds Redis from PostgreSQL through
the projector (the one writer of the projection), checks that both boards answer the same
ranking, then measures with wrk, closed loop, each read on each board:

  top      GET /leaderboards/B/top?limit=10           (a first page: kept in memory)
  page     GET /leaderboards/B/top?limit=10&cursor=C  (a page in the middle: read from Redis)
  rank     GET /leaderboards/B/users/{id}             (a random player's standing)
  around   GET /leaderboards/B/users/{id}/around?radius=5

after a warm-up of both, each read on one board then the other, and writes
docs/benchmarks/<date>-shards/report.md. Needs a running stack started as the
benchmark starts it (bin/local-stack up with RATE_LIMITS_ENABLED=false), wrk and psql.

    RATE_LIMITS_ENABLED=false bin/local-stack up
    python3 loadtest/shard_reads.py --players 1000000 --shards 4
"""
import argparse
import datetime
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark as b  # noqa: E402  the stack's helpers: http, psql, wrk, tokens

SEED = """
SET synchronous_commit = off;
INSERT INTO users (subject, nick_name)
SELECT 'bench-p' || i, 'P' || i FROM generate_series(1, {players}) AS i
ON CONFLICT (subject) DO NOTHING;
INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, version, games_played, reached_at, updated_at)
SELECT '{board}', 'all', u.id, x.score, -x.score, 1, 1, now(), now()
FROM users u CROSS JOIN LATERAL (SELECT (substr(u.subject, 8)::bigint * 7919) % 100000 AS score) x
WHERE u.subject ~ '^bench-p[0-9]+$' AND substr(u.subject, 8)::bigint <= {players}
ON CONFLICT (board, period, user_id) DO NOTHING;
ANALYZE board_scores;
"""

READS = ["top", "page", "rank", "around"]


def define(board, shards):
    status, _, body = b.http("PUT", b.API + "/admin/leaderboards/" + board,
                             {"sortOrder": "desc", "operator": "best", "shards": shards}, token=b.admin_token())
    if status not in (200, 201):
        raise RuntimeError("cannot define %s: %s %s" % (board, status, body))


def players_on(board):
    return int(b.psql("SELECT count(*) FROM board_scores WHERE board = '%s' AND period = 'all'" % board))


def read_json(path):
    status, _, body = b.http("GET", b.API + path)
    if status != 200:
        raise RuntimeError("GET %s: %s %s" % (path, status, body))
    return json.loads(body)


def ids_file(board, path):
    with open(path, "w") as f:
        f.write(b.psql("SELECT user_id FROM board_scores WHERE board = '%s' AND period = 'all' "
                       "ORDER BY random() LIMIT 20000" % board, timeout=600) + "\n")
    return path


def player_lua(path, ids, template):
    with open(path, "w") as f:
        f.write("local ids = {}\n"
                "for line in io.lines('%s') do ids[#ids + 1] = line end\n"
                "math.randomseed(os.time())\n"
                "request = function()\n"
                "  return wrk.format('GET', string.format('%s', ids[math.random(1, #ids)]))\n"
                "end\n" % (ids, template))
    return path


def same_ranking(one, sharded, ids):
    """the sharded board answers what the unsharded one does: the top, a middle page, standings"""
    a = read_json("/leaderboards/%s/top?limit=50" % one)
    c = read_json("/leaderboards/%s/top?limit=50" % sharded)
    strip = lambda entries: [(e["rank"], e["userId"], e["score"]) for e in entries]  # noqa: E731
    if strip(a["entries"]) != strip(c["entries"]):
        raise RuntimeError("the tops differ")
    with open(ids) as f:
        sample = [line.strip() for line in f if line.strip()][:200]
    for user in sample:
        x = read_json("/leaderboards/%s/users/%s" % (one, user))
        y = read_json("/leaderboards/%s/users/%s" % (sharded, user))
        if (x["rank"], x["score"]) != (y["rank"], y["score"]):
            raise RuntimeError("player %s: rank %s on one shard, %s on %s" % (user, x["rank"], y["rank"], sharded))
    return len(sample)


def middle_cursor(board, players):
    """the cursor of a page about halfway down: walks there with big pages"""
    cursor, seen = None, 0
    while seen < players // 2:
        query = "limit=1000" + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
        page = read_json("/leaderboards/%s/top?%s" % (board, query))
        seen += len(page["entries"])
        cursor = page["nextCursor"]
        if cursor is None:
            break
    return cursor


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--players", type=int, default=1_000_000)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=5, help="seconds of each read on each board before measuring")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=None, help="report directory (default docs/benchmarks/<date>-shards)")
    args = ap.parse_args()
    boards = [("giant-1", 1), ("giant-%d" % args.shards, args.shards)]
    work = os.path.join(b.ROOT, "target", "shard-reads")
    os.makedirs(work, exist_ok=True)
    report = {"players": args.players, "shards": args.shards, "connections": args.connections,
              "seconds": args.seconds, "boards": {}}
    for board, shards in boards:
        define(board, shards)
        if players_on(board) < args.players:
            t0 = time.time()
            b.log("seeding %d players on %s" % (args.players, board))
            b.psql(SEED.format(players=args.players, board=board), timeout=1800)
            b.log("  seeded in %.1f s" % (time.time() - t0))
        t0 = time.time()
        status, _, body = b.http("POST", b.PROJECTOR + "/actuator/rebuild/" + board, timeout=900,
                                 token=b.admin_token())
        if status != 200:
            raise RuntimeError("rebuild of %s: %s %s" % (board, status, body))
        report["boards"][board] = {"shards": shards, "rebuildSeconds": round(time.time() - t0, 1)}
        b.log("rebuilt %s (%d shards) in %.1f s" % (board, shards, time.time() - t0))
    ids = ids_file(boards[0][0], os.path.join(work, "ids.txt"))
    report["checkedPlayers"] = same_ranking(boards[0][0], boards[1][0], ids)
    b.log("both boards answer the same top and the same %d standings" % report["checkedPlayers"])
    urls = {}
    for board, _ in boards:
        cursor = middle_cursor(board, args.players)
        urls[board] = {
            "top": (b.API + "/leaderboards/%s/top?limit=10" % board, None),
            "page": (b.API + "/leaderboards/%s/top?limit=10&cursor=%s" % (board, urllib.parse.quote(cursor)), None),
            "rank": (b.API + "/", player_lua(os.path.join(work, board + "-rank.lua"), ids,
                                             "/leaderboards/%s/users/%%s" % board)),
            "around": (b.API + "/", player_lua(os.path.join(work, board + "-around.lua"), ids,
                                               "/leaderboards/%s/users/%%s/around?radius=5" % board)),
        }
    report["loadAverageBefore"] = os.getloadavg()[0]
    # each read on one board then the other, after a warm-up of both, so the JIT and any
    # other load on the machine weigh on both alike
    for read in READS:
        for board, _ in boards:
            url, lua = urls[board][read]
            b.wrk_run(url, args.warmup, args.connections, args.threads, lua)
        for board, _ in boards:
            url, lua = urls[board][read]
            r = b.wrk_run(url, args.seconds, args.connections, args.threads, lua)
            report["boards"][board][read] = {k: r.get(k) for k in ("perSecond", "p50Ms", "p99Ms", "non2xx")}
            b.log("  %s %s: %s/s, p50 %s ms, p99 %s ms (%s non-2xx)"
                  % (board, read, r.get("perSecond"), r.get("p50Ms"), r.get("p99Ms"), r.get("non2xx")))
    report["loadAverageAfter"] = os.getloadavg()[0]
    out = args.out or os.path.join(b.ROOT, "docs", "benchmarks", datetime.date.today().isoformat() + "-shards")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(markdown(report, boards))
    b.log("report: " + os.path.relpath(os.path.join(out, "report.md"), b.ROOT))


def markdown(report, boards):
    lines = ["# One giant board on one sorted set and on %d shards" % report["shards"], "",
             "%d players with many ties (scores 0..99,999), desc, best; wrk closed loop, %d connections, %d s per "
             "read, on the benchmark machine (2 cores, everything on the box). Generated by "
             "`loadtest/shard_reads.py`." % (report["players"], report["connections"], report["seconds"]), "",
             "Both boards answered the same top 50 and the same standings of %d random players before the "
             "measurement." % report["checkedPlayers"], "",
             "| read | " + " | ".join("%s (%d shard%s) req/s, p50 / p99 ms" % (board, shards, "s" if shards > 1 else "")
                                     for board, shards in boards) + " |",
             "|---|" + "---|" * len(boards)]
    for read in READS:
        cells = []
        for board, _ in boards:
            r = report["boards"][board][read]
            cells.append("%s, %s / %s" % (r["perSecond"], r["p50Ms"], r["p99Ms"]))
        lines.append("| %s | %s |" % (read, " | ".join(cells)))
    lines += ["", "Load average (1 min) before and after the measurement: %.1f, %.1f." % (
        report["loadAverageBefore"], report["loadAverageAfter"])]
    lines += ["", "Rebuild from PostgreSQL: " + ", ".join(
        "%s %s s" % (board, report["boards"][board]["rebuildSeconds"]) for board, _ in boards) + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
