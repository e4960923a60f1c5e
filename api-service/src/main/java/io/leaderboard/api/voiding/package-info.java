/**
 * Voiding: a moderator takes back submissions found to be illegitimate after the fact,
 * one or a player's whole time window. The entries they fed, on their board and every
 * linked board, are recomputed from the submissions that still count (or removed when
 * none is left), and the result travels through the outbox like any write.
 */
package io.leaderboard.api.voiding;
