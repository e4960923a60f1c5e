/**
 * Decides when a board's top changed enough to tell spectators, and tells them on
 * {@code leaderboard-notifications}: at most once per throttle window per board, at once
 * when the membership of the top changes, and always with the trailing change.
 */
package io.leaderboard.projection.notification;
