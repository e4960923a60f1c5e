package io.leaderboard.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import tools.jackson.databind.JsonNode;

/**
 * What Redis keeps of a player's entry beside the ZSET score, in
 * {@link LeaderboardKeys#players()}. Details written before outcomes existed read as
 * {@link Outcomes#NONE}.
 */
public record PlayerDetails(String nickName, Instant updatedAt, long gamesPlayed,
		@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Outcomes outcomes, JsonNode metadata) {

	public PlayerDetails {
		outcomes = (outcomes != null) ? outcomes : Outcomes.NONE;
		metadata = Metadata.orNull(metadata);
	}

}
