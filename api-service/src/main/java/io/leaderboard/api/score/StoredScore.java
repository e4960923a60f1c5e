package io.leaderboard.api.score;

import java.time.Instant;

/**
 * A board entry as the submission statement left it.
 *
 * @param previousScore the score stored before the statement, null for a first score in
 * the period
 * @param submissionId the submission's id in the history, the same on every board it
 * wrote
 */
record StoredScore(String board, String period, long userId, String nickName, long score, Instant updatedAt,
		Long previousScore, long submissionId) {

}
