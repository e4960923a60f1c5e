package io.leaderboard.events;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import tools.jackson.databind.JsonNode;

/**
 * One player's final standing in a closed board period, as frozen when it closed.
 * {@code rank} is the competition rank (ties share it, as everywhere).
 *
 * @param subscore the tie-break subscore on a board with one, absent elsewhere
 * @param tier the player's final tier on a board with tiers, absent elsewhere
 */
public record PeriodResult(long rank, long userId, String nickName, long score,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "subscore", useInput = OptBoolean.TRUE,
				optional = OptBoolean.TRUE) Long subscore,
		JsonNode metadata, @JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "tier",
				useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) String tier) {

	public PeriodResult {
		Objects.requireNonNull(nickName, "nickName");
		metadata = Metadata.orNull(metadata);
	}

	/** A result of a plain board. */
	public PeriodResult(long rank, long userId, String nickName, long score, JsonNode metadata) {
		this(rank, userId, nickName, score, null, metadata, null);
	}

}
