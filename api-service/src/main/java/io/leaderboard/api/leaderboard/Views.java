package io.leaderboard.api.leaderboard;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leaderboard.events.LeaderboardEntry;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of leaderboard reads. */
final class Views {

	private Views() {
	}

	/** A page of a ranking; {@code nextCursor} is null on the last page. */
	record TopPage(String board, String period, Instant nextResetAt, List<LeaderboardEntry> entries,
			String nextCursor) {

	}

	/**
	 * One player's standing. {@code percentile}: the share of players ranked at or below
	 * this one, 0 to 100. {@code winRate}: wins over decided games (wins and losses), 0
	 * to 1, null before any decided game. {@code subscore}: left out on a plain board. On
	 * a board with cohorts, {@code cohort} and {@code cohortRank} (the rank within the
	 * cohort); on a board with tiers, {@code tier} (within the cohort on a board with
	 * cohorts); absent elsewhere.
	 */
	record Standing(long userId, String nickName, long score, @JsonInclude(JsonInclude.Include.NON_NULL) Long subscore,
			long rank, double percentile, long gamesPlayed, Instant updatedAt, JsonNode metadata, long wins,
			long losses, long draws, Double winRate, @JsonInclude(JsonInclude.Include.NON_NULL) String cohort,
			@JsonInclude(JsonInclude.Include.NON_NULL) Long cohortRank,
			@JsonInclude(JsonInclude.Include.NON_NULL) String tier) {

	}

	/**
	 * A player's cohort ranked within itself: {@code size} players are placed in it, the
	 * ones with a visible score are {@code entries}.
	 */
	record CohortView(String board, String period, String cohort, long size, List<LeaderboardEntry> entries) {

	}

	/** Entries in rank order: around a player, or a chosen set of players. */
	record RankedEntries(String board, String period, List<LeaderboardEntry> entries) {

	}

	/** Nearest-rank quantiles of the scores; null on an empty board. */
	record Quantiles(Long p50, Long p90, Long p99) {

	}

	record BoardStats(String board, String period, long players, Quantiles scoreQuantiles) {

	}

}
