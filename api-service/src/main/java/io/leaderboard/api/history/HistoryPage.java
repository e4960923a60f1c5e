package io.leaderboard.api.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A page of a player's submissions to a board, newest first; {@code nextCursor} is null
 * on the last page.
 */
record HistoryPage(String board, long userId, List<Entry> entries, String nextCursor) {

	/**
	 * One submission as the board saw it.
	 *
	 * @param period the period it counted in on this board
	 * @param score the value submitted (the amount added on an increment board)
	 * @param subscore the subscore submitted on a board with one, absent elsewhere
	 * @param outcome {@code win}, {@code loss}, {@code draw}, or null when the submission
	 * did not say
	 * @param status {@code counted}, or {@code voided} once a moderator voided it
	 * @param voidedAt when it was voided, null while it counts
	 * @param voidReason the moderator's reason, null while it counts
	 */
	record Entry(long submissionId, String period, long score, @JsonInclude(JsonInclude.Include.NON_NULL) Long subscore,
			String outcome, JsonNode metadata, Instant submittedAt, String status, Instant voidedAt,
			String voidReason) {

	}

}
