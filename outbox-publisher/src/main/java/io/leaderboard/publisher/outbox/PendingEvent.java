package io.leaderboard.publisher.outbox;

/**
 * An outbox row on its way to Kafka: the payload is sent exactly as stored, its type and
 * schema version go in the record's headers.
 */
record PendingEvent(long id, long userId, String payload, String traceParent, String eventType, String schemaVersion) {

}
