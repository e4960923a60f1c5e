package io.leaderboard.events;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * A player's own score was projected: their rank on the board now. Feeds the player's
 * personal stream ("your rank is now #4"), so it goes to them only. A hidden player is
 * told the rank they would have (a shadow ban looks normal). {@code subscore}: the
 * tie-break subscore, absent on a plain board.
 */
public record PlayerRankChanged(int schemaVersion, String board, String period, long userId, long score, long rank,
		Instant occurredAt, @JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "subscore",
				useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Long subscore) {

	public static final int SCHEMA_VERSION = 1;

	public PlayerRankChanged {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	/** A rank on a plain board. */
	public PlayerRankChanged(int schemaVersion, String board, String period, long userId, long score, long rank,
			Instant occurredAt) {
		this(schemaVersion, board, period, userId, score, rank, occurredAt, null);
	}

	/** The Kafka key: a player's events stay in order. */
	public String key() {
		return Long.toString(this.userId);
	}

}
