package io.leaderboard.api.score;

import java.time.Instant;
import java.util.List;

/**
 * One accepted request, ready to be written: everything the statement needs is decided on
 * the request's thread, so a batch can be written by another.
 *
 * @param metadataJson the metadata as compact JSON, null for none
 * @param now the instant that decided every period and is the time the score records
 * @param traceParent the request's trace, carried on by the outbox row (null for none)
 */
record Submission(Player player, List<Target> targets, long score, String metadataJson, Instant now,
		String traceParent) {

	Submission {
		targets = List.copyOf(targets);
	}

}
