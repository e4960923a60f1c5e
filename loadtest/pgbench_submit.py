#!/usr/bin/env python3
"""Writes a pgbench script that runs the api-service's own submit statement.

The statement (SQL_SUBMIT_SCORES, one statement for a whole batch of submissions) is read at
run time from the api-service jar being measured (else from ScoreSubmission.java), so the
ceiling always measures the SQL the service runs. Its named parameters are parallel arrays,
one element per submission; the script builds them in SQL from pgbench's random base:
  :subject    -> 'bench-p<n>' for `batch` distinct seeded players (as the API load uses)
  :nickName   -> 'P<n>'
  :score      -> 80 % below every seeded best, 15 % a new best, like the API load
  :board, :period, :operator, :sortOrder -> the one target of POST /scores (global, all, best, desc)
  :metadata, :traceParent -> NULL, :now -> now(), :submission -> 0..batch-1

With improving=True (the closed-loop and fresh-stack runs) every score is a new best instead:
microseconds since IMPROVING_EPOCH_MS, above every score the load wrote before (the wrk
scripts count from the milliseconds since the same epoch times 1,000). With a subject
prefix other than 'bench-p' the players are those a run registered itself (e.g. the fresh
stack's new players, 'fresh<stamp>-p<n>').

Usage: pgbench_submit.py PLAYERS [BATCH [PREFIX [improving]]]   (BATCH 1 = one submission per transaction)
"""
import re
import sys
import zipfile

ROOT = __file__.rsplit("/loadtest/", 1)[0]
JAVA = ROOT + "/api-service/src/main/java/io/leaderboard/api/score/ScoreSubmission.java"
JAR = ROOT + "/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar"
CLASS = "BOOT-INF/classes/io/leaderboard/api/score/ScoreSubmission.class"
START = b"WITH input AS"
# the zero of "improving" scores (ms since the Unix epoch): scores stay below the seeded anchors (5e14)
IMPROVING_EPOCH_MS = 1_700_000_000_000


def sql_from_jar():
    """the statement as compiled into the jar that runs (a text block is one constant-pool string)"""
    try:
        with zipfile.ZipFile(JAR) as jar:
            data = jar.read(CLASS)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    at = data.find(START)
    if at < 3 or data[at - 3] != 1:  # CONSTANT_Utf8: tag 1, u2 length, bytes
        return None
    length = int.from_bytes(data[at - 2:at], "big")
    return data[at:at + length].decode("utf-8", errors="replace")


def sql_from_source():
    text = open(JAVA, encoding="utf-8").read()
    m = re.search(r'SQL_SUBMIT_SCORES\s*=\s*"""\n(.*?)"""', text, re.S)
    return m.group(1) if m else None


def submit_sql():
    """from the built jar when there is one (the code being measured), else from the source"""
    sql = sql_from_jar() or sql_from_source()
    if not sql:
        sys.exit("SQL_SUBMIT_SCORES not found in %s nor %s" % (JAR, JAVA))
    # drop SQL comments, then collapse whitespace
    return " ".join(" ".join(line.split("--", 1)[0].split()) for line in sql.splitlines()).strip()


def stride(players):
    """a step that visits `batch` distinct players from any base (coprime with the count)"""
    for candidate in (7919, 104729, 1299709, 15485863):
        if players % candidate:
            return candidate
    return 1


def improving_base():
    """the first score of a closed-loop run that starts now: above everything written before it"""
    import time
    return (int(time.time() * 1000) - IMPROVING_EPOCH_MS) * 1000


def script(players, batch=1, prefix="bench-p", improving=False, nick_prefix=None):
    """one transaction = one execution of the statement for `batch` distinct players
    (prefix + 1..players, seeded or registered by the run)"""
    batch = max(1, min(batch, players))
    step = stride(players)
    player = "((:base + k * %d) %% %d + 1)" % (step, players)

    def column(expression, sql_type):
        return "(SELECT array_agg(%s ORDER BY k) FROM generate_series(0, %d) k)::%s" % (expression, batch - 1,
                                                                                        sql_type)
    replacements = {
        ":submission": column("k", "int[]"),
        ":subject": column("'%s' || %s" % (prefix, player), "varchar[]"),
        ":nickName": column("'%s' || %s" % (nick_prefix or ("P" if prefix == "bench-p" else "F"), player),
                            "varchar[]"),
        ":board": column("CAST('global' AS varchar)", "varchar[]"),
        ":period": column("CAST('all' AS varchar)", "varchar[]"),
        ":operator": column("CAST('best' AS varchar)", "varchar[]"),
        ":sortOrder": column("CAST('desc' AS varchar)", "varchar[]"),
        ":score": column("((extract(epoch FROM clock_timestamp()) * 1000 - %d) * 1000)::bigint + k"
                         % IMPROVING_EPOCH_MS if improving else
                         "CASE WHEN random() < 0.15 THEN 900000 + (random() * 1e8)::bigint "
                         "ELSE (random() * 99999)::bigint END", "bigint[]"),
        ":metadata": column("CAST(NULL AS text)", "text[]"),
        ":now": column("now()", "timestamptz[]"),
        ":traceParent": column("CAST(NULL AS varchar)", "varchar[]"),
    }
    sql = submit_sql()
    for name, value in replacements.items():
        sql = re.sub(re.escape(name) + r"\b", lambda _: value, sql)
    leftover = re.findall(r"(?<!:):[a-zA-Z]\w*", sql.replace(":base", ""))
    if leftover:
        sys.exit("pgbench_submit.py does not know the parameters %s of SQL_SUBMIT_SCORES" % sorted(set(leftover)))
    # pgbench sends one statement per line unless it ends with ';'
    return "\\set base random(0, %d)\n%s;\n" % (players - 1, sql)


if __name__ == "__main__":
    players = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    prefix = sys.argv[3] if len(sys.argv) > 3 else "bench-p"
    sys.stdout.write(script(players, batch, prefix, len(sys.argv) > 4 and sys.argv[4] == "improving"))
