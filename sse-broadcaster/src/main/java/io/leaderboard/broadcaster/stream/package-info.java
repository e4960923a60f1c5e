/**
 * The spectators' SSE endpoint: a snapshot on connect, then one update per notification,
 * resumable with {@code Last-Event-ID}, with heartbeats for idle streams.
 */
package io.leaderboard.broadcaster.stream;
