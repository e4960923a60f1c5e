package io.leaderboard.api.board;

import java.time.Instant;

/**
 * One ranking window of a board.
 *
 * @param id the period id ({@code all}, {@code 2026-11-22}, {@code 2026-W47},
 * {@code 2026-11}, or the UTC start of a cron period)
 * @param nextResetAt when the next period starts, null for a board that never resets
 */
public record Period(String id, Instant nextResetAt) {

}
