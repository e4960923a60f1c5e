-- The trace of the request that wrote the row (W3C traceparent, 55 characters): the
-- publisher sends it on in the Kafka record's headers, so one trace spans HTTP, the
-- outbox, Kafka, the projector and the broadcaster.
ALTER TABLE score_events_outbox ADD COLUMN trace_parent VARCHAR(55);
