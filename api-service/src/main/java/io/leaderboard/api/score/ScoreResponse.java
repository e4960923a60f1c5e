package io.leaderboard.api.score;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a submission. {@code rank} is the rank the board shows once the stored
 * score is projected; {@code previousRank} the rank of the score stored before, or null
 * for a first score in the period; {@code submissionId} the submission's id in the
 * player's history; {@code subscore} the entry's tie-break subscore, left out on a plain
 * board; {@code attemptsLeft} the submissions the player has left in the period, only on
 * a board with {@code maxAttempts} (absent elsewhere).
 */
record ScoreResponse(String board, String period, long userId, String nickName, long score,
		@JsonInclude(JsonInclude.Include.NON_NULL) Long subscore, long rank, Long previousRank, Instant updatedAt,
		Long submissionId, @JsonInclude(JsonInclude.Include.NON_NULL) Integer attemptsLeft) {

}
