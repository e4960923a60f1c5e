package io.leaderboard.broadcaster.fanout;

/**
 * One SSE event, already serialised: every subscriber is written the same string.
 *
 * @param sequence the board's notification sequence, used as the SSE id
 * @param event the SSE event name
 * @param data the JSON payload
 */
public record Frame(long sequence, String event, String data) {

}
