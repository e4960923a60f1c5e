/**
 * Moderation: hiding a player from a board's reads while keeping, and still writing,
 * their scores (a shadow ban). A decision is a row and an outbox event; the projection
 * worker applies it to Redis.
 */
package io.leaderboard.api.moderation;
