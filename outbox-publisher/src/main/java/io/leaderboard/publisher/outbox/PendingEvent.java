package io.leaderboard.publisher.outbox;

/** An outbox row on its way to Kafka: the payload is sent exactly as stored. */
record PendingEvent(long id, long userId, String payload, String traceParent) {

}
