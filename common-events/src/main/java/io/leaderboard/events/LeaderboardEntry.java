package io.leaderboard.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import tools.jackson.databind.JsonNode;

/**
 * One row of a ranking as every reader shows it. {@code rank} is the competition rank: 1
 * + the number of visible players with a strictly better score, so tied players share a
 * rank. {@code tier} is the player's tier on a board with tiers, absent elsewhere.
 */
public record LeaderboardEntry(long rank, long userId, String nickName, long score, Instant updatedAt,
		JsonNode metadata, @JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(useInput = OptBoolean.TRUE,
				optional = OptBoolean.TRUE) String tier) {

	public LeaderboardEntry {
		metadata = Metadata.orNull(metadata);
	}

	/** An entry of a board without tiers. */
	public LeaderboardEntry(long rank, long userId, String nickName, long score, Instant updatedAt, JsonNode metadata) {
		this(rank, userId, nickName, score, updatedAt, metadata, null);
	}

	/** The same entry in the given tier. */
	public LeaderboardEntry withTier(String tier) {
		return new LeaderboardEntry(this.rank, this.userId, this.nickName, this.score, this.updatedAt, this.metadata,
				tier);
	}

}
