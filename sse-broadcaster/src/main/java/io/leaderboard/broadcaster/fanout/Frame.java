package io.leaderboard.broadcaster.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One event, serialised and encoded once: every SSE subscriber is written the same bytes,
 * every WebSocket the same text payload.
 *
 * <p>
 * The encoded forms live in direct memory, so Netty writes them to each socket as they
 * are: a heap buffer would be copied into a fresh direct one per connection on every
 * write. Each connection gets a {@link ByteBuf#duplicate() duplicate} (its own read
 * position over the shared bytes); the buffers cannot be released, so a write that
 * releases its duplicate leaves them for the next connection, and the JDK frees the
 * memory once the frame is unreachable.
 *
 * @param sequence the board's notification sequence, used as the SSE id
 * @param event the SSE event name
 * @param data the JSON payload
 * @param sse the whole SSE event ({@code id:}, {@code event:}, {@code data:}) as UTF-8
 * @param notifiedAt when the notification behind an update was emitted (epoch ms), 0 for
 * other frames
 */
public record Frame(long sequence, String event, String data, byte[] sse, long notifiedAt, ByteBuf sseBuffer,
		ByteBuf textBuffer) {

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

	public Frame(long sequence, String event, String data, byte[] sse, long notifiedAt) {
		this(sequence, event, data, sse, notifiedAt, shared(sse), shared(data.getBytes(StandardCharsets.UTF_8)));
	}

	/** The SSE event for one connection to write: no copy of the bytes. */
	public ByteBuf sseForOneConnection() {
		return this.sseBuffer.duplicate();
	}

	/** The JSON text for one WebSocket to write: no copy of the bytes. */
	public ByteBuf textForOneConnection() {
		return this.textBuffer.duplicate();
	}

	private static ByteBuf shared(byte[] bytes) {
		ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
		return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
	}

}
