-- Every accepted submission, append-only: one row per submission (not per linked board),
-- written by the submit statement that writes its entries. A later void marks a row
-- voided and recomputes the entries it fed from the counted rows left, so the row keeps
-- everything an entry is made of: the value submitted, its metadata and outcome, when it
-- was accepted, and every board and period it counted in.
CREATE SEQUENCE submission_ids;

CREATE TABLE submissions (
  id               BIGINT       NOT NULL DEFAULT nextval('submission_ids'),
  -- the board the player submitted to, and the period the score counted in there
  board            VARCHAR(64)  NOT NULL,
  period           VARCHAR(32)  NOT NULL,
  user_id          BIGINT       NOT NULL,
  -- the value as submitted (an increment on increment boards), not the entry's total
  score            BIGINT       NOT NULL,
  metadata         JSONB,
  outcome          VARCHAR(4)   CONSTRAINT submissions_outcome CHECK (outcome IN ('win', 'loss', 'draw')),
  accepted_at      TIMESTAMPTZ  NOT NULL,
  -- the boards linked to `board` that the submission also counted in, and its period on
  -- each (same positions): a linked board's history lists it, and a void recomputes them
  linked_boards    VARCHAR(64)[] NOT NULL DEFAULT '{}',
  linked_periods   VARCHAR(32)[] NOT NULL DEFAULT '{}',
  trace_parent     VARCHAR(55),
  idempotency_key  VARCHAR(255),
  status           VARCHAR(7)   NOT NULL DEFAULT 'counted'
                   CONSTRAINT submissions_status CHECK (status IN ('counted', 'voided')),
  voided_by        VARCHAR(255),
  voided_at        TIMESTAMPTZ,
  void_reason      VARCHAR(500),
  PRIMARY KEY (id, accepted_at)
) PARTITION BY RANGE (accepted_at);

-- A player's history on a board, newest first, keyset-paged on (accepted_at, id).
CREATE INDEX submissions_history ON submissions (user_id, board, accepted_at DESC, id DESC);

-- api-service creates the monthly partitions ahead (submissions_yyyy_mm: this month and
-- the next two) and drops whole ones past leaderboard.history.retention. Rows outside every
-- monthly partition land here instead of failing the submission.
ALTER SEQUENCE submission_ids OWNED BY submissions.id;

CREATE TABLE submissions_default PARTITION OF submissions DEFAULT;

-- The submission that last wrote the entry (on a linked board too: the same submission),
-- and the decided games counted in it. No foreign key: a submission's partition is
-- dropped after the retention while the entry lives on.
ALTER TABLE board_scores
  ADD COLUMN submission_id BIGINT,
  ADD COLUMN wins   BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN losses BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN draws  BIGINT NOT NULL DEFAULT 0;
