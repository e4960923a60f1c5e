package io.leaderboard.events;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A named band of a ranking (seed 001's "percentile tier"). A player is in the first tier
 * of the board's list whose cutoff their rank (or score) meets; the last tier has no
 * cutoff and takes everyone else. At most one cutoff is set. Shared by the api-service,
 * which answers reads, and the projector, whose streamed tops show the same tiers.
 *
 * @param topPercent the best this percent of the ranked players (0 &lt; p &le; 100)
 * @param topRank ranks 1 to this
 * @param minScore a score at least this good in the board's order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tier(String name, Double topPercent, Long topRank, Long minScore) {

	/**
	 * The tier of a rank among {@code ranked} players: top p % holds the ranks r with r
	 * &le; p % of them (rank 1 of 50 is not in the top 1 %). Null when there are no
	 * tiers.
	 */
	public static String of(List<Tier> tiers, long rank, long ranked, long score, SortOrder order) {
		for (Tier tier : tiers) {
			boolean meets = (tier.topPercent() != null) ? rank * 100.0 <= tier.topPercent() * ranked
					: (tier.topRank() != null) ? rank <= tier.topRank()
							: (tier.minScore() == null) || order.stored(score) <= order.stored(tier.minScore());
			if (meets) {
				return tier.name();
			}
		}
		return null;
	}

}
