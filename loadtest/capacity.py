#!/usr/bin/env python3
"""The capacity plan for 100,000 submissions/s and 1,000,000 connected spectators (issue 18).

Computes the pods, partitions, shards and brokers from figures measured on this project's
2-core machine, and prints docs/capacity.md with every step of the arithmetic:

    python3 loadtest/capacity.py > docs/capacity.md     # write the plan
    python3 loadtest/capacity.py --check                # exit 1 if docs/capacity.md is stale

Deterministic: no clock, no randomness, nothing measured at run time. The measured figures
come from the committed benchmark report (docs/benchmarks/2026-12-03/report.json, read
here) and docs/benchmark.md (the SSE capacity run, copied below with its source); what is
assumed rather than measured is named in ASSUMPTIONS and printed as such.
"""
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = "docs/benchmarks/2026-12-03/report.json"
# Redis commands and Kafka bytes per submission, measured by loadtest/per_submission.py
PER_SUBMISSION = "docs/benchmarks/2026-12-04-per-submission/report.json"
PLAN = "docs/capacity.md"

# --- the load ---------------------------------------------------------------------------
SUBMISSIONS_PER_S = 100_000
SPECTATORS = 1_000_000

# --- what is assumed, not measured (printed in the plan) -------------------------------------
ASSUMPTIONS = {
    "zones": (3, "pods, brokers and Redis primaries spread over 3 zones; losing one (seed 000's zone "
                 "failover) must leave enough to carry the peak, so every fleet is sized 3/2 of its need"),
    "reads_per_s": (50_000, "API reads beside the submissions: half top-10 pages, half one player's rank "
                            "(spectators get pushes, not reads)"),
    "api_pod_cores": (2, "api-service pod: 2 cores (its CPU limit)"),
    "worker_pod_cores": (1, "outbox-publisher and projection-worker pod: 1 core"),
    "broadcaster_pod_cores": (2, "sse-broadcaster pod: 2 cores, 1 GiB heap"),
    "broadcaster_heap_mib": (1024, "sse-broadcaster heap"),
    "target_utilisation": (0.70, "a service pod runs at most at 70 % of its cores at peak (the HPA target in a "
                                  "zone's absence)"),
    "updates_per_spectator_per_s": (2.0, "each spectator gets at most 2 frames/s: the projector throttles a "
                                         "board to one notification per 500 ms"),
    "active_boards": (1_000, "boards with spectators at once, each notifying at most 2/s"),
    "notification_bytes": (2_048, "one notification (top 10 with names and rank changes) as JSON"),
    "redis_shard_utilisation": (0.50, "a Redis primary (one core: Redis runs commands on one thread) at most "
                                      "50 % busy, the rest for rebuilds, reconciliation and failover"),
    "redis_entries_millions": (20, "board entries held in Redis: players × boards × the two newest periods"),
    "redis_shard_memory_gib": (8, "memory of one Redis primary, filled to at most half (AOF rewrite, "
                                  "replica sync)"),
    "kafka_replication_factor": (3, "score-events and every other topic: 3 replicas, min.insync.replicas=2"),
    "kafka_broker_cores": (8, "one Kafka broker: 8 cores, at most 50 % busy"),
    "kafka_broker_mb_s": (200, "one broker's budget for disk writes and for network out, each (MB/s): half "
                               "of a 400 MB/s volume and of a 10 Gbit/s NIC"),
    "kafka_retention_hours": (24, "score-events' retention (common-events Topics)"),
    "kafka_broker_disk_tb": (8, "one broker's log volume (TB), filled to at most 60 %"),
    "kafka_partition_mb_s": (5, "what one partition of score-events may take (MB/s) before it is the "
                                "bottleneck of its one consumer"),
    "projector_catch_up_factor": (2, "KEDA may run twice the peak's projectors to drain a backlog; "
                                     "score-events has at least that many partitions"),
    "projector_lag_seconds": (0.5, "KEDA adds a projector when the lag per pod exceeds this much of its work"),
    "record_overhead_bytes": (120, "Kafka record: key, headers (eventType, traceparent), batch overhead"),
}

# --- measured on the 2-core machine, not in report.json: docs/benchmark.md, "Capacity" -------
# SseCapacityBenchmark, 2026-11-23, full JIT: 18,000 idle SSE connections on one broadcaster,
# 19.7 KB of heap per idle connection after a full GC, 0.80 cores while publishing 1.7
# updates/s to all of them. 18,000 is where the machine's open-file cap stopped the run, not
# where the broadcaster did.
SSE_CONNECTIONS_MEASURED = 18_000
SSE_HEAP_KB_PER_CONNECTION = 19.7
SSE_CORES_MEASURED = 0.80
SSE_UPDATES_PER_S_MEASURED = 1.7

