/**
 * Rebuilding Redis from PostgreSQL, the source of truth: on demand, and by itself when
 * Redis has lost its data. A rebuild loads a snapshot into keys of its own, merges the
 * events projected meanwhile, and swaps it in at once.
 */
package io.leaderboard.projection.rebuild;
