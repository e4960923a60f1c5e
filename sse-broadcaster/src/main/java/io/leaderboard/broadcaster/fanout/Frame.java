package io.leaderboard.broadcaster.fanout;

import java.nio.charset.StandardCharsets;

/**
 * One event, serialised once: every SSE subscriber is written the same bytes, every
 * WebSocket the same string.
 *
 * @param sequence the board's notification sequence, used as the SSE id
 * @param event the SSE event name
 * @param data the JSON payload
 * @param sse the whole SSE event ({@code id:}, {@code event:}, {@code data:}) as UTF-8
 * @param notifiedAt when the notification behind an update was emitted (epoch ms), 0 for
 * other frames
 */
public record Frame(long sequence, String event, String data, byte[] sse, long notifiedAt) {

	/** A comment line that keeps idle connections open; WebSockets use pings instead. */
	public static final Frame HEARTBEAT = new Frame(-1, "heartbeat", "",
			":heartbeat\n\n".getBytes(StandardCharsets.UTF_8), 0);

	public boolean isHeartbeat() {
		return this == HEARTBEAT;
	}

	public Frame(long sequence, String event, String data) {
		this(sequence, event, data, 0);
	}

	public Frame(long sequence, String event, String data, long notifiedAt) {
		this(sequence, event, data,
				("id:" + sequence + "\nevent:" + event + "\ndata:" + data + "\n\n").getBytes(StandardCharsets.UTF_8),
				notifiedAt);
	}

}
