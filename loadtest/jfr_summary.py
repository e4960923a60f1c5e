#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest top frames,
the hottest frames anywhere on the stack (inclusive), and a share per package family.

usage: python3 loadtest/jfr_summary.py recording.jfr [--top 25] [--json out.json]
Needs the JDK's `jfr` tool on PATH.
"""
import argparse
import collections
import json
import re
import subprocess
import sys

FAMILIES = [
    ("PostgreSQL JDBC driver", "org.postgresql."),
    ("HikariCP", "com.zaxxer.hikari."),
    ("Lettuce / Netty (Redis)", "io.lettuce."),
    ("Netty", "io.netty."),
    ("Jackson JSON", "tools.jackson."),
    ("Jackson JSON (2.x)", "com.fasterxml.jackson."),
    ("Spring Security / JWT (Nimbus)", "com.nimbusds."),
    ("Spring Security", "org.springframework.security."),
    ("Tomcat", "org.apache.tomcat."),
    ("Tomcat (catalina/coyote)", "org.apache.catalina."),
    ("Tomcat (coyote)", "org.apache.coyote."),
    ("Micrometer / tracing", "io.micrometer."),
    ("OpenTelemetry", "io.opentelemetry."),
    ("Logging (logback)", "ch.qos.logback."),
    ("Bucket4j", "io.github.bucket4j."),
    ("Kafka client", "org.apache.kafka."),
    ("Spring (other)", "org.springframework."),
    ("Crypto (JDK)", "sun.security."),
    ("Application code", "io.leaderboard."),
]


def frames_of(jfr_file):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr_file],
                         capture_output=True, text=True, check=True).stdout
    samples = []
    current = None
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("jdk.ExecutionSample"):
            current = []
            samples.append(current)
        elif current is not None and re.match(r"^[\w$.<>/\[\]]+\(.*\)\s+line:", line):
            current.append(line.split("  line:")[0].split(" line:")[0].strip())
    return samples


def summarise(jfr_file, top=25):
    samples = [s for s in frames_of(jfr_file) if s]
    total = len(samples)
    self_counts = collections.Counter(s[0] for s in samples)
    inclusive = collections.Counter()
    family = collections.Counter()
    for s in samples:
        for f in set(s):
            inclusive[f] += 1
        # the family of the innermost frame that belongs to one
        for f in s:
            fam = next((name for name, prefix in FAMILIES if f.startswith(prefix)), None)
            if fam:
                family[fam] += 1
                break
        else:
            family["JDK / other"] += 1

    def pct(n):
        return round(100.0 * n / total, 1) if total else 0.0

    return {
        "file": jfr_file,
        "samples": total,
        "topSelf": [{"frame": f, "samples": n, "percent": pct(n)} for f, n in self_counts.most_common(top)],
        "topInclusive": [{"frame": f, "samples": n, "percent": pct(n)} for f, n in inclusive.most_common(top)
                         if not f.startswith(("java.lang.Thread.run", "java.util.concurrent.ThreadPoolExecutor"))],
        "byFamily": [{"family": f, "samples": n, "percent": pct(n)} for f, n in family.most_common()],
    }


def markdown(summary, top=15):
    lines = ["%d CPU samples from `%s`." % (summary["samples"], summary["file"].rsplit("/", 1)[-1]), "",
             "| where the sampled frame is (innermost known library) | share |", "|---|---|"]
    for row in summary["byFamily"]:
        lines.append("| %s | %.1f %% |" % (row["family"], row["percent"]))
    lines += ["", "| hottest methods (self) | share |", "|---|---|"]
    for row in summary["topSelf"][:top]:
        lines.append("| `%s` | %.1f %% |" % (row["frame"], row["percent"]))
    lines += ["", "| hottest methods (inclusive, on the stack) | share |", "|---|---|"]
    for row in summary["topInclusive"][:top]:
        lines.append("| `%s` | %.1f %% |" % (row["frame"], row["percent"]))
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("jfr")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json")
    a = ap.parse_args()
    s = summarise(a.jfr, a.top)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(s, f, indent=2)
    print(markdown(s))
