package io.leaderboard.api.board;

import java.time.Instant;
import java.util.List;

import io.leaderboard.events.Tier;
import io.leaderboard.events.SortOrder;

/**
 * What turns a board into a competition; every part is optional and {@link #NONE} is a
 * plain board.
 *
 * @param subscoreOrder the order of the tie-break subscore, null when the board takes
 * none
 * @param startsAt submissions are taken from this instant on, null for always
 * @param endsAt submissions are taken before this instant, null for always
 * @param joinRequired whether players must join a period before submitting to it
 * @param maxSize how many players may join a period, null for any number
 * @param maxAttempts how many submissions a player's entry accepts per period, null for
 * any number
 * @param cohortSize the size of the cohorts a period's players are split into, null for
 * one ranking
 * @param cohortKey the token claim whose value groups players into their own cohorts,
 * null for one group
 * @param tiers best first, empty for none
 */
public record Competition(SortOrder subscoreOrder, Instant startsAt, Instant endsAt, boolean joinRequired,
		Integer maxSize, Integer maxAttempts, Integer cohortSize, String cohortKey, List<Tier> tiers) {

	public static final Competition NONE = new Competition(null, null, null, false, null, null, null, null, List.of());

	public Competition {
		tiers = (tiers != null) ? List.copyOf(tiers) : List.of();
	}

	public boolean hasSubscore() {
		return this.subscoreOrder != null;
	}

	public boolean hasCohorts() {
		return this.cohortSize != null;
	}

	public boolean hasTiers() {
		return !this.tiers.isEmpty();
	}

	/**
	 * The tier of a player: the first whose cutoff the player meets, the last for
	 * everyone else; null on a board without tiers. {@code topPercent} p holds the ranks
	 * r with r ≤ p% of the ranked players (so the best player of 50 is not in the top
	 * 1%).
	 * @param rank the player's rank among {@code ranked} players (in the cohort on a
	 * board with cohorts)
	 * @param score the player's score, for {@code minScore}
	 */
	public String tierOf(long rank, long ranked, long score, SortOrder order) {
		return Tier.of(this.tiers, rank, ranked, score, order);
	}

	/** Whether submissions are taken at this instant. */
	public boolean isOpenAt(Instant instant) {
		return (this.startsAt == null || !instant.isBefore(this.startsAt))
				&& (this.endsAt == null || instant.isBefore(this.endsAt));
	}

}
