package io.leaderboard.events;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One row of a ranking as every reader shows it. {@code rank} is the competition rank: 1
 * + the number of visible players with a strictly better score, so tied players share a
 * rank.
 */
public record LeaderboardEntry(long rank, long userId, String nickName, long score, Instant updatedAt,
		JsonNode metadata) {

	public LeaderboardEntry {
		metadata = Metadata.orNull(metadata);
	}

}
