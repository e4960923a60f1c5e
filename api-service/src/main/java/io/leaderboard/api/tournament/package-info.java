/**
 * Tournaments: a board's window, players joining a period (up to the board's size) and
 * the cap on each player's attempts, checked on the way into the score writer; and the
 * list of a period's participants.
 */
package io.leaderboard.api.tournament;
