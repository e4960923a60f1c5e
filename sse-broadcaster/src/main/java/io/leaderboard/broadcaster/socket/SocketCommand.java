package io.leaderboard.broadcaster.socket;

/**
 * What a WebSocket client sends: {@code {"action": "subscribe", "board": "global"}} or
 * {@code "unsubscribe"}; {@code lastEventId} resumes a board like SSE's
 * {@code Last-Event-ID}.
 */
record SocketCommand(String action, String board, Long lastEventId) {

}
