package io.leaderboard.api.score;

import io.leaderboard.events.ScoreChanged;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The body of a score submission. Redis keeps scores as doubles, so anything beyond
 * ±(2^53 − 1) would be rounded there and is refused here. On an {@code increment} board
 * the score is the amount added.
 *
 * @param metadata an optional JSON object of at most 1 KiB kept with the score
 * @param outcome how the game ended, optional: {@code win}, {@code loss} or {@code draw}
 * @param subscore the tie-break subscore, only for a board with one (optional there: 0
 * when absent), within ±(2^53 − 1) like the score
 */
record ScoreRequest(
		@NotNull(message = "score is required") @Min(value = -ScoreChanged.MAX_SAFE_SCORE,
				message = "score must be at least -9007199254740991") @Max(value = ScoreChanged.MAX_SAFE_SCORE,
						message = "score must be at most 9007199254740991") Long score,
		JsonNode metadata,
		@Pattern(regexp = OUTCOMES, message = "outcome must be \"win\", \"loss\" or \"draw\"") String outcome,
		@Min(value = -ScoreChanged.MAX_SAFE_SCORE, message = "subscore must be at least -9007199254740991") @Max(
				value = ScoreChanged.MAX_SAFE_SCORE,
				message = "subscore must be at most 9007199254740991") Long subscore) {

	static final String OUTCOMES = "win|loss|draw";

}
