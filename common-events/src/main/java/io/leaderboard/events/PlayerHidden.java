package io.leaderboard.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A moderator hid a player from a board, committed to PostgreSQL ({@code hidden_players})
 * together with this event. The projector moves the player's entries of every period of
 * the board to the hidden ZSETs and puts them in the board's hidden set, so their later
 * scores are written there too.
 *
 * <p>
 * {@code version} orders the moderation decisions about one player on one board (a
 * PostgreSQL sequence, drawn under the player's row lock, so later decisions have higher
 * numbers); the projector applies a decision only when its version is newer than the last
 * one it applied for that player and board, which makes redelivery harmless. It says
 * nothing about the player's score versions: a hide and a score commute. The api-service
 * builds this JSON inside its statement; {@code EventCodecTests} pins the shape.
 */
public record PlayerHidden(int schemaVersion, String board, SortOrder sortOrder, long userId, long version,
		Instant occurredAt) implements PlayerModerated {

	public static final int SCHEMA_VERSION = 1;

	/** The {@code eventType} header and the outbox's {@code event_type}. */
	public static final String TYPE = "PlayerHidden";

	public PlayerHidden {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(sortOrder, "sortOrder");
		Objects.requireNonNull(occurredAt, "occurredAt");
		PlayerModerated.requirePositive(version);
	}

	@Override
	public boolean hidden() {
		return true;
	}

}
