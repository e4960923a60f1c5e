package io.leaderboard.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A player's entry on one board and period no longer exists: a moderator voided every
 * submission that counted in it, and PostgreSQL deleted the entry together with writing
 * this event. The projector removes the player from the period's ZSETs and hashes.
 *
 * <p>
 * {@code version} is the deleted entry's version plus one, so it is newer than every
 * {@link ScoreChanged} of that entry: the projector removes the entry only while the
 * version it applied is older, which makes redelivery harmless. A later first score of
 * the player in the same period starts a new entry at version 1; it follows this event on
 * the player's partition, and finds no version left behind to compare with. The
 * api-service builds this JSON inside its statement; {@code EventCodecTests} pins the
 * shape.
 *
 * @param sortOrder the board's order, so the projector can render the period's top
 * afterwards
 */
public record EntryRemoved(int schemaVersion, String board, String period, SortOrder sortOrder, long userId,
		long version, Instant occurredAt) {

	public static final int SCHEMA_VERSION = 1;

	/** The {@code eventType} header and the outbox's {@code event_type}. */
	public static final String TYPE = "EntryRemoved";

	public EntryRemoved {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(sortOrder, "sortOrder");
		Objects.requireNonNull(occurredAt, "occurredAt");
		if (version < 1) {
			throw new IllegalArgumentException("version must be positive: " + version);
		}
	}

	/** The Kafka key: the same as the player's scores, so they share a partition. */
	public String key() {
		return Long.toString(this.userId);
	}

}
