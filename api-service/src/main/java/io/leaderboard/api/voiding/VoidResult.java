package io.leaderboard.api.voiding;

import java.time.Instant;
import java.util.List;

import io.leaderboard.events.Outcomes;
import tools.jackson.databind.JsonNode;

/**
 * The answer to a void: the submissions of the request that are voided (by it, or by an
 * earlier void: a repeated request answers the same), and every entry they fed as it
 * stands now, recomputed, or removed when no submission counts in it any more.
 *
 * @param board the board the request named
 */
record VoidResult(String board, List<VoidedSubmission> voided, List<Entry> entries, List<RemovedEntry> removed) {

	/**
	 * One voided submission.
	 *
	 * @param board the board it was submitted to
	 * @param period its period there
	 * @param score the value submitted
	 * @param voidedBy the subject of the moderator's token
	 */
	record VoidedSubmission(long submissionId, String board, String period, long userId, long score, String outcome,
			Instant submittedAt, String status, String voidedBy, Instant voidedAt, String reason) {

	}

	/**
	 * An entry as it stands after the void; the standing shows its rank once projected.
	 */
	record Entry(String board, String period, long userId, String nickName, long score, long version, long gamesPlayed,
			Outcomes outcomes, JsonNode metadata, Instant reachedAt, Instant updatedAt) {

	}

	/** An entry that no submission counts in any more: gone from the board. */
	record RemovedEntry(String board, String period, long userId) {

	}

}
