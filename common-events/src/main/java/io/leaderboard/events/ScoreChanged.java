package io.leaderboard.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A player's score on a board was accepted and committed to PostgreSQL.
 *
 * <p>
 * {@code version} is the score row's version after the write; consumers apply an event
 * only when its version is newer than the one they already applied, which makes
 * redelivery and reordering harmless. The api-service builds this JSON inside its write
 * statement (see {@code V1__score_pipeline.sql}); {@code EventCodecTests} pins the shape.
 */
public record ScoreChanged(int schemaVersion, String board, long userId, String nickName, long score,
		Long previousScore, long version, Instant occurredAt) {

	public static final int SCHEMA_VERSION = 1;

	/** The largest magnitude a score may have: Redis keeps scores as doubles. */
	public static final long MAX_SAFE_SCORE = (1L << 53) - 1;

	public ScoreChanged {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(nickName, "nickName");
		Objects.requireNonNull(occurredAt, "occurredAt");
		if (Math.abs(score) > MAX_SAFE_SCORE) {
			throw new IllegalArgumentException("score out of range: " + score);
		}
		if (version < 1) {
			throw new IllegalArgumentException("version must be positive: " + version);
		}
	}

	/** The Kafka key: all of one player's events land on one partition, in order. */
	public String key() {
		return Long.toString(this.userId);
	}

}
