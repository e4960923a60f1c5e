"""Load scripts for the leaderboard (Locust, Debian's python3-locust).

Two kinds of user:

- PlayerUser mints a local token (POST /dev/tokens, profile `local`), then submits scores
  with a realistic mix -- most lower than their best (80 %), some new bests (15 %), a few
  that enter the top 10 (5 %: above the current #10) -- and reads their own rank.
- SpectatorUser holds an SSE stream on the broadcaster (GET /events, or a board's stream)
  in a greenlet and reads the top now and then. Every frame is reported to Locust as an
  `SSE` request: `snapshot` with the time from connecting to the first frame, `update`
  with the time from the newest changed entry's `updatedAt` (written by the api-service)
  to the frame's arrival: submission-to-spectator latency, on one machine's clock.

Headless, 50 users, for 30 s (CSV files target/locust_stats.csv, _stats_history.csv,
_failures.csv, _exceptions.csv):

    locust -f loadtest/locustfile.py --headless -u 50 -r 10 -t 30s --host http://localhost:8080 --csv target/locust

Environment: LEADERBOARD_SSE_URL (default http://localhost:8081), LEADERBOARD_BOARD
(default global; another board uses /leaderboards/{id}/... paths), LOCUST_PLAYER_PREFIX
(default locust-: token subjects are <prefix><n>). Mind api-service's rate limits (20
submissions/s per player and board, 1000 reads/s per client address): start it with
RATE_LIMITS_ENABLED=false for more than a few hundred users on one machine.
"""
import itertools
import json
import os
import random
import time
from datetime import datetime

import gevent
import requests
from locust import HttpUser, between, events, task

SSE_URL = os.environ.get("LEADERBOARD_SSE_URL", "http://localhost:8081").rstrip("/")
BOARD = os.environ.get("LEADERBOARD_BOARD", "global")
PREFIX = os.environ.get("LOCUST_PLAYER_PREFIX", "locust-")
_ids = itertools.count(1)
_run = "%x" % int(time.time())


def _paths():
    if BOARD == "global":
        return "/scores", "/leaderboard/top?limit=10", "/leaderboard/{}", "/events"
    return ("/leaderboards/%s/scores" % BOARD, "/leaderboards/%s/top?limit=10" % BOARD,
            "/leaderboards/%s/users/{}" % BOARD, "/leaderboards/%s/events" % BOARD)


SUBMIT, TOP, STANDING, STREAM = _paths()


def _entries(body):
    """the top as a list of entries, from either the bare array or the {entries: [...]} answer"""
    data = json.loads(body)
    return data if isinstance(data, list) else data.get("entries", [])


class PlayerUser(HttpUser):
    weight = 3
    wait_time = between(0.5, 2.0)

    def on_start(self):
        n = next(_ids)
        self.subject = "%s%s-%d" % (PREFIX, _run, n)
        with self.client.post("/dev/tokens", json={"subject": self.subject, "nickName": "Locust %d" % n,
                                                    "scopes": []}, name="/dev/tokens",
                              catch_response=True) as r:
            if r.status_code != 200:
                r.failure("no token (%s): is api-service on the local profile?" % r.status_code)
                self.token = None
                return
            self.token = r.json()["accessToken"]
        self.headers = {"Authorization": "Bearer " + self.token}
        self.best = None
        self.user_id = None
        self.submit(random.randint(1_000, 50_000), "first")

    def submit(self, score, kind):
        with self.client.post(SUBMIT, json={"score": score}, headers=self.headers,
                              name="%s [%s]" % (SUBMIT, kind), catch_response=True) as r:
            if r.status_code == 200:
                body = r.json()
                self.user_id = body["userId"]
                self.best = body["score"]
            elif r.status_code == 429:
                r.failure("rate limited (429): RATE_LIMITS_ENABLED=false for load tests")
            else:
                r.failure("%s %s" % (r.status_code, r.text[:200]))

    @task(5)
    def play(self):
        if not self.token:
            return
        best = self.best or 1_000
        roll = random.random()
        if roll < 0.80:
            self.submit(random.randint(0, max(0, best - 1)), "lower")
        elif roll < 0.95:
            self.submit(best + random.randint(1, 5_000), "new best")
        else:
            with self.client.get(TOP, name=TOP.split("?")[0] + " (before a top-10 score)",
                                 catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(str(r.status_code))
                    return
                entries = _entries(r.text)
            tenth = entries[-1]["score"] if len(entries) >= 10 else (entries[0]["score"] if entries else 0)
            self.submit(max(best, tenth) + random.randint(1, 1_000), "top 10")

    @task(2)
    def my_rank(self):
        if self.user_id is None:
            return
        self.client.get(STANDING.format(self.user_id), name=STANDING.format("[userId]"))


def _fire(name, started, elapsed_ms, length, exc=None):
    events.request.fire(request_type="SSE", name=name, response_time=elapsed_ms, response_length=length,
                        exception=exc, context={}, start_time=started, url=SSE_URL + STREAM)


def _parse_time(value):
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except (AttributeError, ValueError):
        return None


class SpectatorUser(HttpUser):
    weight = 1
    wait_time = between(1.0, 3.0)

    def on_start(self):
        self.stream = None
        self.reader = gevent.spawn(self.follow)

    def on_stop(self):
        if self.stream is not None:
            self.stream.close()
        self.reader.kill(block=False)

    def follow(self):
        """holds the SSE stream, reconnecting after a drop, and reports every frame"""
        while True:
            started = time.time()
            try:
                self.stream = requests.get(SSE_URL + STREAM, stream=True, timeout=(5, 60),
                                           headers={"Accept": "text/event-stream"})
                if self.stream.status_code != 200:
                    _fire("%s (connect)" % STREAM, started, (time.time() - started) * 1000, 0,
                          RuntimeError("status %s" % self.stream.status_code))
                    gevent.sleep(1)
                    continue
                event = None
                for raw in self.stream.iter_lines(decode_unicode=True):
                    if raw is None:
                        continue
                    if raw.startswith("event:"):
                        event = raw[6:].strip()
                    elif raw.startswith("data:"):
                        now = time.time()
                        if event == "snapshot":
                            _fire("%s snapshot (connect to first frame)" % STREAM, started,
                                  (now - started) * 1000, len(raw))
                        elif event == "update":
                            self.report_update(raw[5:], now)
                        event = None
            except Exception as e:  # a drop: report it and reconnect
                _fire("%s (stream)" % STREAM, started, (time.time() - started) * 1000, 0, e)
                gevent.sleep(1)

    def report_update(self, data, now):
        try:
            frame = json.loads(data)
        except ValueError as e:
            _fire("%s update" % STREAM, now, 0, len(data), e)
            return
        changed = {c["userId"] for c in frame.get("changes", []) if c.get("newRank") is not None}
        stamps = [_parse_time(e.get("updatedAt")) for e in frame.get("top", []) if e.get("userId") in changed]
        stamps = [s for s in stamps if s]
        latency = (now - max(stamps)) * 1000 if stamps else 0
        _fire("%s update (updatedAt to frame)" % STREAM, now, max(0.0, latency), len(data))

    @task
    def read_top(self):
        self.client.get(TOP, name=TOP.split("?")[0])
