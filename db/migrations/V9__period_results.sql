-- Periods that close: when a board period has ended (and leaderboard.periods.close-grace
-- has passed), api-service freezes its final standings here, once, together with the
-- PeriodClosed outbox row. Cold reads of a past period can be answered from these tables.

-- One row per closed board period. The primary key is the claim: of the closers racing
-- on several instances, the one whose INSERT … ON CONFLICT DO NOTHING returns the row
-- freezes the results; the others wait for its commit and find it closed.
CREATE TABLE closed_periods (
  board       VARCHAR(64) NOT NULL REFERENCES leaderboards (id),
  period      VARCHAR(32) NOT NULL,
  starts_at   TIMESTAMPTZ NOT NULL,
  ends_at     TIMESTAMPTZ NOT NULL,
  closed_at   TIMESTAMPTZ NOT NULL,
  -- 1 when it closed; a correction of the results (a voided score) writes them again
  -- with revision + 1 and publishes a PeriodClosed of that revision
  revision    BIGINT      NOT NULL DEFAULT 1 CHECK (revision >= 1),
  -- visible players in the frozen results
  players     BIGINT      NOT NULL CHECK (players >= 0),
  -- whether the projection keeps the period in Redis: only the newest
  -- leaderboard.periods.hot-retention closed periods of a board stay there; the closer
  -- clears it on the older ones, the projection worker then drops their keys, and their
  -- reads are answered from period_results
  hot         BOOLEAN     NOT NULL DEFAULT true,
  PRIMARY KEY (board, period)
);

-- the periods list, newest first
CREATE INDEX closed_periods_newest ON closed_periods (board, ends_at DESC, period DESC);

-- The final standings of every visible player of a closed period (hidden players left out).
CREATE TABLE period_results (
  board      VARCHAR(64) NOT NULL,
  period     VARCHAR(32) NOT NULL,
  user_id    BIGINT      NOT NULL REFERENCES users (id),
  -- competition rank: 1 + the visible players with a strictly better score (ties share it)
  rank       BIGINT      NOT NULL CHECK (rank >= 1),
  -- 1-based place in the ranking order (rank_score, reached_at, user_id): breaks ties the
  -- way every live list does, and makes a stable cursor
  position   BIGINT      NOT NULL CHECK (position >= rank),
  -- the nick name when the period closed, as the winners are announced
  nick_name  VARCHAR(64) NOT NULL,
  score      BIGINT      NOT NULL,
  metadata   JSONB,
  -- the entry as the live reads show it, so that a period read after it left Redis
  -- answers the same JSON (and the same cursors) as before
  rank_score    BIGINT      NOT NULL,
  reached_at    TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL,
  games_played  BIGINT      NOT NULL,
  wins          BIGINT      NOT NULL,
  losses        BIGINT      NOT NULL,
  draws         BIGINT      NOT NULL,
  PRIMARY KEY (board, period, user_id),
  FOREIGN KEY (board, period) REFERENCES closed_periods (board, period) ON DELETE CASCADE
);

-- pages of the results in rank order (rank, then position), and a rank's players
CREATE INDEX period_results_ranking ON period_results (board, period, rank, position);

-- a period read after it left Redis: pages after a cursor in the live ranking order, and
-- the players around one
CREATE INDEX period_results_order ON period_results (board, period, rank_score, reached_at, user_id);
CREATE UNIQUE INDEX period_results_position ON period_results (board, period, position);

-- one player's rank history on a board
CREATE INDEX period_results_by_player ON period_results (board, user_id);
