package io.leaderboard.api.voiding;

import java.time.Instant;

/**
 * A submission that counts in an entry, as its history row keeps it.
 *
 * @param score the value submitted (the amount added on an increment board)
 * @param outcome {@code win}, {@code loss}, {@code draw} or null
 * @param metadata the metadata's JSON text, or null
 */
record Feeder(long id, long score, String outcome, String metadata, Instant acceptedAt) {

}
