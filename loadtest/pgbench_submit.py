#!/usr/bin/env python3
"""Writes a pgbench script that runs the api-service's own submit statement.

The statement is read from ScoreSubmission.java (the SQL_SUBMIT_SCORE text block) at run
time, so the ceiling always measures the SQL the service runs. Named parameters become
pgbench variables; strings the service binds are built in SQL from pgbench's integers:
  :subject   -> 'bench-p' || :pid    (a seeded player, as the API load uses)
  :nickName  -> 'P' || :pid
  :score     -> :score (80 % below every seeded best, 15 % a new best, like the API load)
  :targets   -> the one target the API sends for POST /scores (global, best, desc)
  :metadata  -> NULL, :traceParent -> NULL, :now -> now()
"""
import re
import sys

ROOT = __file__.rsplit("/loadtest/", 1)[0]
JAVA = ROOT + "/api-service/src/main/java/io/leaderboard/api/score/ScoreSubmission.java"


JAR = ROOT + "/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar"
CLASS = "BOOT-INF/classes/io/leaderboard/api/score/ScoreSubmission.class"


def sql_from_jar():
    """the statement as compiled into the jar that runs (a text block is one constant-pool string)"""
    import zipfile
    try:
        with zipfile.ZipFile(JAR) as jar:
            data = jar.read(CLASS)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    at = data.find(b"WITH existing AS")
    if at < 3 or data[at - 3] != 1:  # CONSTANT_Utf8: tag 1, u2 length, bytes
        return None
    length = int.from_bytes(data[at - 2:at], "big")
    return data[at:at + length].decode("utf-8", errors="replace")


def sql_from_source():
    text = open(JAVA, encoding="utf-8").read()
    m = re.search(r'SQL_SUBMIT_SCORE\s*=\s*"""\n(.*?)"""', text, re.S)
    return m.group(1) if m else None


def submit_sql():
    """from the built jar when there is one (the code being measured), else from the source"""
    sql = sql_from_jar() or sql_from_source()
    if not sql:
        sys.exit("SQL_SUBMIT_SCORE not found in %s nor %s" % (JAR, JAVA))
    # drop SQL comments, then collapse whitespace
    return "\n".join(line.split("--", 1)[0].strip() for line in sql.splitlines())


def has_join_previous():
    """True while `previous` is still the join the what-if variant rewrites"""
    return re.search(r"previous AS \( SELECT s\.board, s\.score FROM board_scores s JOIN targets t",
                     " ".join(submit_sql().split())) is not None


LATERAL_PREVIOUS = ("previous AS ( SELECT t.board, s.score FROM targets t CROSS JOIN LATERAL ( "
                    "SELECT s.score FROM board_scores s WHERE s.board = t.board AND s.period = t.period "
                    "AND s.user_id = t.user_id OFFSET 0 ) s )")


def script(players, token_players, lateral_previous=False):
    """lateral_previous: the what-if variant, `previous` as a per-target index lookup instead of a
    join the planner turns into a sequential scan of board_scores"""
    sql = submit_sql()
    targets = '[{"board":"global","period":"all","operator":"best","sort_order":"desc"}]'
    replacements = {
        ":subject": "CAST('bench-p' || :pid AS varchar)",
        ":nickName": "CAST('P' || :pid AS varchar)",
        ":targets": "'" + targets + "'",
        ":metadata": "NULL",
        ":traceParent": "NULL",
        ":now": "now()",
    }
    for name, value in replacements.items():
        sql = re.sub(re.escape(name) + r"\b", value, sql)
    # pgbench sends a statement per line unless it ends with ';' on the last line
    body = " ".join(sql.split()) + ";"
    if lateral_previous:
        body, n = re.subn(r"previous AS \( SELECT s\.board, s\.score FROM board_scores s JOIN targets t ON .*? \)",
                          LATERAL_PREVIOUS, body, count=1)
        if n != 1:
            return None  # the statement no longer has the join: nothing to compare
    pool = min(players, token_players)
    return "\n".join([
        "\\set pid random(1, %d)" % pool,
        "\\set coin random(1, 100)",
        "\\set low random(0, 99999)",
        "\\set high random(900000, 100899999)",
        "\\set score case when :coin <= 15 then :high else :low end",
        body,
        "",
    ])


if __name__ == "__main__":
    players = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    pool = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    sys.stdout.write(script(players, pool))
