package io.leaderboard.broadcaster.problem;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.leaderboard.broadcaster.FuzzedBroadcaster;
import io.leaderboard.testsupport.http.RawHttp;
import io.leaderboard.testsupport.http.RawHttp.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Netty cannot decode are 400 problems, as in api-service: malformed
 * percent-encoding, bytes that are not UTF-8 in the request line or a header, a request
 * line or headers over the limits.
 */
class MalformedRequestIntegrationTests extends FuzzedBroadcaster {

	static Stream<Arguments> malformedRequests() {
		return Stream.of(Arguments.of("percent-encoding that is not hex", "GET /leaderboards/arena%zz/events"),
				Arguments.of("truncated percent-encoding", "GET /events?lastEventId=1%"),
				Arguments.of("raw bytes not UTF-8 in the path", "GET /leaderboards/\u00c0\u00afarena/events"),
				Arguments.of("raw bytes not UTF-8 in the method", "G\u00ffT /boards"),
				Arguments.of("request line of 9 KB", "GET /boards?x=" + "q".repeat(9000)),
				Arguments.of("header of 20 KB", "GET /boards HTTP/1.1\r\nX-Padding: " + "p".repeat(20_000)),
				Arguments.of("header name not UTF-8", "GET /boards HTTP/1.1\r\nX-\u00ff\u00fe: 1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedRequests")
	void isA400Problem(String name, String head) {
		String request = (head.contains(" HTTP/1.1") ? head : head + " HTTP/1.1")
				+ "\r\nHost: localhost\r\nConnection: close\r\n\r\n";

		Response response = RawHttp
			.answer(new RawHttp(port).sendBytes(request.getBytes(StandardCharsets.ISO_8859_1), (answer) -> false,
					10_000))
			.orElseThrow();

		assertThat(response.status()).as(name).isEqualTo(400);
		assertThat(response.contentType()).as(name).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).as(name).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).as(name).isNotBlank();
		assertThat(this.errors.drain()).as(name).isEmpty();
	}

}
