/**
 * Applies score events to the Redis ZSET, idempotently: an event counts only when its
 * version is newer than the one already applied, so redelivery and replays are harmless.
 */
package io.leaderboard.projection.projection;
