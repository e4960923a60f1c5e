/**
 * Keeping Redis bounded: closed periods older than a board's hot ones leave the
 * projection, and their reads are answered from the frozen results in PostgreSQL.
 */
package io.leaderboard.projection.retention;
