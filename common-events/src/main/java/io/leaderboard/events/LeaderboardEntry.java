package io.leaderboard.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import tools.jackson.databind.JsonNode;

/**
 * One row of a ranking as every reader shows it. {@code rank} is the competition rank: 1
 * + the number of visible players with a strictly better score (on a board with a
 * subscore: a strictly better pair of score and subscore), so tied players share a rank.
 *
 * @param subscore the tie-break subscore, null (and left out of the JSON) on a plain
 * board
 * @param tier the player's tier on a board with tiers, absent elsewhere
 */
public record LeaderboardEntry(long rank, long userId, String nickName, long score,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "subscore", useInput = OptBoolean.TRUE,
				optional = OptBoolean.TRUE) Long subscore,
		Instant updatedAt, JsonNode metadata, @JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(value = "tier",
				useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) String tier) {

	public LeaderboardEntry {
		metadata = Metadata.orNull(metadata);
	}

	/** An entry of a plain board. */
	public LeaderboardEntry(long rank, long userId, String nickName, long score, Instant updatedAt, JsonNode metadata) {
		this(rank, userId, nickName, score, null, updatedAt, metadata, null);
	}

	/** An entry of a board without tiers. */
	public LeaderboardEntry(long rank, long userId, String nickName, long score, Long subscore, Instant updatedAt,
			JsonNode metadata) {
		this(rank, userId, nickName, score, subscore, updatedAt, metadata, null);
	}

	/** The same entry in the given tier. */
	public LeaderboardEntry withTier(String tier) {
		return new LeaderboardEntry(this.rank, this.userId, this.nickName, this.score, this.subscore, this.updatedAt,
				this.metadata, tier);
	}

}
