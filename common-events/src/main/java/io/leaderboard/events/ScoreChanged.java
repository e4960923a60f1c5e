package io.leaderboard.events;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import tools.jackson.databind.JsonNode;

/**
 * A player's entry on one board and period was written and committed to PostgreSQL. It
 * carries the entry's state after the write, so applying it needs no operator logic.
 *
 * <p>
 * {@code version} is the entry's version after the write; consumers apply an event only
 * when its version is newer than the one they already applied, which makes redelivery and
 * reordering harmless. {@code reachedAt} is when the entry first had this score: among
 * equal scores the earlier is listed first; {@code updatedAt} when its score was last
 * set, and {@code occurredAt} when this submission was accepted. {@code outcomes} counts
 * the entry's decided games (schema version 3; a version 2 event, which has none, reads
 * as {@link Outcomes#NONE}). On a board with a tie-break subscore the event also carries
 * {@code subscoreOrder}, {@code subscore} and {@code previousSubscore}; on a plain board
 * they are absent, and an event from before subscores reads as a plain board's.
 * {@code cohort} names the player's cohort on a board with cohorts and is absent
 * elsewhere. The api-service builds this JSON inside its write statement;
 * {@code EventCodecTests} pins the shape.
 */
public record ScoreChanged(int schemaVersion, String board, String period, SortOrder sortOrder, long userId,
		String nickName, long score, Long previousScore, long version, long gamesPlayed,
		@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Outcomes outcomes, JsonNode metadata,
		Instant reachedAt, Instant updatedAt, Instant occurredAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "subscoreOrder", useInput = OptBoolean.TRUE,
				optional = OptBoolean.TRUE) SortOrder subscoreOrder,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "subscore", useInput = OptBoolean.TRUE,
				optional = OptBoolean.TRUE) Long subscore,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "previousSubscore",
				useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Long previousSubscore,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "cohort", useInput = OptBoolean.TRUE,
				optional = OptBoolean.TRUE) String cohort) {

	public static final int SCHEMA_VERSION = 3;

	/** The {@code eventType} header and the outbox's {@code event_type}. */
	public static final String TYPE = "ScoreChanged";

	/** The largest magnitude a score may have: Redis keeps scores as doubles. */
	public static final long MAX_SAFE_SCORE = (1L << 53) - 1;

	public ScoreChanged {
		metadata = Metadata.orNull(metadata);
		outcomes = (outcomes != null) ? outcomes : Outcomes.NONE;
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(sortOrder, "sortOrder");
		Objects.requireNonNull(nickName, "nickName");
		Objects.requireNonNull(reachedAt, "reachedAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
		Objects.requireNonNull(occurredAt, "occurredAt");
		if (Math.abs(score) > MAX_SAFE_SCORE) {
			throw new IllegalArgumentException("score out of range: " + score);
		}
		if (version < 1) {
			throw new IllegalArgumentException("version must be positive: " + version);
		}
		if (subscore != null && Math.abs(subscore) > MAX_SAFE_SCORE) {
			throw new IllegalArgumentException("subscore out of range: " + subscore);
		}
	}

	/** An event of a plain board, without a subscore. */
	public ScoreChanged(int schemaVersion, String board, String period, SortOrder sortOrder, long userId,
			String nickName, long score, Long previousScore, long version, long gamesPlayed, Outcomes outcomes,
			JsonNode metadata, Instant reachedAt, Instant updatedAt, Instant occurredAt) {
		this(schemaVersion, board, period, sortOrder, userId, nickName, score, previousScore, version, gamesPlayed,
				outcomes, metadata, reachedAt, updatedAt, occurredAt, null, null, null, null);
	}

	/** The entry's ZSET member (see {@link Rankings}). */
	public String member() {
		return Rankings.member(Rankings.tieBreak(this.subscoreOrder, this.subscore), this.reachedAt, this.userId);
	}

	/** The Kafka key: all of one player's events land on one partition, in order. */
	public String key() {
		return Long.toString(this.userId);
	}

}
