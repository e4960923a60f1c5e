/**
 * A signed-in player's own stream: their rank after each of their scores, and how they
 * moved in the top of any board. Opened with a single-use ticket; a player only ever
 * receives their own events.
 */
package io.leaderboard.broadcaster.personal;
