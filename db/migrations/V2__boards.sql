-- Many boards: definitions, one ranking per board and period, moderation.
-- The global board and its scores carry over from the score pipeline.

CREATE TABLE leaderboards (
  id              VARCHAR(64)  PRIMARY KEY CONSTRAINT leaderboards_id_syntax CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  sort_order      VARCHAR(4)   NOT NULL CHECK (sort_order IN ('desc', 'asc')),
  operator        VARCHAR(9)   NOT NULL CHECK (operator IN ('best', 'latest', 'increment')),
  -- none | daily | weekly | monthly | a cron expression, always in UTC
  reset_schedule  VARCHAR(120) NOT NULL DEFAULT 'none',
  max_score       BIGINT,
  -- boards that every submission to this one also updates, in the same transaction
  linked_boards   VARCHAR(64)[] NOT NULL DEFAULT '{}',
  created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

INSERT INTO leaderboards (id, sort_order, operator) VALUES ('global', 'desc', 'best');

CREATE TABLE board_scores (
  board         VARCHAR(64) NOT NULL REFERENCES leaderboards (id),
  -- 'all' on a board that never resets, else the period id ('2026-11-22', '2026-W47', '2026-11', …)
  period        VARCHAR(32) NOT NULL,
  user_id       BIGINT      NOT NULL REFERENCES users (id),
  score         BIGINT      NOT NULL CONSTRAINT board_scores_score_range CHECK (abs(score) <= 9007199254740991),
  -- the score as it sorts: negated on 'desc' boards, so lower is better on every board
  rank_score    BIGINT      NOT NULL,
  -- bumped by every accepted submission; consumers apply an event only when its version is newer
  version       BIGINT      NOT NULL DEFAULT 1,
  games_played  BIGINT      NOT NULL DEFAULT 1,
  metadata      JSONB,
  -- when the entry first had its current score: among equal scores the earliest ranks first
  reached_at    TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (board, period, user_id)
);

-- the ranking order itself: rank counts, pages and the fallback top all walk it
CREATE INDEX board_scores_ranking ON board_scores (board, period, rank_score, reached_at, user_id);

INSERT INTO board_scores (board, period, user_id, score, rank_score, version, games_played, reached_at, updated_at)
SELECT 'global', 'all', user_id, score, -score, version, version, updated_at, updated_at FROM user_scores;

DROP TABLE user_scores;

-- players a moderator hid from a board; their scores are kept and still written
CREATE TABLE hidden_players (
  board      VARCHAR(64) NOT NULL REFERENCES leaderboards (id),
  user_id    BIGINT      NOT NULL REFERENCES users (id),
  hidden_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (board, user_id)
);

-- Events written under schema version 1 and not yet published take the version 2 shape.
UPDATE score_events_outbox
SET payload = payload || jsonb_build_object('schemaVersion', 2, 'period', 'all', 'sortOrder', 'desc',
                                            'gamesPlayed', payload -> 'version', 'metadata', NULL,
                                            'reachedAt', payload -> 'occurredAt', 'updatedAt', payload -> 'occurredAt')
WHERE processed_at IS NULL;
