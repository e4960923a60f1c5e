package io.leaderboard.api.score;

import java.time.Instant;
import java.util.List;

/**
 * One accepted request, ready to be written: everything the statement needs is decided on
 * the request's thread, so a batch can be written by another.
 *
 * @param targets the board submitted to first, then the boards linked to it
 * @param metadataJson the metadata as compact JSON, null for none
 * @param outcome how the game ended, null when the request did not say
 * @param now the instant that decided every period and is the time the score records
 * @param traceParent the request's trace, carried on by the outbox row (null for none)
 * @param idempotencyKey the request's {@code Idempotency-Key}, kept in its history (null
 * for none)
 * @param subscore the tie-break subscore as submitted, null when the request has none
 */
record Submission(Player player, List<Target> targets, long score, String metadataJson, Outcome outcome, Instant now,
		String traceParent, String idempotencyKey, Long subscore) {

	Submission {
		targets = List.copyOf(targets);
	}

	/**
	 * The subscore a board with a subscore takes: a submission without one counts as 0,
	 * the neutral subscore (and what an increment adds nothing to).
	 */
	long subscoreOrZero() {
		return (this.subscore != null) ? this.subscore : 0;
	}

}
