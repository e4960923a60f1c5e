package io.leaderboard.api.score;

import io.leaderboard.api.board.Board;

/**
 * One board a submission writes, and the period it counts in there.
 *
 * @param cohortGroup on a board with cohorts, the group whose cohorts the player fills
 * (see {@link io.leaderboard.api.cohort.CohortGroup}); null on other boards
 */
record Target(Board board, String period, String cohortGroup) {

	boolean placesInCohort() {
		return this.cohortGroup != null;
	}

}
