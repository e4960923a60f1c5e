package io.leaderboard.projection.rebuild;

/**
 * One board entry as PostgreSQL holds it, in the shape the projection writes.
 *
 * @param userId the player
 * @param stored the score as it sorts ({@code rank_score})
 * @param member the ZSET member: the tie break on a board with a subscore, when the score
 * was reached, then the user id
 * @param version the entry's version
 * @param details what reads show next to the score: the
 * {@link io.leaderboard.events.PlayerDetails} JSON, as the projection of an event writes
 * it
 * @param hidden whether a moderator hid the player from the board
 */
record StoredEntry(long userId, long stored, String member, long version, String details, boolean hidden) {

}
