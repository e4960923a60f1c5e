package io.leaderboard.broadcaster.socket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leaderboard.broadcaster.FuzzedBroadcaster;
import io.leaderboard.broadcaster.socket.RawWebSocket.Frame;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any frames a client can send on an open WebSocket, through Netty's frame decoding,
 * WebFlux's session and the command parsing. Each input is a list of frames, one a line
 * (the corpus in {@code SocketCommandFuzzIntegrationTestsInputs}): a line is a text frame
 * as it is (its bytes need not be UTF-8), or, after {@code binary:}, {@code part:} (a
 * text frame that more fragments follow), {@code continue:}, {@code ping:} or
 * {@code close:}, a frame of that kind. After them the test sends a command it knows the
 * answer to, then closes.
 * <p>
 * Whatever arrives, every message the server sends is a JSON object with a {@code type}
 * (an {@code error} with a {@code detail} for a refused command), and the socket ends
 * with one close frame from the server, of a code that says the client's fault (1000,
 * 1002, 1003, 1007, 1008, 1009 or none, 1005) or echoes the input's own close frame; or,
 * after a close frame Netty finds malformed, with the connection alone. Never 1011, never
 * silence, and nothing logged at ERROR. {@code ./mvnw verify} replays the corpus;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class SocketCommandFuzzIntegrationTests extends FuzzedBroadcaster {

	/** Below the rate cap of 20 a second, with the test's own last command. */
	private static final int MAX_FRAMES = 18;

	/**
	 * A board no one defined: its error names it, and says that every frame before it was
	 * read.
	 */
	private static final String LAST = "{\"action\":\"subscribe\",\"board\":\"zz-last-command\"}";

	/**
	 * 1005, no status, too: Reactor Netty answers the test's close that way at times, and
	 * ends the socket that way at times after a frame Netty refused (not UTF-8, a stray
	 * continuation), where Netty alone would have said 1007 or 1002.
	 */
	private static final Set<Integer> CLIENT_FAULTS = Set.of(1000, 1002, 1003, 1005, 1007, 1008, 1009);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@FuzzTest(maxDuration = "2m")
	@DictionaryFile(resourcePath = "socket.dict")
	void anyFramesGetWellFormedAnswersAndAProperClose(byte[] input) throws IOException {
		List<byte[]> lines = lines(input);
		List<Frame> received = new ArrayList<>();
		// the fuzzer's SSRF detector flags any connection but the test's own (per thread)
		try (SilentCloseable own = BugDetectors.allowNetworkConnections((host, to) -> to == port);
				RawWebSocket socket = RawWebSocket.open(port, 3_000)) {
			boolean open = true;
			for (int i = 0; i < lines.size() && open; i++) {
				open = offer(socket, lines.get(i));
			}
			if (open) {
				socket.offer(RawWebSocket.TEXT, true, LAST.getBytes(StandardCharsets.UTF_8));
			}
			boolean closing = false;
			for (Frame frame = socket.next(); frame != null || !closing; frame = socket.next()) {
				if (frame != null) {
					received.add(frame);
				}
				if (!closing && (frame == null || frame.opcode() == RawWebSocket.CLOSE
						|| frame.opcode() == RawWebSocket.TEXT && frame.text().contains("zz-last-command"))) {
					// all sent was read (or the server is silent, or closing): end the
					// socket
					socket.close(1000);
					closing = true;
				}
			}
		}

		String sent = printable(lines);
		assertThat(this.errors.drain()).as("logged at ERROR for %s", sent).isEmpty();
		for (Frame frame : received) {
			if (frame.opcode() == RawWebSocket.TEXT) {
				JsonNode message = JSON.readTree(frame.text());
				assertThat(message.path("type").isString()).as("%s to %s", frame.text(), sent).isTrue();
			}
		}
		List<Frame> closes = received.stream().filter((frame) -> frame.opcode() == RawWebSocket.CLOSE).toList();
		if (closes.isEmpty() && lines.stream().anyMatch((line) -> startsWith(line, Kind.CLOSE.prefix))) {
			// the client started closing, with a close frame Netty finds malformed: it
			// drops
			// the connection without answering, as RFC 6455 allows
			return;
		}
		Set<Integer> proper = new HashSet<>(CLIENT_FAULTS);
		// a client that closed first hears its own code back
		lines.stream()
			.filter((line) -> startsWith(line, Kind.CLOSE.prefix))
			.map((line) -> new Frame(RawWebSocket.CLOSE,
					Arrays.copyOfRange(line, Kind.CLOSE.prefix.length, line.length))
				.closeCode())
			.forEach(proper::add);
		assertThat(closes).as("closed after %s", sent).hasSize(1);
		assertThat(closes.get(0).closeCode()).as("%s for %s", closes.get(0).closeReason(), sent).isIn(proper);
	}

	/** Whether the line's frame went out: false once the server has closed. */
	private static boolean offer(RawWebSocket socket, byte[] line) {
		for (Kind kind : Kind.values()) {
			if (startsWith(line, kind.prefix)) {
				return socket.offer(kind.opcode, kind.fin, Arrays.copyOfRange(line, kind.prefix.length, line.length));
			}
		}
		return socket.offer(RawWebSocket.TEXT, true, line);
	}

	private static List<byte[]> lines(byte[] input) {
		List<byte[]> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= input.length && lines.size() < MAX_FRAMES; i++) {
			if (i == input.length || input[i] == '\n') {
				if (i > start || i < input.length) {
					lines.add(Arrays.copyOfRange(input, start, i));
				}
				start = i + 1;
			}
		}
		return lines;
	}

	private static boolean startsWith(byte[] line, byte[] prefix) {
		return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
	}

	private static String printable(List<byte[]> lines) {
		StringBuilder text = new StringBuilder();
		for (byte[] line : lines) {
			for (byte b : line) {
				int c = b & 0xFF;
				text.append((c >= 0x20 && c < 0x7F) ? String.valueOf((char) c) : String.format("\\x%02x", c));
			}
			text.append('\n');
		}
		return text.length() > 2000 ? text.substring(0, 2000) + "..." : text.toString();
	}

	/** The frames a line can ask for by its prefix. */
	private enum Kind {

		BINARY("binary:", RawWebSocket.BINARY, true), PART("part:", RawWebSocket.TEXT, false),
		CONTINUE("continue:", RawWebSocket.CONTINUATION, true), PING("ping:", RawWebSocket.PING, true),
		CLOSE("close:", RawWebSocket.CLOSE, true);

		private final byte[] prefix;

		private final int opcode;

		private final boolean fin;

		Kind(String prefix, int opcode, boolean fin) {
			this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
			this.opcode = opcode;
			this.fin = fin;
		}

	}

}
