package io.leaderboard.api.voiding;

import java.time.Instant;

/**
 * A submission that counts in an entry, as its history row keeps it.
 *
 * @param score the value submitted (the amount added on an increment board)
 * @param outcome {@code win}, {@code loss}, {@code draw} or null
 * @param metadata the metadata's JSON text, or null
 * @param subscore the subscore submitted, null for none (0 on a board with a subscore)
 */
record Feeder(long id, long score, String outcome, String metadata, Instant acceptedAt, Long subscore) {

	Feeder(long id, long score, String outcome, String metadata, Instant acceptedAt) {
		this(id, score, outcome, metadata, acceptedAt, null);
	}

	long subscoreOrZero() {
		return (this.subscore != null) ? this.subscore : 0;
	}

}
