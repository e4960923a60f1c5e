package io.leaderboard.api.score;

import java.time.Instant;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.leaderboard.RankCounter;

/**
 * A board entry as the submission statement left it.
 *
 * @param previousScore the score stored before the statement, null for a first score in
 * the period
 * @param subscore the tie-break subscore, null on a plain board
 * @param previousSubscore the subscore stored before, null for a first score or on a
 * plain board
 * @param submissionId the submission's id in the history, the same on every board it
 * wrote
 */
record StoredScore(String board, String period, long userId, String nickName, long score, Instant updatedAt,
		Long previousScore, long submissionId, Long subscore, Long previousSubscore) {

	/** The entry, to be ranked on its board. */
	RankCounter.Written toRank(Board board) {
		return new RankCounter.Written(board, this.period, this.userId, this.score, this.previousScore, this.subscore,
				this.previousSubscore);
	}

}
