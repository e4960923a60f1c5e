package io.leaderboard.events;

/** Kafka topic names. */
public final class Topics {

	/** Accepted scores, keyed by user id. Written only by the outbox publisher. */
	public static final String SCORE_EVENTS = "score-events";

	/** Score events the projector could not apply, for inspection and replay. */
	public static final String SCORE_EVENTS_DLQ = "score-events-dlq";

	/** Throttled top-N changes, keyed by board; compacted. */
	public static final String LEADERBOARD_NOTIFICATIONS = "leaderboard-notifications";

	private Topics() {
	}

}
