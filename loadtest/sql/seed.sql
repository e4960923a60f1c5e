-- Seeds :players benchmark players (subjects bench-p1..bench-pN) on global/all, plus ten
-- "anchor" players whose scores sit above every benchmark score but below the probe
-- submissions, so the load never enters the top 10 except through the probes.
-- Usage: psql -v players=10000 -f seed.sql leaderboard
\set ON_ERROR_STOP on
SET synchronous_commit = off;
-- players past N from a bigger earlier seed leave the board
DELETE FROM board_scores s USING users u
 WHERE s.user_id = u.id AND s.board = 'global' AND s.period = 'all'
   AND u.subject ~ '^bench-p[0-9]+$' AND substr(u.subject, 8)::bigint > :players;
INSERT INTO users (subject, nick_name)
SELECT 'bench-p' || i, 'P' || i FROM generate_series(1, :players) AS i
ON CONFLICT (subject) DO NOTHING;
INSERT INTO users (subject, nick_name)
SELECT 'bench-anchor' || i, 'Anchor' || i FROM generate_series(1, 10) AS i
ON CONFLICT (subject) DO NOTHING;
-- seeded scores 100,000..899,999; the load writes below 100,000 (no change) or above 900,000 (new best)
INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, version, games_played, reached_at, updated_at)
SELECT 'global', 'all', u.id, x.score, -x.score, 1, 1, now(), now()
FROM users u
CROSS JOIN LATERAL (SELECT CASE WHEN u.subject LIKE 'bench-anchor%'
                                THEN 500000000000000 + substr(u.subject, 13)::bigint
                                ELSE 100000 + (substr(u.subject, 8)::bigint * 7919) % 800000 END AS score) x
WHERE (u.subject ~ '^bench-p[0-9]+$' AND substr(u.subject, 8)::bigint <= :players)
   OR u.subject ~ '^bench-anchor[0-9]+$'
ON CONFLICT (board, period, user_id) DO UPDATE
  SET score = EXCLUDED.score, rank_score = EXCLUDED.rank_score, version = s.version + 1,
      games_played = s.games_played + 1, reached_at = EXCLUDED.reached_at, updated_at = EXCLUDED.updated_at,
      metadata = NULL;
VACUUM (ANALYZE) users;
VACUUM (ANALYZE) board_scores;
SELECT min(u.id) AS min_id, max(u.id) AS max_id, count(*) AS players
FROM users u JOIN board_scores s ON s.user_id = u.id AND s.board = 'global' AND s.period = 'all'
WHERE u.subject ~ '^bench-p[0-9]+$';
