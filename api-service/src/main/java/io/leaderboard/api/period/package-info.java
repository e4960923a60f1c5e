/**
 * Periods that close: once a board period has ended and the grace time has passed, its
 * final standings are frozen in PostgreSQL, once across every instance, with a
 * {@code PeriodClosed} event in the outbox; and the reads of closed periods (the periods
 * list, a period's results, a player's rank history).
 */
package io.leaderboard.api.period;
