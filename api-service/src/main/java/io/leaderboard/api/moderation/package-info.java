/**
 * Moderation: hiding a player from a board's reads while keeping, and still writing,
 * their scores (a shadow ban).
 */
package io.leaderboard.api.moderation;
