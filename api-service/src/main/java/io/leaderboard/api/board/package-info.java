/**
 * Board definitions: sort order, operator, reset schedule and limits, declared in
 * configuration or by an admin, kept in PostgreSQL and cached by every instance.
 */
package io.leaderboard.api.board;
