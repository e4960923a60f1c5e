/**
 * Rebuilding Redis from PostgreSQL, the source of truth: on demand, and by itself when
 * Redis has lost its data. A rebuild fills staging keys and swaps them in at once.
 */
package io.leaderboard.projection.rebuild;