# one ScoreChanged as the api-service writes it into the outbox (EventCodecTests' shape, a
# typical nickname and metadata), the value of a score-events record
SAMPLE_SCORE_CHANGED = (
    '{"schemaVersion": 3, "board": "arena-weekly", "period": "2026-W49", "sortOrder": "desc", '
    '"userId": 123456789, "nickName": "PlayerNickname", "score": 4500, "previousScore": 4380, '
    '"version": 37, "gamesPlayed": 41, "outcomes": {"wins": 20, "losses": 15, "draws": 6}, '
    '"metadata": {"level": 3}, "reachedAt": "2026-12-04T14:29:00.512345+00:00", '
    '"updatedAt": "2026-12-04T14:29:00.512345+00:00", "occurredAt": "2026-12-04T14:29:00.523456+00:00"}'
)


def a(name):
    return ASSUMPTIONS[name][0]


def n(value, digits=0):
    """A number as the plan prints it: thousands separated."""
    return f"{value:,.{digits}f}"


def with_zone_loss(pods):
    """Pods so that the zones left after one is lost still hold `pods`, spread evenly over zones."""
    zones = a("zones")
    survivors = zones - 1
    return math.ceil(math.ceil(pods * zones / survivors) / zones) * zones


def round_up(value, multiple):
    return math.ceil(value / multiple) * multiple


