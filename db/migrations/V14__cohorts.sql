-- Fair cohorts (issue 17): a board with cohort_size splits each period's players into
-- cohorts of at most that many, in arrival order, per group (the value of the board's
-- cohort_key claim; '' without one). A player is placed once per period and stays.

-- One row per board, period and group: the cohort being filled. Its row lock serialises
-- the placements of the group, so concurrent first submissions can neither overfill a
-- cohort nor open the next one before this one is full.
CREATE TABLE cohort_fill (
  board          VARCHAR(64) NOT NULL REFERENCES leaderboards (id) ON DELETE CASCADE,
  period         VARCHAR(32) NOT NULL,
  cohort_group   VARCHAR(32) NOT NULL,
  -- the board's cohort_size when the period's first player was placed: a later change of
  -- the board applies to the periods after
  cohort_size    INTEGER     NOT NULL CHECK (cohort_size BETWEEN 2 AND 1000),
  -- the cohort being filled (1, 2, …) and how many players it holds
  cohort_number  INTEGER     NOT NULL CHECK (cohort_number >= 1),
  members        INTEGER     NOT NULL CHECK (members BETWEEN 0 AND cohort_size),
  PRIMARY KEY (board, period, cohort_group)
);

-- Every placed player: the source of truth the projection's cohorts are rebuilt from.
CREATE TABLE board_cohorts (
  board      VARCHAR(64) NOT NULL REFERENCES leaderboards (id) ON DELETE CASCADE,
  period     VARCHAR(32) NOT NULL,
  user_id    BIGINT      NOT NULL REFERENCES users (id),
  -- the group's cohort number, after the group and a dash when it has one: '3', 'eu-3'
  cohort     VARCHAR(48) NOT NULL,
  placed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (board, period, user_id)
);

-- a cohort's players (reads from PostgreSQL, period close)
CREATE INDEX board_cohorts_by_cohort ON board_cohorts (board, period, cohort);

-- Places each (board, period, group, user) not placed yet and returns every one's cohort.
-- Rows are taken in key order, so two transactions never wait for each other's fill rows
-- in a cycle. A player already placed costs one primary-key lookup and no lock.
CREATE FUNCTION place_in_cohorts(boards VARCHAR[], periods VARCHAR[], cohort_groups VARCHAR[], user_ids BIGINT[],
                                 sizes INTEGER[])
RETURNS TABLE (board VARCHAR, period VARCHAR, user_id BIGINT, cohort VARCHAR)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  wanted RECORD;
  fill   RECORD;
  placed VARCHAR;
BEGIN
  FOR wanted IN
    SELECT * FROM unnest(boards, periods, cohort_groups, user_ids, sizes) AS w(board, period, cohort_group, user_id, size)
    ORDER BY 1, 2, 3, 4
  LOOP
    SELECT c.cohort INTO placed FROM board_cohorts c
    WHERE c.board = wanted.board AND c.period = wanted.period AND c.user_id = wanted.user_id;
    IF NOT FOUND THEN
      INSERT INTO cohort_fill (board, period, cohort_group, cohort_size, cohort_number, members)
      VALUES (wanted.board, wanted.period, wanted.cohort_group,
              -- the size already in force for the period, when another group started it
              coalesce((SELECT f.cohort_size FROM cohort_fill f
                        WHERE f.board = wanted.board AND f.period = wanted.period LIMIT 1), wanted.size), 1, 0)
      ON CONFLICT DO NOTHING;
      SELECT f.cohort_number, f.members, f.cohort_size INTO fill FROM cohort_fill f
      WHERE f.board = wanted.board AND f.period = wanted.period AND f.cohort_group = wanted.cohort_group
      FOR UPDATE;
      -- under the lock, with a fresh snapshot: a concurrent first submission of the same
      -- player may have placed them meanwhile
      SELECT c.cohort INTO placed FROM board_cohorts c
      WHERE c.board = wanted.board AND c.period = wanted.period AND c.user_id = wanted.user_id;
      IF NOT FOUND THEN
        IF fill.members >= fill.cohort_size THEN
          fill.cohort_number := fill.cohort_number + 1;
          fill.members := 0;
        END IF;
        placed := CASE WHEN wanted.cohort_group = '' THEN fill.cohort_number::text
                       ELSE wanted.cohort_group || '-' || fill.cohort_number END;
        UPDATE cohort_fill f SET cohort_number = fill.cohort_number, members = fill.members + 1
        WHERE f.board = wanted.board AND f.period = wanted.period AND f.cohort_group = wanted.cohort_group;
        INSERT INTO board_cohorts (board, period, user_id, cohort)
        VALUES (wanted.board, wanted.period, wanted.user_id, placed);
      END IF;
    END IF;
    board := wanted.board;
    period := wanted.period;
    user_id := wanted.user_id;
    cohort := placed;
    RETURN NEXT;
  END LOOP;
END;
$$;

-- A closed period keeps each player's final tier, and on cohort boards their cohort and
-- their rank in it (null otherwise).
ALTER TABLE period_results
  ADD COLUMN tier         VARCHAR(64),
  ADD COLUMN cohort       VARCHAR(48),
  ADD COLUMN cohort_rank  BIGINT CHECK (cohort_rank >= 1);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_projector') THEN
    -- a rebuild restores the projection's cohorts
    GRANT SELECT ON board_cohorts TO leaderboard_projector;
  END IF;
END
$$;
