package io.leaderboard.testsupport.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests {@code java.net.http} will not send: raw
 * bytes or encoded dots and slashes in the path, repeated or contradictory headers, a
 * chunked body. One request per connection.
 */
public final class RawHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,7}");

	private static final byte[] HEAD_END = { '\r', '\n', '\r', '\n' };

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * A header line as UTF-8, except that a character from U+DC80 to U+DCFF stands for
	 * the single byte of its low eight bits (as Python's {@code surrogateescape}), so a
	 * test can send bytes that are not UTF-8.
	 */
	private static byte[] headerBytes(String line) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c >= '\uDC80' && c <= '\uDCFF') {
				bytes.write(c & 0xFF);
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * Sends the request line {@code method target HTTP/1.1}, the headers (plus
	 * {@code Host} and {@code Connection: close}; see {@link #headerBytes}) and the body
	 * as given: no {@code Content-Length} is added.
	 */
	public Response exchange(String method, byte[] target, Map<String, String> headers, byte[] body) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(target);
		request.writeBytes(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
		headers.forEach((name, value) -> request.writeBytes(headerBytes(name + ": " + value + "\r\n")));
		request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		if (body != null) {
			request.writeBytes(body);
		}
		return send(request.toByteArray()).orElseThrow(() -> new IllegalStateException(
				"No answer to " + method + " " + new String(target, StandardCharsets.UTF_8)));
	}

	/**
	 * Sends the bytes as they are, then closes the sending half of the connection, so the
	 * server sees the end of a request that claims more body than it has.
	 * @return the answer, or empty when the server closed the connection without one
	 */
	public Optional<Response> send(byte[] request) {
		return answer(sendBytes(request));
	}

	/** An HTTP/1.1 answer as it came, empty when there was none. */
	public static Optional<Response> answer(byte[] answer) {
		try {
			return (answer.length > 0) ? Optional.of(parse(answer)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * As {@link #send}, the answer as it came, for a request that may not get HTTP/1.1
	 * back.
	 */
	public byte[] sendBytes(byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			write(socket, request, true);
			return read(socket.getInputStream(), (head) -> false);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No answer to " + new String(request, StandardCharsets.ISO_8859_1), ex);
		}
	}

	/**
	 * Sends the bytes as they are and keeps the sending half open (Netty takes its close
	 * for the client leaving). Returns as soon as an answer's head (status line and
	 * headers) is in when {@code endless} says it starts an answer that never ends on its
	 * own (an event stream, a WebSocket).
	 * @return the answer, or what came of it before {@code timeoutMillis} passed without
	 * a byte
	 */
	public byte[] sendBytes(byte[] request, Predicate<String> endless, int timeoutMillis) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(timeoutMillis);
			write(socket, request, false);
			return read(socket.getInputStream(), endless);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No answer to " + new String(request, StandardCharsets.ISO_8859_1), ex);
		}
	}

	private static void write(Socket socket, byte[] request, boolean halfClose) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			if (halfClose) {
				// the server sees the end of a request that claims more body than it has
				socket.shutdownOutput();
			}
		}
		catch (IOException ex) {
			// the server may answer (413) and close before reading a large body: read the
			// answer
		}
	}

	private static byte[] read(InputStream in, Predicate<String> endless) throws IOException {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		boolean headSeen = false;
		for (int count = readOrTimeOut(in, buffer); count >= 0; count = readOrTimeOut(in, buffer)) {
			answer.write(buffer, 0, count);
			if (!headSeen) {
				byte[] sofar = answer.toByteArray();
				int end = indexOf(sofar, HEAD_END);
				if (end >= 0) {
					headSeen = true;
					if (endless.test(new String(sofar, 0, end, StandardCharsets.ISO_8859_1))) {
						return sofar;
					}
				}
			}
		}
		return answer.toByteArray();
	}

	/**
	 * -1 at the end of the answer, when none came in the socket's timeout, and when the
	 * server reset the connection (it closed with part of the request unread).
	 */
	private static int readOrTimeOut(InputStream in, byte[] buffer) throws IOException {
		try {
			return in.read(buffer);
		}
		catch (SocketTimeoutException | SocketException ex) {
			return -1;
		}
	}

	/** A body sent with {@code Transfer-Encoding: chunked}, in one chunk. */
	public static byte[] chunked(byte[] body) {
		ByteArrayOutputStream chunked = new ByteArrayOutputStream();
		chunked.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		chunked.writeBytes(body);
		chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return chunked.toByteArray();
	}

	private static Response parse(byte[] raw) throws IOException {
		int end = indexOf(raw, HEAD_END);
		if (end < 0) {
			throw new IOException("Not an HTTP response: " + new String(raw, StandardCharsets.ISO_8859_1));
		}
		String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		if (status >= 100 && status < 200 && status != 101) {
			// an interim answer (100 Continue): the final one follows
			return parse(Arrays.copyOfRange(raw, end + 4, raw.length));
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers
				.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						(name) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
		if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
			body = unchunk(new ByteArrayInputStream(body));
		}
		else if (headers.containsKey("content-length")) {
			// what follows is another answer: the server took the rest of the bytes for a
			// request of their own
			int length = Integer.parseInt(headers.get("content-length").get(0));
			body = Arrays.copyOf(body, Math.min(length, body.length));
		}
		HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
		return new Response(status, httpHeaders.firstValue("content-type").orElse(""), httpHeaders,
				new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] unchunk(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String size = readLine(in).split(";")[0].trim();
			if (!HEX.matcher(size).matches()) {
				// the answer was read up to its head alone, or cut short, or had no body
				// (to HEAD) and another answer follows
				return body.toByteArray();
			}
			int length = Integer.parseInt(size, 16);
			if (length == 0) {
				return body.toByteArray();
			}
			body.writeBytes(in.readNBytes(length));
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	static int indexOf(byte[] data, byte[] pattern) {
		for (int i = 0; i + pattern.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
				return i;
			}
		}
		return -1;
	}

	/** An answer as a client sees it on the wire. */
	public record Response(int status, String contentType, HttpHeaders headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
