package io.leaderboard.api.period;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leaderboard.events.PeriodResult;

/** The JSON shapes of period reads; {@code nextCursor} is null on the last page. */
final class Views {

	private Views() {
	}

	/** Periods newest first: the open one, then the closed ones. */
	record PeriodsPage(String board, List<PeriodSummary> entries, String nextCursor) {

	}

	/**
	 * @param startsAt null for the one period of a board that never resets, as
	 * {@code endsAt}
	 * @param state {@code open} or {@code closed}
	 * @param players the visible players with a score in the period (frozen when closed)
	 */
	record PeriodSummary(String period, Instant startsAt, Instant endsAt, String state, long players) {

	}

	/** A closed period's frozen final standings, in rank order. */
	record ResultsPage(String board, String period, Instant closedAt, long revision, List<PeriodResult> entries,
			String nextCursor) {

	}

	/**
	 * One player's results, newest period first.
	 *
	 * @param bestRank the best rank the player reached in any closed period of the board,
	 * null when they are in none
	 */
	record HistoryPage(String board, long userId, List<PlayerResult> entries, Long bestRank, String nextCursor) {

	}

	/**
	 * @param percentile the share of the period's players ranked at or below this one, as
	 * for a live standing: rank 1 of 1,000 is 100.0, the last is 0.1
	 * @param tier the player's final tier, on a board with tiers
	 * @param cohort the player's cohort, on a board with cohorts
	 * @param cohortRank the player's final rank in the cohort, on a board with cohorts
	 */
	record PlayerResult(String period, long rank, long score, long players, double percentile,
			@JsonInclude(JsonInclude.Include.NON_NULL) String tier,
			@JsonInclude(JsonInclude.Include.NON_NULL) String cohort,
			@JsonInclude(JsonInclude.Include.NON_NULL) Long cohortRank) {

	}

}
