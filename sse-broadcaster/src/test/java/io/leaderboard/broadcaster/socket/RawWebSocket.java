package io.leaderboard.broadcaster.socket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A WebSocket client that writes frames byte for byte, for what a browser's or the JDK's
 * client will not send: text that is not UTF-8, fragments and continuations in any order,
 * control frames with any payload.
 */
final class RawWebSocket implements AutoCloseable {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	private final Socket socket;

	private final DataInputStream in;

	private final List<String> handshake = new ArrayList<>();

	/** Inflates compressed messages, keeping the context across them (RFC 7692). */
	private final Inflater inflater = new Inflater(true);

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
	}

	/** Connects to {@code /ws} and completes the handshake. */
	static RawWebSocket open(int port, int timeoutMillis) throws IOException {
		return open(port, timeoutMillis, "");
	}

	/**
	 * Connects to {@code /ws} offering {@code permessage-deflate}, as browsers do, and
	 * completes the handshake.
	 */
	static RawWebSocket openDeflating(int port, int timeoutMillis) throws IOException {
		return open(port, timeoutMillis, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
	}

	private static RawWebSocket open(int port, int timeoutMillis, String headers) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(timeoutMillis);
		socket.getOutputStream()
			.write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + headers + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		RawWebSocket webSocket = new RawWebSocket(socket);
		String status = webSocket.line();
		if (!status.startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("No WebSocket: " + status);
		}
		for (String header = webSocket.line(); !header.isEmpty(); header = webSocket.line()) {
			webSocket.handshake.add(header);
		}
		return webSocket;
	}

	/** The headers of the server's handshake answer, as sent. */
	List<String> handshake() {
		return List.copyOf(this.handshake);
	}

	/** One frame, masked as a client's must be. */
	private void send(int opcode, boolean fin, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write((fin ? 0x80 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift) & 0xFF);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.socket.getOutputStream().write(frame.toByteArray());
	}

	/**
	 * Sends a frame unless the server has closed the connection: no error here, as the
	 * frames it sent before tell why.
	 * @return whether the frame went out
	 */
	boolean offer(int opcode, boolean fin, byte[] payload) {
		try {
			send(opcode, fin, payload);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Offers a close frame with the code. */
	void close(int code) {
		offer(CLOSE, true, new byte[] { (byte) (code >>> 8), (byte) code });
	}

	/** The server's next frame, or null once it closed the connection or fell silent. */
	Frame next() throws IOException {
		try {
			int first = this.in.readUnsignedByte();
			int second = this.in.readUnsignedByte();
			long length = second & 0x7F;
			int header = 2;
			if (length == 126) {
				length = this.in.readUnsignedShort();
				header += 2;
			}
			else if (length == 127) {
				length = this.in.readLong();
				header += 8;
			}
			byte[] payload = new byte[(int) length];
			this.in.readFully(payload);
			boolean compressed = (first & 0x40) != 0;
			return new Frame(first & 0x0F, compressed ? inflate(payload) : payload, header + payload.length,
					compressed);
		}
		catch (EOFException | SocketException | SocketTimeoutException ex) {
			return null;
		}
	}

	/** A whole compressed message, which ends its deflate block without the tail. */
	private byte[] inflate(byte[] payload) throws IOException {
		byte[] tail = { 0, 0, (byte) 0xFF, (byte) 0xFF };
		byte[] input = new byte[payload.length + tail.length];
		System.arraycopy(payload, 0, input, 0, payload.length);
		System.arraycopy(tail, 0, input, payload.length, tail.length);
		this.inflater.setInput(input);
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		byte[] chunk = new byte[4096];
		try {
			for (int count = this.inflater.inflate(chunk); count > 0; count = this.inflater.inflate(chunk)) {
				text.write(chunk, 0, count);
			}
		}
		catch (DataFormatException ex) {
			throw new IOException("Not a deflated message", ex);
		}
		return text.toByteArray();
	}

	private String line() throws IOException {
		InputStream stream = this.socket.getInputStream();
		StringBuilder line = new StringBuilder();
		for (int c = stream.read(); c != -1 && c != '\n'; c = stream.read()) {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	/** Ends the connection with a reset, as a client that crashed or lost its network. */
	void dropAbruptly() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * @param payload the message, inflated when it came compressed
	 * @param wireSize the bytes the frame took on the connection, header included
	 * @param compressed whether it came compressed ({@code permessage-deflate})
	 */
	record Frame(int opcode, byte[] payload, int wireSize, boolean compressed) {

		/** A frame built by hand, not read from a connection. */
		Frame(int opcode, byte[] payload) {
			this(opcode, payload, 0, false);
		}

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		/** A close frame's status code, or 1005 (none given). */
		int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF) : 1005;
		}

		String closeReason() {
			return (this.payload.length > 2)
					? new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8) : "";
		}

	}

}
