package io.leaderboard.api.problem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.ErrorLog;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.RawHttp;
import io.leaderboard.api.support.StoreState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes a client can send to api-service's port, as one HTTP/1.1 request through
 * Tomcat's own parsing, Spring Security and the controllers. Each input is a request as
 * text (the corpus in {@code HttpRequestFuzzIntegrationTestsInputs} reads like curl
 * {@code -v}): {@code $PLAYER} and {@code $ADMIN} stand for valid tokens, lines may end
 * in {@code \n}, and {@code Host}, {@code Connection: close} and the
 * {@code Content-Length} of what follows the blank line are added unless the input frames
 * the body itself.
 * <p>
 * Whatever arrives, the answer is a 4xx problem detail that changed nothing in PostgreSQL
 * or Redis, or a well-formed answer below 400; never a 5xx, and nothing logged at ERROR.
 * {@code ./mvnw verify} replays the corpus; {@code JAZZER_FUZZ=1} fuzzes
 * (docs/fuzzing.md).
 */
class HttpRequestFuzzIntegrationTests extends ApiTestBase {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RawHttp raw;

	private ErrorLog errors;

	private String player;

	/** A board of each kind of period, so that every period id syntax is read. */
	@BeforeEach
	void boards() {
		this.player = arenaWhereAliceScored();
		defineBoard("weekly", "{\"sortOrder\":\"asc\",\"operator\":\"best\",\"resetSchedule\":\"weekly\"}");
		defineBoard("hourly",
				"{\"sortOrder\":\"desc\",\"operator\":\"latest\",\"resetSchedule\":\"0 * * * *\",\"linkedBoards\":[\"arena\"]}");
		admin();
		this.raw = new RawHttp(this.port);
		this.errors = ErrorLog.attach();
	}

	@AfterEach
	void detach() {
		this.errors.close();
	}

	@FuzzTest(maxDuration = "2m")
	@DictionaryFile(resourcePath = "http.dict")
	void anyRequestIsAProblemOrAWellFormedAnswer(byte[] input) {
		Request request = Request.of(input, this.player, admin());
		StoreState before = StoreState.of(this.jdbc, this.redis);

		byte[] bytes;
		// the fuzzer's SSRF detector flags any connection but the test's own (per thread)
		try (SilentCloseable own = BugDetectors.allowNetworkConnections((host, port) -> port == this.port)) {
			bytes = this.raw.sendBytes(request.bytes());
		}

		String sent = request.printable();
		assertThat(this.errors.drain()).as("logged at ERROR for %s", sent).isEmpty();
		if (request.isHttp09() && bytes.length > 0) {
			// a request line without a version: Tomcat answers in HTTP/0.9, the body
			// alone
			String body = new String(bytes, StandardCharsets.UTF_8);
			if (body.startsWith("{")) {
				assertThat(JSON.readTree(body).path("status").asInt(200)).as("%s to %s", body, sent).isLessThan(500);
			}
			return;
		}
		Optional<Response> answer = RawHttp.answer(bytes);
		if (answer.isEmpty()) {
			assertThat(request.mayGoUnanswered()).as("no answer to %s", sent).isTrue();
			assertThat(StoreState.of(this.jdbc, this.redis)).as("changed by %s", sent).isEqualTo(before);
			return;
		}
		Response response = answer.get();
		String what = response.status() + " " + response.body() + " to " + sent;
		assertThat(response.status()).as(what).isBetween(100, 499);
		boolean hasBody = !request.isHead() && response.status() != 204 && response.status() != 304;
		if (response.status() >= 400) {
			assertThat(response.contentType()).as(what).startsWith("application/problem+json");
			if (hasBody) {
				assertThat(response.json().get("status").asInt()).as(what).isEqualTo(response.status());
			}
			assertThat(StoreState.of(this.jdbc, this.redis)).as("changed by %s", sent).isEqualTo(before);
		}
		else if (hasBody && response.contentType().contains("json")) {
			assertThat(response.json()).as(what).isNotNull();
		}
	}

	/** The bytes to send, framed as described on the class. */
	record Request(byte[] bytes, boolean mayGoUnanswered, boolean isHead, boolean isHttp09) {

		private static final byte[] BLANK_LINE = { '\n', '\n' };

		private static final byte[] BLANK_CRLF_LINE = { '\r', '\n', '\r', '\n' };

		static Request of(byte[] input, String player, String admin) {
			int crlf = indexOf(input, BLANK_CRLF_LINE);
			int lf = indexOf(input, BLANK_LINE);
			int end = (crlf >= 0 && (lf < 0 || crlf < lf)) ? crlf : lf;
			int bodyStart = (end < 0) ? input.length : end + ((end == crlf) ? 4 : 2);
			String head = new String(input, 0, (end < 0) ? input.length : end, StandardCharsets.ISO_8859_1)
				.replace("$PLAYER", player)
				.replace("$ADMIN", admin);
			byte[] body = Arrays.copyOfRange(input, bodyStart, input.length);
			List<String> lines = Arrays.stream(head.split("\n", -1)).map(Request::withoutCr).toList();
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
			return new Request(request.toByteArray(), framed || requestLine.isBlank(), requestLine.startsWith("HEAD "),
					requestLine.trim().split(" +").length == 2);
		}

		/**
		 * The request as text, bytes beyond ASCII and controls escaped, to reproduce it.
		 */
		String printable() {
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

		private static int indexOf(byte[] data, byte[] pattern) {
			for (int i = 0; i + pattern.length <= data.length; i++) {
				if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
					return i;
				}
			}
			return -1;
		}

	}

}
