/**
 * Stream tickets: short-lived, single-use credentials for a player's personal stream, so
 * that no long-lived token ever travels in a URL.
 */
package io.leaderboard.api.ticket;
