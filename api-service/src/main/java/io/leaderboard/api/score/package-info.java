/**
 * Score submission: the player's best score and its outbox row, written in one statement
 * and one transaction before the player hears "ok"; with an {@code Idempotency-Key}, at
 * most once per key.
 */
package io.leaderboard.api.score;
