package io.leaderboard.testsupport.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fuzz input framed as one HTTP/1.1 request. The input reads like curl {@code -v}: a
 * request line, headers, a blank line and the body; lines may end in {@code \n}, and
 * placeholders ({@code $PLAYER}, {@code $TICKET}) in the head stand for values only known
 * at run time. {@code Host}, {@code Connection: close} and the {@code Content-Length} of
 * the body are added unless the input gives its own host or frames its body itself.
 *
 * @param bytes what goes on the wire
 * @param mayGoUnanswered the input frames its body itself (so the server may wait for
 * more) or has no request line
 * @param isHead a {@code HEAD} request, answered without a body
 * @param isHttp09 a request line without a version, answered in HTTP/0.9 (the body alone)
 */
public record FuzzedRequest(byte[] bytes, boolean mayGoUnanswered, boolean isHead, boolean isHttp09) {

	private static final byte[] BLANK_LINE = { '\n', '\n' };

	private static final byte[] BLANK_CRLF_LINE = { '\r', '\n', '\r', '\n' };

	public static FuzzedRequest of(byte[] input, Map<String, String> placeholders) {
		int crlf = RawHttp.indexOf(input, BLANK_CRLF_LINE);
		int lf = RawHttp.indexOf(input, BLANK_LINE);
		int end = (crlf >= 0 && (lf < 0 || crlf < lf)) ? crlf : lf;
		int bodyStart = (end < 0) ? input.length : end + ((end == crlf) ? 4 : 2);
		String head = new String(input, 0, (end < 0) ? input.length : end, StandardCharsets.ISO_8859_1);
		for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
			head = head.replace(placeholder.getKey(), placeholder.getValue());
		}
		byte[] body = Arrays.copyOfRange(input, bodyStart, input.length);
		List<String> lines = Arrays.stream(head.split("\n", -1)).map(FuzzedRequest::withoutCr).toList();
		boolean framed = lines.stream()
			.skip(1)
			.anyMatch((line) -> isHeader(line, "content-length", "transfer-encoding"));
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		lines.forEach((line) -> request.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
		if (lines.stream().skip(1).noneMatch((line) -> isHeader(line, "host"))) {
			request.writeBytes("Host: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		request.writeBytes("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
		if (!framed) {
			request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(body);
		String requestLine = lines.get(0);
		return new FuzzedRequest(request.toByteArray(), framed || requestLine.isBlank(),
				requestLine.startsWith("HEAD "), requestLine.trim().split(" +").length == 2);
	}

	/** The request as text, bytes beyond ASCII and controls escaped, to reproduce it. */
	public String printable() {
		StringBuilder text = new StringBuilder();
		for (byte b : this.bytes) {
			int c = b & 0xFF;
			text.append((c >= 0x20 && c < 0x7F || c == '\n') ? String.valueOf((char) c)
					: (c == '\r') ? "" : String.format("\\x%02x", c));
		}
		return text.length() > 2000 ? text.substring(0, 2000) + "..." : text.toString();
	}

	private static String withoutCr(String line) {
		return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
	}

	private static boolean isHeader(String line, String... names) {
		String lower = line.toLowerCase(Locale.ROOT);
		return Arrays.stream(names).anyMatch((name) -> lower.startsWith(name + ":"));
	}

}