class Plan:
    def __init__(self):
        report = json.loads((ROOT / REPORT).read_text())
        self.writes = {row["phase"]: row for row in report["closedLoopWrites"]}
        self.reads = report["readsClosedLoop"]
        self.lines = []
        self.results = {}

    def out(self, text=""):
        self.lines.append(text)

    def per_write(self, process):
        """ms of CPU per submission, 64 connections (3,310 writes/s on one api-service)."""
        return self.writes["c64"]["cpu"]["perThousand"][process]

    def per_read(self, kind, process):
        return self.reads[kind]["cpu"]["perThousand"][process]

    def run(self):
        self.header()
        self.api_service()
        self.publisher()
        self.projector()
        self.broadcaster()
        self.kafka()
        self.redis()
        self.postgresql()
        self.summary()
        self.assumptions()
        return "\n".join(self.lines) + "\n"

    def header(self):
        c64 = self.writes["c64"]
        self.out("# Capacity plan: 100,000 submissions/s, 1,000,000 spectators")
        self.out()
        self.out("<!-- written by `python3 loadtest/capacity.py > docs/capacity.md`; do not edit by hand -->")
        self.out()
        self.out("What it takes to carry **100,000 score submissions per second** and **1,000,000 connected "
                 "spectators**, computed by `loadtest/capacity.py` from figures measured on this project's "
                 "2-core machine, every step shown. `python3 loadtest/capacity.py --check` says whether this "
                 "page is the script's current output. The Kubernetes overlay `deploy/k8s/overlays/scale` "
                 "carries the numbers (HPAs, the projector's KEDA `ScaledObject`, partitions).")
        self.out()
        self.out("## Measured figures")
        self.out()
        self.out(f"CPU per submission, per process: the closed-loop write phase at 64 connections of "
                 f"`{REPORT}` ({n(c64['okPerSecond'])} writes/s on one api-service, "
                 f"{c64['groupCommit']['meanSubmissions']} submissions per commit; CPU seconds per 1,000 "
                 f"writes from `/proc`, up to the outbox being drained). At 100,000/s each api-service pod "
                 f"takes about this rate, so its batches are this size. Reads: the closed-loop read "
                 f"phases of the same run at 64 connections.")
        self.out()
        self.out("| figure | ms of CPU | source |")
        self.out("|---|---:|---|")
        for process in ("api-service", "outbox-publisher", "projection-worker", "sse-broadcaster", "kafka",
                        "postgresql", "redis"):
            self.out(f"| per submission, {process} | {self.per_write(process):.4f} | {REPORT}, closedLoopWrites c64 |")
        for kind in ("top", "rank"):
            for process in ("api-service", "redis"):
                self.out(f"| per {kind} read, {process} | {self.per_read(kind, process):.4f} | "
                         f"{REPORT}, readsClosedLoop.{kind} |")
        self.out()
        self.out(f"Connections (`docs/benchmark.md`, Capacity: `SseCapacityBenchmark`, 2026-11-23, full JIT): "
                 f"{n(SSE_CONNECTIONS_MEASURED)} idle SSE connections on one broadcaster, "
                 f"{SSE_HEAP_KB_PER_CONNECTION} KB of heap each, {SSE_CORES_MEASURED} cores while sending "
                 f"{SSE_UPDATES_PER_S_MEASURED} updates/s to every one of them.")
        self.out()
        measured = json.loads((ROOT / PER_SUBMISSION).read_text())
        kafka = measured["kafkaBytesPerSubmission"]
        record = round(kafka["score-events"])
        self.results["record_bytes"] = record
        uncompressed = len(SAMPLE_SCORE_CHANGED.encode()) + a("record_overhead_bytes")
        self.out(f"Kafka and Redis per submission (`loadtest/per_submission.py`, {PER_SUBMISSION}: "
                 f"{n(measured['submissions'])} new bests through the API, the differences in the broker's log "
                 f"segments and in Redis's `INFO commandstats`): **{record} bytes per submission** appended to "
                 f"`score-events` (lz4 batches as stored and replicated; the same event uncompressed, "
                 f"{len(SAMPLE_SCORE_CHANGED.encode())} bytes of JSON plus about {a('record_overhead_bytes')} of "
                 f"key, headers and batch overhead, is {uncompressed}), {kafka['leaderboard-notifications']:.0f} "
                 f"bytes to `leaderboard-notifications` (throttled per board), and "
                 f"{measured['redisCommandsPerSubmission']:.1f} Redis commands, "
                 f"{measured['redisCommandsPerSubmissionByCommand']['evalsha']:.2f} of them script calls (the "
                 f"rest run inside the scripts). Redis CPU per submission (above) is what sizes a shard.")
        self.out()

    def pods(self, service, cores, pod_cores):
        budget = pod_cores * a("target_utilisation")
        needed = math.ceil(cores / budget)
        total = with_zone_loss(needed)
        self.out(f"- pods at peak: {cores:.2f} cores ÷ ({pod_cores} core{'s' if pod_cores != 1 else ''} × {a('target_utilisation'):.0%}) "
                 f"= **{needed}**; with one zone of {a('zones')} lost the other two must hold them: "
                 f"⌈{needed} × {a('zones')}/{a('zones') - 1}⌉, spread evenly = **{total} pods**")
        self.results[service] = total
        return needed, total

    def api_service(self):
        reads = a("reads_per_s")
        write = SUBMISSIONS_PER_S * self.per_write("api-service") / 1000
        top = reads / 2 * self.per_read("top", "api-service") / 1000
        rank = reads / 2 * self.per_read("rank", "api-service") / 1000
        cores = write + top + rank
        self.out("## api-service")
        self.out()
        self.out(f"- CPU: {n(SUBMISSIONS_PER_S)}/s × {self.per_write('api-service'):.4f} ms "
                 f"+ {n(reads / 2)} top reads/s × {self.per_read('top', 'api-service'):.4f} ms "
                 f"+ {n(reads / 2)} rank reads/s × {self.per_read('rank', 'api-service'):.4f} ms "
                 f"= {write:.2f} + {top:.2f} + {rank:.2f} = **{cores:.2f} cores**")
        needed, total = self.pods("api-service", cores, a("api_pod_cores"))
        target = math.floor(a("target_utilisation") * (a("zones") - 1) / a("zones") * 100)
        self.results["api-target"] = target
        self.out(f"- HPA: maxReplicas {total}; CPU target {a('target_utilisation'):.0%} × "
                 f"{a('zones') - 1}/{a('zones')} = **{target} %**, so that the pods left after a zone's loss "
                 f"run at {a('target_utilisation'):.0%} until the HPA has replaced them")
        self.out()

    def publisher(self):
        cores = SUBMISSIONS_PER_S * self.per_write("outbox-publisher") / 1000
        self.out("## outbox-publisher")
        self.out()
        self.out(f"- CPU: {n(SUBMISSIONS_PER_S)}/s × {self.per_write('outbox-publisher'):.4f} ms "
                 f"= **{cores:.2f} cores**")
        self.pods("outbox-publisher", cores, a("worker_pod_cores"))
        self.out("- a fixed count: instances share the outbox with `FOR UPDATE SKIP LOCKED`, and each "
                 "player's order holds across them")
        self.out()

    def projector(self):
        cores = SUBMISSIONS_PER_S * self.per_write("projection-worker") / 1000
        self.out("## projection-worker and score-events partitions")
        self.out()
        self.out(f"- CPU: {n(SUBMISSIONS_PER_S)}/s × {self.per_write('projection-worker'):.4f} ms "
                 f"= **{cores:.2f} cores**")
        needed, total = self.pods("projection-worker", cores, a("worker_pod_cores"))
        most = total * a("projector_catch_up_factor")
        events_per_pod = a("worker_pod_cores") * 1000 / self.per_write("projection-worker")
        lag = round_up(events_per_pod * a("target_utilisation") * a("projector_lag_seconds"), 100)
        self.results["projector-max"] = most
        self.results["projector-min"] = a("zones")
        self.results["projector-lag"] = lag
        self.out(f"- KEDA (Kafka scaler on the group `score-projection-workers`): minReplicaCount "
                 f"{a('zones')} (one per zone), maxReplicaCount {total} × {a('projector_catch_up_factor')} "
                 f"= **{most}** to drain a backlog; lagThreshold: a pod applies "
                 f"{a('worker_pod_cores')} core ÷ {self.per_write('projection-worker'):.4f} ms = "
                 f"{n(events_per_pod)} events/s, × {a('target_utilisation'):.0%} × "
                 f"{a('projector_lag_seconds')} s = **{n(lag)} events** of lag per pod")
        mb_s = SUBMISSIONS_PER_S * self.results["record_bytes"] / 1e6
        by_bytes = math.ceil(mb_s / a("kafka_partition_mb_s"))
        self.results["score-mb-s"] = mb_s
        self.results["partitions-needed"] = max(most, by_bytes)
        self.out(f"- score-events partitions: at least one per projector KEDA may run (**{most}**), and "
                 f"{n(SUBMISSIONS_PER_S)}/s × {self.results['record_bytes']} B = {mb_s:.1f} MB/s ÷ "
                 f"{a('kafka_partition_mb_s')} MB/s per partition = {by_bytes}: "
                 f"**{max(most, by_bytes)}** (rounded up to a multiple of the brokers below)")
        self.out()

    def broadcaster(self):
        per_frame_us = SSE_CORES_MEASURED / (SSE_CONNECTIONS_MEASURED * SSE_UPDATES_PER_S_MEASURED) * 1e6
        rate = a("updates_per_spectator_per_s")
        cpu_bound = math.floor(a("broadcaster_pod_cores") * a("target_utilisation") / (rate * per_frame_us / 1e6))
        heap_bound = math.floor(a("broadcaster_heap_mib") * 1024 * 0.5 / SSE_HEAP_KB_PER_CONNECTION)
        per_pod = min(SSE_CONNECTIONS_MEASURED, cpu_bound, heap_bound)
        needed = math.ceil(SPECTATORS / per_pod)
        total = with_zone_loss(needed)
        self.results["sse-broadcaster"] = total
        self.results["connections-per-pod"] = per_pod
        self.out("## sse-broadcaster")
        self.out()
        self.out(f"- CPU per frame sent: {SSE_CORES_MEASURED} cores ÷ ({n(SSE_CONNECTIONS_MEASURED)} "
                 f"connections × {SSE_UPDATES_PER_S_MEASURED} updates/s) = **{per_frame_us:.1f} µs**")
        self.out(f"- connections one pod holds: the least of what was measured "
                 f"({n(SSE_CONNECTIONS_MEASURED)}), its CPU ({a('broadcaster_pod_cores')} cores × "
                 f"{a('target_utilisation'):.0%} ÷ ({rate} frames/s × {per_frame_us:.1f} µs) = {n(cpu_bound)}) "
                 f"and half its heap ({a('broadcaster_heap_mib')} MiB × 50 % ÷ {SSE_HEAP_KB_PER_CONNECTION} KB "
                 f"= {n(heap_bound)}): **{n(per_pod)}**")
        busy = per_pod * rate * per_frame_us / 1e6 / a("broadcaster_pod_cores")
        self.out(f"- HPA: maxReplicas {total}; CPU target {self.results['api-target']} %: {n(per_pod)} "
                 f"connections × {rate} frames/s × {per_frame_us:.1f} µs = {busy:.0%} of "
                 f"{a('broadcaster_pod_cores')} cores, so a pod holds about that many before the HPA adds one")
        self.out(f"- pods at peak: {n(SPECTATORS)} ÷ {n(per_pod)} = **{needed}**; with a zone lost: "
                 f"**{total} pods** (HPA maxReplicas; a lost zone's spectators reconnect to the others, "
                 f"`Last-Event-ID` resumes them)")
        self.out()

    def kafka(self):
        rf = a("kafka_replication_factor")
        cores = SUBMISSIONS_PER_S * self.per_write("kafka") / 1000 * rf
        ingress = self.results["score-mb-s"]
        disk = ingress * rf
        notifications = a("active_boards") * a("updates_per_spectator_per_s") * a("notification_bytes") / 1e6
        broadcasters = self.results["sse-broadcaster"]
        egress = ingress * (rf - 1) + ingress + notifications * broadcasters
        by_cpu = math.ceil(cores / (a("kafka_broker_cores") * 0.5))
        by_disk = math.ceil(disk / a("kafka_broker_mb_s"))
        by_network = math.ceil(egress / a("kafka_broker_mb_s"))
        retained_tb = disk * 3600 * a("kafka_retention_hours") / 1e6
        by_retention = math.ceil(retained_tb / (a("kafka_broker_disk_tb") * 0.6))
        brokers = round_up(max(rf, by_cpu, by_disk, by_network, by_retention), a("zones"))
        partitions = round_up(self.results["partitions-needed"], brokers)
        self.results["brokers"] = brokers
        self.results["partitions"] = partitions
        self.out("## Kafka brokers")
        self.out()
        self.out(f"- CPU: measured with one broker and one replica, so × {rf} for the replicas' fetches and "
                 f"writes: {n(SUBMISSIONS_PER_S)}/s × {self.per_write('kafka'):.4f} ms × {rf} = "
                 f"**{cores:.2f} cores** ÷ ({a('kafka_broker_cores')} cores × 50 %) = {by_cpu} brokers")
        self.out(f"- disk writes: {ingress:.1f} MB/s × {rf} replicas = **{disk:.1f} MB/s** ÷ "
                 f"{a('kafka_broker_mb_s')} MB/s = {by_disk} brokers")
        self.out(f"- network out: replication {ingress:.1f} × {rf - 1} + the projectors {ingress:.1f} + the "
                 f"notifications, which every broadcaster reads in full ({a('active_boards')} boards × "
                 f"{a('updates_per_spectator_per_s')}/s × {a('notification_bytes')} B = {notifications:.1f} "
                 f"MB/s, × {broadcasters} broadcasters) = **{egress:.1f} MB/s** ÷ {a('kafka_broker_mb_s')} "
                 f"MB/s = {by_network} brokers")
        self.out(f"- retention: {a('kafka_retention_hours')} h × {disk:.1f} MB/s = **{retained_tb:.1f} TB** on "
                 f"disk across the cluster ÷ ({a('kafka_broker_disk_tb')} TB × 60 %) = {by_retention} brokers")
        self.out(f"- brokers: the most of {rf} (replicas), {by_cpu}, {by_disk}, {by_network}, {by_retention}, "
                 f"rounded up to "
                 f"a multiple of {a('zones')} zones = **{brokers} brokers** (KRaft controllers: 3, one per zone)")
        self.out(f"- score-events: **{partitions} partitions** ({self.results['partitions-needed']} rounded up "
                 f"to a multiple of {brokers} brokers), {retained_tb / brokers:.1f} TB of log per broker")
        self.out(f"- the broadcasters' share grows with their count: each one reads every notification. "
                 f"Past this size, broadcasters would read only the boards their spectators watch "
                 f"(partitions assigned by board), not built yet")
        self.out()

    def redis(self):
        reads = a("reads_per_s")
        write = SUBMISSIONS_PER_S * self.per_write("redis") / 1000
        top = reads / 2 * self.per_read("top", "redis") / 1000
        rank = reads / 2 * self.per_read("rank", "redis") / 1000
        cores = write + top + rank
        by_cpu = math.ceil(cores / a("redis_shard_utilisation"))
        memory = a("redis_entries_millions") * 434 / 1024
        by_memory = math.ceil(memory / (a("redis_shard_memory_gib") * 0.5))
        shards = round_up(max(by_cpu, by_memory), a("zones"))
        one_board = 1 * a("redis_shard_utilisation") * 1000 / self.per_write("redis")
        self.results["shards"] = shards
        self.out("## Redis Cluster shards")
        self.out()
        self.out(f"- CPU: {n(SUBMISSIONS_PER_S)}/s × {self.per_write('redis'):.4f} ms + {n(reads / 2)} × "
                 f"{self.per_read('top', 'redis'):.4f} ms + {n(reads / 2)} × "
                 f"{self.per_read('rank', 'redis'):.4f} ms = {write:.2f} + {top:.2f} + {rank:.2f} = "
                 f"**{cores:.2f} cores**; a primary runs commands on one core, at most "
                 f"{a('redis_shard_utilisation'):.0%} busy: {by_cpu} primaries")
        self.out(f"- memory: {a('redis_entries_millions')} M entries × 434 MiB per million (README, "
                 f"Performance) = {memory:.1f} GiB ÷ ({a('redis_shard_memory_gib')} GiB × 50 %) = "
                 f"{by_memory} primaries")
        self.out(f"- **{shards} primaries** (the larger, rounded up to a multiple of {a('zones')} zones), "
                 f"each with a replica in another zone: {shards * 2} Redis nodes")
        self.out(f"- a board on one sorted set lives on one shard: it takes at most "
                 f"1 core × {a('redis_shard_utilisation'):.0%} ÷ {self.per_write('redis'):.4f} ms = "
                 f"**{n(one_board)} submissions/s**; the plan assumes the 100,000/s spread over many boards. "
                 f"A board defined with `\"shards\": N` spreads its entries over N sorted sets on N slots, "
                 f"so its writes and memory spread over up to N primaries; each of its reads then costs one "
                 f"call per shard (docs/benchmark.md, Sharded boards)")
        self.out()

    def postgresql(self):
        cores = SUBMISSIONS_PER_S * self.per_write("postgresql") / 1000
        self.results["postgresql-cores"] = cores
        self.out("## PostgreSQL (not scaled out by this plan)")
        self.out()
        self.out(f"- CPU: {n(SUBMISSIONS_PER_S)}/s × {self.per_write('postgresql'):.4f} ms = **{cores:.2f} "
                 f"cores** on one primary, at {self.writes['c64']['groupCommit']['meanSubmissions']} "
                 f"submissions per commit (larger batches cost less: "
                 f"{self.writes['c128']['cpu']['perThousand']['postgresql']:.4f} ms at 128 connections): a "
                 f"primary of at least {round_up(cores * 2, 8):.0f} vCPUs at 50 %, a synchronous standby in "
                 f"another zone. WAL volume per submission was not measured; sharding PostgreSQL by board is "
                 f"the next step past this, not built")
        self.out()

    def summary(self):
        r = self.results
        self.out("## The plan")
        self.out()
        self.out("| what | how many |")
        self.out("|---|---:|")
        self.out(f"| api-service pods (HPA max; CPU target {r['api-target']} %) | {r['api-service']} |")
        self.out(f"| sse-broadcaster pods (HPA max; CPU target {r['api-target']} %), "
                 f"{n(r['connections-per-pod'])} connections each | "
                 f"{r['sse-broadcaster']} |")
        self.out(f"| outbox-publisher pods | {r['outbox-publisher']} |")
        self.out(f"| projection-worker pods (KEDA {r['projector-min']}–{r['projector-max']}, lag "
                 f"{n(r['projector-lag'])} per pod) | {r['projection-worker']} at peak |")
        self.out(f"| Kafka brokers (RF {a('kafka_replication_factor')}, min.insync.replicas 2) | {r['brokers']} |")
        self.out(f"| score-events partitions | {r['partitions']} |")
        self.out(f"| Redis Cluster primaries (+ one replica each) | {r['shards']} |")
        self.out(f"| PostgreSQL primary cores | {r['postgresql-cores']:.1f} |")
        self.out()

    def assumptions(self):
        self.out("## Assumptions")
        self.out()
        self.out("Not measured here; change them in `loadtest/capacity.py` and run it again.")
        self.out()
        for name, (value, why) in ASSUMPTIONS.items():
            self.out(f"- `{name}` = {value}: {why}")
        self.out("- the figures of a 2-core VM that ran everything at once (PostgreSQL, Redis, Kafka, the four "
                 "services and the load generator) hold per core on production machines: contention inflated "
                 "them, so the plan errs large")
        self.out()


def main():
    plan = Plan().run()
    if sys.argv[1:] == ["--check"]:
        current = (ROOT / PLAN).read_text() if (ROOT / PLAN).exists() else ""
        if current != plan:
            print(f"{PLAN} is not the output of loadtest/capacity.py: run python3 loadtest/capacity.py > {PLAN}",
                  file=sys.stderr)
            sys.exit(1)
        print(f"{PLAN} is current")
        return
    sys.stdout.write(plan)


if __name__ == "__main__":
    main()
