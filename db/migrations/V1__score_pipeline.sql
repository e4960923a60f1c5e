-- The score pipeline: players, their best score, and the transactional outbox.
-- Applied by api-service at start; the other services only validate it.

CREATE TABLE users (
  id          BIGSERIAL PRIMARY KEY,
  -- the token's subject: the only identity a score is ever written for
  subject     VARCHAR(255) NOT NULL UNIQUE,
  nick_name   VARCHAR(64)  NOT NULL,
  created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE user_scores (
  user_id     BIGINT      PRIMARY KEY REFERENCES users (id),
  score       BIGINT      NOT NULL CHECK (abs(score) <= 9007199254740991),
  -- bumped by every accepted score; consumers apply an event only when its version is newer
  version     BIGINT      NOT NULL DEFAULT 1,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- rank = 1 + count(score > mine) and the PostgreSQL fallback for the top both walk this
CREATE INDEX user_scores_by_score ON user_scores (score DESC);

CREATE TABLE score_events_outbox (
  id            BIGSERIAL   PRIMARY KEY,
  user_id       BIGINT      NOT NULL,
  score         BIGINT      NOT NULL,
  version       BIGINT      NOT NULL,
  occurred_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  processed_at  TIMESTAMPTZ,
  -- the ScoreChanged event exactly as it goes to Kafka
  payload       JSONB       NOT NULL
);

-- the publisher only ever looks at pending rows, oldest first
CREATE INDEX score_events_outbox_pending ON score_events_outbox (id) WHERE processed_at IS NULL;
CREATE INDEX score_events_outbox_pending_by_user ON score_events_outbox (user_id, id) WHERE processed_at IS NULL;

-- Wakes idle outbox publishers (LISTEN score_events_outbox) instead of making them poll.
-- Once per inserting statement, and PostgreSQL folds identical notifications of one transaction.
CREATE FUNCTION notify_score_events_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('score_events_outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER score_events_outbox_inserted
  AFTER INSERT ON score_events_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION notify_score_events_outbox();
