-- Idempotency-Key on score writes: one row per token subject and key, claimed in the
-- transaction that writes the score and holding the answer that transaction gave.

CREATE TABLE idempotency_keys (
  -- the token's subject, not a user id: a player's first submission may carry a key
  subject          VARCHAR(255) NOT NULL,
  idempotency_key  VARCHAR(255) NOT NULL,
  -- SHA-256 of method, board path and canonical body: the same key with another body is refused
  request_hash     BYTEA        NOT NULL,
  -- the answer exactly as first sent, replayed byte for byte
  response         TEXT,
  created_at       TIMESTAMPTZ  NOT NULL,
  PRIMARY KEY (subject, idempotency_key)
);

-- the scheduled delete of keys past their retention walks this
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
