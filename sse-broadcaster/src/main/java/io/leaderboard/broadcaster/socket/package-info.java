/**
 * The WebSocket endpoint: one socket follows any number of boards, with the same JSON
 * payloads as the SSE streams.
 */
package io.leaderboard.broadcaster.socket;
