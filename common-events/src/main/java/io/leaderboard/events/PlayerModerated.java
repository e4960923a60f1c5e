package io.leaderboard.events;

import java.time.Instant;

/**
 * A moderation decision about one player on one board: {@link PlayerHidden} or
 * {@link PlayerShown}. Travels on {@link Topics#SCORE_EVENTS}, keyed by the player like
 * their scores, told apart by the {@link EventHeaders#EVENT_TYPE} header.
 */
public sealed interface PlayerModerated permits PlayerHidden, PlayerShown {

	int schemaVersion();

	String board();

	/** The board's order, so the projector can render the board's top afterwards. */
	SortOrder sortOrder();

	long userId();

	/** Orders the decisions about this player on this board; see {@link PlayerHidden}. */
	long version();

	Instant occurredAt();

	/** Whether the player is hidden after this decision. */
	boolean hidden();

	/** The Kafka key: the same as the player's scores, so they share a partition. */
	default String key() {
		return Long.toString(userId());
	}

	static void requirePositive(long version) {
		if (version < 1) {
			throw new IllegalArgumentException("version must be positive: " + version);
		}
	}

}
