package io.leaderboard.publisher.outbox;

import io.leaderboard.events.Topics;

/**
 * An outbox row on its way to Kafka: the payload is sent exactly as stored, its type and
 * schema version go in the record's headers. Its type picks the topic
 * ({@link Topics#forEventType}): a player's scores and moderation decisions go to
 * {@code score-events} keyed by the player, a closed period to
 * {@code leaderboard-periods} keyed by its board.
 *
 * @param board the payload's board
 */
record PendingEvent(long id, long userId, String board, String payload, String traceParent, String eventType,
		String schemaVersion) {

	String topic() {
		return Topics.forEventType(this.eventType);
	}

	String key() {
		return Topics.LEADERBOARD_PERIODS.equals(topic()) ? this.board : Long.toString(this.userId);
	}

}
