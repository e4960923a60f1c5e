-- A board bigger than one Redis primary spreads its entries over up to 64 sorted sets,
-- each with a hash tag of its own. Fixed once the board holds scores: it decides where
-- every projected entry lives.
ALTER TABLE leaderboards
  ADD COLUMN shards INTEGER NOT NULL DEFAULT 1 CHECK (shards BETWEEN 1 AND 64);
