package io.leaderboard.events;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * What Redis keeps of a player's entry beside the ZSET score, in
 * {@link LeaderboardKeys#players()}.
 */
public record PlayerDetails(String nickName, Instant updatedAt, long gamesPlayed, JsonNode metadata) {

	public PlayerDetails {
		metadata = Metadata.orNull(metadata);
	}

}
