-- Hiding and showing a player become events (PlayerHidden, PlayerShown) written to the
-- outbox with the decision, so that the projection worker alone writes Redis.
-- event_type goes to Kafka as the eventType header; existing rows and the submit
-- statement, which does not name it, stay ScoreChanged. A decision has no score.
ALTER TABLE score_events_outbox
  ADD COLUMN event_type VARCHAR(32) NOT NULL DEFAULT 'ScoreChanged',
  ALTER COLUMN score DROP NOT NULL;

-- The version of a moderation decision: drawn after the decision has locked its player's
-- users row, so of two decisions about one player the later commit has the higher
-- version, and the projector applies only decisions newer than the last it applied.
CREATE SEQUENCE moderation_versions;
