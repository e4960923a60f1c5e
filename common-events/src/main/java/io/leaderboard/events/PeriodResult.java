package io.leaderboard.events;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One player's final standing in a closed board period, as frozen when it closed.
 * {@code rank} is the competition rank (ties share it, as everywhere).
 */
public record PeriodResult(long rank, long userId, String nickName, long score, JsonNode metadata) {

	public PeriodResult {
		Objects.requireNonNull(nickName, "nickName");
		metadata = Metadata.orNull(metadata);
	}

}
