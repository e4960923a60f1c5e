package io.leaderboard.api.problem;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.StoreState;
import io.leaderboard.testsupport.http.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken requests, sent byte for byte over a socket. Each is refused with a
 * 4xx problem detail, never a 5xx, and leaves PostgreSQL and Redis as they were (the rate
 * limiter's own buckets apart: counting a refused request is its job).
 */
class HostileInputIntegrationTests extends ApiTestBase {

	private static final String SCORES = "/leaderboards/arena/scores";

	private static final String SQL = "'; DROP TABLE users; --";

	private RawHttp raw;

	private Tokens tokens;

	@BeforeEach
	void boardWithAScore() {
		this.tokens = new Tokens(arenaWhereAliceScored(), admin());
		this.raw = new RawHttp(this.port);
	}

	static Stream<Arguments> hostileRequests() {
		return Stream.of(
				// path tricks in ids
				write("encoded slash climbing out of the board", "/leaderboards/..%2Farena/scores", 400),
				write("encoded dots", "/leaderboards/%2e%2e/scores", 400),
				write("dot segments", "/leaderboards/arena/../arena/scores", 400),
				write("double slash", "/leaderboards/arena//scores", 400),
				write("encoded backslash", "/leaderboards/arena%5C/scores", 400),
				write("path parameter", "/leaderboards/arena;jsessionid=1/scores", 400),
				write("encoded NUL", "/leaderboards/arena%00/scores", 400),
				write("overlong UTF-8 slash, encoded", "/leaderboards/%C0%AFarena/scores", 400),
				raw("overlong UTF-8 slash, raw bytes", "POST",
						bytes("/leaderboards/", new byte[] { (byte) 0xC0, (byte) 0xAF }, "arena/scores"),
						(tokens) -> json(tokens.player()), bytes("{\"score\": 1}"), 400),
				write("raw space in the path", "/leaderboards/are na/scores", 400),
				write("zero-width space in the id", "/leaderboards/arena%E2%80%8B/scores", 400),
				write("right-to-left override in the id", "/leaderboards/%E2%80%AEarena/scores", 400),
				write("fullwidth letters in the id", "/leaderboards/%EF%BD%81rena/scores", 400),
				write("upper case id", "/leaderboards/ARENA/scores", 400),
				write("65-character id", "/leaderboards/" + "a".repeat(65) + "/scores", 400),
				write("SQL as the board id", "/leaderboards/%27%3B%20DROP%20TABLE%20users%3B%20--/scores", 400),
				write("SQL-ish id without semicolons", "/leaderboards/x%27%20OR%20%271%27%3D%271/scores", 400),
				read("user id path climbing", "/leaderboards/arena/users/1%2F..%2F2", 400),
				read("negative user id", "/leaderboards/arena/users/-1", 400),
				read("user id overflowing a long", "/leaderboards/arena/users/99999999999999999999", 400),
				read("user id in exponent notation", "/leaderboards/arena/users/1e3", 400),
				read("SQL as the user id", "/leaderboards/arena/users/1%20OR%201%3D1", 400),
				// percent-encoding and UTF-8 in the query
				read("NUL and an invalid byte in a cursor", "/leaderboards/arena/top?cursor=%00%ff", 400),
				read("invalid UTF-8 in a period", "/leaderboards/arena/top?period=%ff%fe", 400),
				read("truncated percent-encoding", "/leaderboards/arena/top?cursor=ab%", 400),
				read("percent-encoding that is not hex", "/leaderboards/arena/top?cursor=%zz", 400),
				read("overlong UTF-8 in a limit", "/leaderboards/arena/top?limit=%C0%B1", 400),
				read("malformed percent-encoding in the path", "/leaderboards/arena%zz/top", 400),
				raw("raw invalid UTF-8 in the query", "GET",
						bytes("/leaderboards/arena/top?cursor=", new byte[] { (byte) 0xFF, (byte) 0xFE }),
						(tokens) -> Map.of(), null, 400),
				raw("invalid UTF-8 in a header", "POST", bytes(SCORES),
						(tokens) -> with(json(tokens.player()), "Idempotency-Key", "k\udcff\udcfe"),
						bytes("{\"score\": 1}"), 400),
				raw("a byte that is not UTF-8 in a header no one reads", "POST", bytes(SCORES),
						(tokens) -> with(json(tokens.player()), "X-Client-Note", "caf\udce9"), bytes("{\"score\": 1}"),
						400),
				raw("admin path climbing", "PUT", bytes("/admin/leaderboards/..%2Farena/hidden/1"),
						(tokens) -> Map.of("Authorization", "Bearer " + tokens.admin()), null, 400),
				// wrong types and values
				body("score as a string", "{\"score\": \"100\"}", 400),
				body("score as SQL", "{\"score\": \"" + SQL + "\"}", 400),
				body("score as a fraction", "{\"score\": 1.5}", 400), body("score 1e308", "{\"score\": 1e308}", 400),
				body("score 2^53", "{\"score\": 9007199254740992}", 400),
				body("score -2^53", "{\"score\": -9007199254740992}", 400),
				body("score overflowing a long", "{\"score\": 99999999999999999999999}", 400),
				body("score true", "{\"score\": true}", 400), body("score null", "{\"score\": null}", 400),
				body("score as an array", "{\"score\": [1]}", 400),
				body("score as an object", "{\"score\": {\"value\": 1}}", 400),
				body("NaN written out", "{\"score\": NaN}", 400),
				body("Infinity written out", "{\"score\": Infinity}", 400),
				body("-Infinity written out", "{\"score\": -Infinity}", 400),
				body("duplicate keys", "{\"score\": 1, \"score\": 2}", 400),
				body("another player's id", "{\"score\": 5, \"userId\": 2}", 400),
				body("trailing tokens", "{\"score\": 1} {\"score\": 2}", 400), body("not JSON", "score=1", 400),
				body("JSON array", "[{\"score\": 1}]", 400),
				body("metadata not an object", "{\"score\": 1, \"metadata\": \"" + SQL + "\"}", 400),
				body("metadata of 1025 bytes", "{\"score\": 1, \"metadata\": {\"note\": \"" + "x".repeat(1014) + "\"}}",
						400),
				body("metadata 100 levels deep",
						"{\"score\": 1, \"metadata\": " + "{\"a\": ".repeat(100) + "1" + "}".repeat(100) + "}", 400),
				body("arrays 1500 levels deep",
						"{\"score\": 1, \"metadata\": {\"a\": " + "[".repeat(1500) + "]".repeat(1500) + "}}", 400),
				body("metadata number beyond a double", "{\"score\": 1, \"metadata\": {\"a\": 1e400}}", 400),
				raw("byte order mark before the JSON", "POST", bytes(SCORES), (tokens) -> json(tokens.player()),
						bytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, "{\"score\": 1}"), 400),
				raw("UTF-16 JSON", "POST", bytes(SCORES), (tokens) -> json(tokens.player()),
						"{\"score\": 1}".getBytes(StandardCharsets.UTF_16LE), 400),
				raw("overlong UTF-8 inside a string", "POST", bytes(SCORES), (tokens) -> json(tokens.player()),
						bytes("{\"score\": 1, \"metadata\": {\"a\": \"", new byte[] { (byte) 0xC0, (byte) 0xAF },
								"\"}}"),
						400),
				raw("raw NUL inside a string", "POST", bytes(SCORES), (tokens) -> json(tokens.player()),
						bytes("{\"score\": 1, \"metadata\": {\"a\": \"", new byte[] { 0 }, "\"}}"), 400),
				// bodies missing, empty, of the wrong type or too large
				raw("missing body", "POST", bytes(SCORES), (tokens) -> json(tokens.player()), null, 400),
				raw("empty body", "POST", bytes(SCORES), (tokens) -> with(json(tokens.player()), "Content-Length", "0"),
						null, 400),
				raw("text/plain", "POST", bytes(SCORES), (tokens) -> typed(tokens.player(), "text/plain"),
						bytes("{\"score\": 1}"), 415),
				raw("form encoded", "POST", bytes(SCORES),
						(tokens) -> typed(tokens.player(), "application/x-www-form-urlencoded"), bytes("score=1"), 415),
				raw("no content type", "POST", bytes(SCORES), (tokens) -> auth(tokens.player()),
						bytes("{\"score\": 1}"), 415),
				body("5 KiB body", "{\"score\": 1, \"metadata\": {\"note\": \"" + "x".repeat(5 * 1024) + "\"}}", 413),
				body("1 MiB body", "{\"score\": 1, \"metadata\": {\"note\": \"" + "x".repeat(1024 * 1024) + "\"}}",
						413),
				raw("5 KiB chunked body", "POST", bytes(SCORES),
						(tokens) -> with(json(tokens.player()), "Transfer-Encoding", "chunked"),
						RawHttp.chunked(
								bytes("{\"score\": 1, \"metadata\": {\"note\": \"" + "x".repeat(5 * 1024) + "\"}}")),
						413),
				raw("Content-Length that is not a number", "POST", bytes(SCORES),
						(tokens) -> with(json(tokens.player()), "Content-Length", "twelve"), bytes("{\"score\": 1}"),
						400),
				// headers
				raw("Idempotency-Key empty", "POST", bytes(SCORES), (tokens) -> keyed(tokens.player(), ""),
						bytes("{\"score\": 1}"), 400),
				raw("Idempotency-Key of 256 characters", "POST", bytes(SCORES),
						(tokens) -> keyed(tokens.player(), "k".repeat(256)), bytes("{\"score\": 1}"), 400),
				raw("Idempotency-Key not ASCII", "POST", bytes(SCORES), (tokens) -> keyed(tokens.player(), "clé"),
						bytes("{\"score\": 1}"), 400),
				raw("Idempotency-Key reused for another body", "POST", bytes(SCORES),
						(tokens) -> keyed(tokens.player(), "used-key"), bytes("{\"score\": 11}"), 422),
				raw("header of 20 KB", "POST", bytes(SCORES),
						(tokens) -> with(json(tokens.player()), "X-Padding", "p".repeat(20_000)),
						bytes("{\"score\": 1}"), 400),
				// who may write what
				body("score above the board's limit", "{\"score\": 1001}", 422),
				raw("unknown board", "POST", bytes("/leaderboards/nope/scores"), (tokens) -> json(tokens.player()),
						bytes("{\"score\": 1}"), 404),
				raw("no token", "POST", bytes(SCORES), (tokens) -> typed(null, "application/json"),
						bytes("{\"score\": 1}"), 401),
				raw("garbage token", "POST", bytes(SCORES), (tokens) -> json("not.a.jwt"), bytes("{\"score\": 1}"),
						401),
				raw("player token on an admin path", "PUT", bytes("/admin/leaderboards/arena/hidden/1"),
						(tokens) -> auth(tokens.player()), null, 403),
				raw("GET on the write path", "GET", bytes(SCORES), (tokens) -> auth(tokens.player()), null, 405));
	}

	@ParameterizedTest(name = "{0}: {3}")
	@MethodSource("hostileRequests")
	void isRefusedAndChangesNothing(String name, String method, byte[] target,
			Function<Tokens, Map<String, String>> headers, byte[] body, int status) {
		StoreState before = state();

		RawHttp.Response response = this.raw.exchange(method, target, headers.apply(this.tokens), body);

		assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(status);
		assertThat(response.contentType()).as(name).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).as(name).isEqualTo(status);
		assertThat(response.json().get("detail").asString()).as(name).isNotBlank();
		assertThat(state()).as(name).isEqualTo(before);
	}

	@Test
	void sqlLookingTextIsStoredAsText() {
		Response response = this.http.postJson(SCORES,
				"{\"score\": 1, \"metadata\": {\"note\": \"" + SQL + "\", \"" + SQL + "\": 1}}", this.tokens.player());

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT metadata ->> 'note' FROM board_scores WHERE board = 'arena'")
			.query(String.class)
			.single()).isEqualTo(SQL);
		assertThat(this.jdbc.sql("SELECT count(*) FROM users").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void headersInUtf8AreAccepted() {
		Map<String, String> headers = with(json(this.tokens.player()), "X-Client-Note", "ā café 🏆");
		byte[] body = bytes("{\"score\": 2}");

		RawHttp.Response response = this.raw.exchange("POST", bytes(SCORES),
				with(headers, "Content-Length", Integer.toString(body.length)), body);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private StoreState state() {
		return StoreState.of(this.jdbc, this.redis);
	}

	private static Arguments write(String name, String path, int status) {
		return raw(name, "POST", bytes(path), (tokens) -> json(tokens.player()), bytes("{\"score\": 1}"), status);
	}

	private static Arguments read(String name, String path, int status) {
		return raw(name, "GET", bytes(path), (tokens) -> Map.of(), null, status);
	}

	private static Arguments body(String name, String body, int status) {
		return raw(name, "POST", bytes(SCORES), (tokens) -> json(tokens.player()), bytes(body), status);
	}

	/**
	 * A request; a body gets its Content-Length unless the headers say how it is framed.
	 */
	private static Arguments raw(String name, String method, byte[] target,
			Function<Tokens, Map<String, String>> headers, byte[] body, int status) {
		Function<Tokens, Map<String, String>> framed = (tokens) -> {
			Map<String, String> all = new LinkedHashMap<>(headers.apply(tokens));
			if (body != null && !all.containsKey("Transfer-Encoding") && !all.containsKey("Content-Length")) {
				all.put("Content-Length", Integer.toString(body.length));
			}
			return all;
		};
		return Arguments.of(name, method, target, framed, body, status);
	}

	private static Map<String, String> auth(String token) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		return headers;
	}

	private static Map<String, String> typed(String token, String contentType) {
		return with(auth(token), "Content-Type", contentType);
	}

	private static Map<String, String> json(String token) {
		return typed(token, "application/json");
	}

	private static Map<String, String> keyed(String token, String key) {
		return with(json(token), "Idempotency-Key", key);
	}

	private static Map<String, String> with(Map<String, String> headers, String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(headers);
		more.put(name, value);
		return more;
	}

	private static byte[] bytes(Object... parts) {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		for (Object part : parts) {
			bytes.writeBytes((part instanceof byte[] raw) ? raw : part.toString().getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}

	record Tokens(String player, String admin) {

	}

}
