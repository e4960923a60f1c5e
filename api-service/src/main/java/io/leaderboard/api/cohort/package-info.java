/**
 * Fair cohorts: placing each period's players into cohorts of the board's size, and
 * reading a player's cohort ranked within itself.
 */
package io.leaderboard.api.cohort;
