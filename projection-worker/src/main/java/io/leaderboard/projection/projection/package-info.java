/**
 * Applies score events and moderation decisions to Redis, idempotently: an event counts
 * only when its version is newer than the one already applied, so redelivery and replays
 * are harmless. The only writer of the projection besides the rebuild.
 */
package io.leaderboard.projection.projection;
