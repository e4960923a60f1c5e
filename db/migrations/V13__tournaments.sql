-- Tournaments (issue 17): who joined a board's period, and how many submissions each
-- player has made to a board that caps them. Plain boards never touch these tables.

-- One row per board, period and player that joined it or submitted to a board with a cap.
CREATE TABLE tournament_players (
  board      VARCHAR(64) NOT NULL REFERENCES leaderboards (id),
  period     VARCHAR(32) NOT NULL,
  user_id    BIGINT      NOT NULL REFERENCES users (id),
  -- null when the row only counts attempts on a board that takes players without a join
  joined_at  TIMESTAMPTZ,
  -- 1 for the first player to join the period, 2 for the next: the participants' order
  position   INTEGER,
  -- accepted submissions to the board in the period; the submission that would pass the
  -- board's max_attempts is refused by the upsert that counts it, under this row's lock
  attempts   INTEGER     NOT NULL DEFAULT 0,
  PRIMARY KEY (board, period, user_id),
  CONSTRAINT tournament_players_joined CHECK ((joined_at IS NULL) = (position IS NULL))
);

-- the participants list pages by position; unique, so no two joins share a place
CREATE UNIQUE INDEX tournament_players_position ON tournament_players (board, period, position);

-- How many players joined each period: the one row a join updates, so concurrent joins
-- queue on it and never pass the board's max_size.
CREATE TABLE tournament_sizes (
  board   VARCHAR(64) NOT NULL REFERENCES leaderboards (id),
  period  VARCHAR(32) NOT NULL,
  size    INTEGER     NOT NULL CHECK (size >= 0),
  PRIMARY KEY (board, period)
);
