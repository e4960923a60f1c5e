package io.leaderboard.api.board;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A named band of a ranking (seed 001's "percentile tier"). A player is in the first tier
 * of the board's list whose cutoff their rank (or score) meets; the last tier has no
 * cutoff and takes everyone else. At most one cutoff is set.
 *
 * @param topPercent the best this percent of the ranked players (0 &lt; p &le; 100)
 * @param topRank ranks 1 to this
 * @param minScore a score at least this good in the board's order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tier(String name, Double topPercent, Long topRank, Long minScore) {

}
