package io.leaderboard.broadcaster.socket;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a WebSocket client sends: {@code {"action": "subscribe", "board": "global"}} or
 * {@code "unsubscribe"}; {@code lastEventId} resumes a board like SSE's
 * {@code Last-Event-ID}, and {@code "frames": "delta"} asks for delta frames.
 */
record SocketCommand(String action, String board, Long lastEventId, String frames) {

	/**
	 * The command a message's text holds, or null when it holds none: not JSON, JSON of
	 * another shape, or the JSON {@code null}.
	 */
	static SocketCommand parse(JsonMapper json, String text) {
		try {
			return json.readValue(text, SocketCommand.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
