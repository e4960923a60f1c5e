-- Competitions on any board: a tie-break subscore, a tournament window with enrolment,
-- caps on size and attempts, fair cohorts and tiers. Every column is optional: a board
-- without them behaves as before.

ALTER TABLE leaderboards
  -- the subscore's own order; null: the board takes no subscore
  ADD COLUMN subscore_order VARCHAR(4) CHECK (subscore_order IN ('desc', 'asc')),
  -- submissions are taken only in [starts_at, ends_at)
  ADD COLUMN starts_at      TIMESTAMPTZ,
  ADD COLUMN ends_at        TIMESTAMPTZ,
  ADD COLUMN join_required  BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN max_size       INTEGER CHECK (max_size > 0),
  ADD COLUMN max_attempts   INTEGER CHECK (max_attempts > 0),
  ADD COLUMN cohort_size    INTEGER CHECK (cohort_size BETWEEN 2 AND 1000),
  -- the token claim whose value groups players into their own cohorts
  ADD COLUMN cohort_key     VARCHAR(64),
  -- [{"name", "topPercent" | "topRank" | "minScore"}], best first; the last takes everyone else
  ADD COLUMN tiers          JSONB,
  ADD CONSTRAINT leaderboards_window CHECK (ends_at > starts_at);
