package io.leaderboard.events;

import java.time.Duration;

/**
 * Kafka topic names and their shape (seed 004 §5). Every service that declares a topic
 * declares it from here, so two declarations can never disagree.
 */
public final class Topics {

	/**
	 * Accepted scores and moderation decisions ({@link ScoreChanged},
	 * {@link PlayerHidden}, {@link PlayerShown}), keyed by user id so that one player's
	 * events keep their order. Written only by the outbox publisher.
	 */
	public static final String SCORE_EVENTS = "score-events";

	/** Headroom above the planned peak; at least the number of projector instances. */
	public static final int SCORE_EVENTS_PARTITIONS = 6;

	public static final Duration SCORE_EVENTS_RETENTION = Duration.ofHours(24);

	/** Score events the projector could not apply, for inspection and replay. */
	public static final String SCORE_EVENTS_DLQ = "score-events-dlq";

	public static final Duration SCORE_EVENTS_DLQ_RETENTION = Duration.ofDays(14);

	/**
	 * Dead letters sent back for another try (the projector's replay), read by the
	 * projector beside {@link #SCORE_EVENTS}. A topic of its own so that only the outbox
	 * publisher may write score events (deploy/kafka/acls.txt). One partition, as
	 * projection-worker declares it.
	 */
	public static final String SCORE_EVENTS_REPLAY = "score-events-replay";

	public static final Duration SCORE_EVENTS_REPLAY_RETENTION = Duration.ofHours(24);

	/** Throttled top-N changes, keyed by board; compacted. */
	public static final String LEADERBOARD_NOTIFICATIONS = "leaderboard-notifications";

	public static final int LEADERBOARD_NOTIFICATIONS_PARTITIONS = 3;

	public static final Duration LEADERBOARD_NOTIFICATIONS_RETENTION = Duration.ofHours(1);

	/**
	 * Each projected score's new rank, keyed by user id, for personal streams.
	 * Short-lived: a player who is not watching has no use for it later.
	 */
	public static final String PLAYER_RANKS = "player-ranks";

	public static final int PLAYER_RANKS_PARTITIONS = 3;

	public static final Duration PLAYER_RANKS_RETENTION = Duration.ofMinutes(10);

	/**
	 * Closed board periods ({@link PeriodClosed}), keyed by board: what a reward service
	 * consumes. Written by the outbox publisher; kept long enough for a consumer that was
	 * away over a weekend or a holiday.
	 */
	public static final String LEADERBOARD_PERIODS = "leaderboard-periods";

	public static final int LEADERBOARD_PERIODS_PARTITIONS = 3;

	public static final Duration LEADERBOARD_PERIODS_RETENTION = Duration.ofDays(14);

	private Topics() {
	}

	/**
	 * The topic an outbox row of this type goes to ({@link EventHeaders#EVENT_TYPE}):
	 * closed periods to {@link #LEADERBOARD_PERIODS}, everything else (scores, moderation
	 * decisions, rows without a type) to {@link #SCORE_EVENTS}.
	 */
	public static String forEventType(String eventType) {
		return PeriodClosed.TYPE.equals(eventType) ? LEADERBOARD_PERIODS : SCORE_EVENTS;
	}

}
