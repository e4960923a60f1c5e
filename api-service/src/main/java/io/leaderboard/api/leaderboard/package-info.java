/**
 * Leaderboard reads, served from the Redis projection and from PostgreSQL, the source of
 * truth, when Redis cannot answer.
 */
package io.leaderboard.api.leaderboard;
