-- Tie-break subscores: on a board with leaderboards.subscore_order, entries order by
-- (score, subscore) and only equal pairs share a rank. Plain boards keep subscore null and
-- rank_subscore 0 for everyone, so their order is unchanged.
--
-- Cheap on a big table: a nullable column, or one NOT NULL DEFAULT a constant, is added
-- without rewriting the table (PostgreSQL 11 and later), and the range check is added NOT
-- VALID (enforced on every row written from now on, the existing rows, all null, are not
-- scanned). The ranking indexes are built again with the pair in them: that reads the
-- table once under a write lock. On a table too big to lock for that long, build
-- board_scores_ranking_by_pair first with CREATE INDEX CONCURRENTLY (the definition
-- below): this migration then finds it, drops the old index and renames the new one.

ALTER TABLE board_scores
  -- the tie-break subscore as submitted, null on a plain board
  ADD COLUMN subscore          BIGINT,
  -- the subscore before the latest write, as previous_score is the score's
  ADD COLUMN previous_subscore BIGINT,
  -- the subscore as it sorts (negated when higher is better), 0 on a plain board
  ADD COLUMN rank_subscore     BIGINT NOT NULL DEFAULT 0;

ALTER TABLE board_scores
  ADD CONSTRAINT board_scores_subscore_range CHECK (abs(subscore) <= 9007199254740991) NOT VALID;

CREATE INDEX IF NOT EXISTS board_scores_ranking_by_pair
  ON board_scores (board, period, rank_score, rank_subscore, reached_at, user_id);
DROP INDEX board_scores_ranking;
ALTER INDEX board_scores_ranking_by_pair RENAME TO board_scores_ranking;

-- the history keeps what each submission carried
ALTER TABLE submissions ADD COLUMN subscore BIGINT;

-- a closed period's results are ranked and paged by the same pair
ALTER TABLE period_results
  ADD COLUMN subscore      BIGINT,
  ADD COLUMN rank_subscore BIGINT NOT NULL DEFAULT 0;

DROP INDEX period_results_order;
CREATE INDEX period_results_order ON period_results (board, period, rank_score, rank_subscore, reached_at, user_id);
