package io.leaderboard.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A moderator showed a hidden player again, committed to PostgreSQL
 * ({@code hidden_players}) together with this event. The projector moves the player's
 * entries of every period of the board back to the visible ZSETs and takes them out of
 * the board's hidden set, so their later scores are ranked again.
 *
 * <p>
 * {@code version} orders the moderation decisions about one player on one board (a
 * PostgreSQL sequence, drawn under the player's row lock, so later decisions have higher
 * numbers); the projector applies a decision only when its version is newer than the last
 * one it applied for that player and board, which makes redelivery harmless. It says
 * nothing about the player's score versions: a hide and a score commute. The api-service
 * builds this JSON inside its statement; {@code EventCodecTests} pins the shape.
 */
public record PlayerShown(int schemaVersion, String board, SortOrder sortOrder, long userId, long version,
		Instant occurredAt) implements PlayerModerated {

	public static final int SCHEMA_VERSION = 1;

	/** The {@code eventType} header and the outbox's {@code event_type}. */
	public static final String TYPE = "PlayerShown";

	public PlayerShown {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(sortOrder, "sortOrder");
		Objects.requireNonNull(occurredAt, "occurredAt");
		PlayerModerated.requirePositive(version);
	}

	@Override
	public boolean hidden() {
		return false;
	}

}
