package io.leaderboard.projection.rebuild;

import io.leaderboard.events.PlayerDetails;

/**
 * One board entry as PostgreSQL holds it, in the shape the projection writes.
 *
 * @param userId the player
 * @param stored the score as it sorts ({@code rank_score})
 * @param member the ZSET member: when the score was reached, then the user id
 * @param version the entry's version
 * @param details what reads show next to the score
 * @param hidden whether a moderator hid the player from the board
 */
record StoredEntry(long userId, long stored, String member, long version, PlayerDetails details, boolean hidden) {

}
