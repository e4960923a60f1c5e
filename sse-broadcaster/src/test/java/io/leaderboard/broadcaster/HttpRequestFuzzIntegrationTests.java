package io.leaderboard.broadcaster;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.testsupport.RedisDigest;
import io.leaderboard.testsupport.http.AnswerProperty;
import io.leaderboard.testsupport.http.FuzzedRequest;
import io.leaderboard.testsupport.http.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes a client can send to the broadcaster's port, as one HTTP/1.1 request through
 * Netty's own parsing, WebFlux and the stream endpoints: {@code Last-Event-ID} and
 * {@code lastEventId}, board ids, stream tickets, the page's endpoints, WebSocket
 * upgrades. Each input is a request as text (the corpus in
 * {@code HttpRequestFuzzIntegrationTestsInputs}), framed as {@link FuzzedRequest} says:
 * {@code $TICKET} stands for a stream ticket that is valid when the request is sent.
 * <p>
 * Whatever arrives, the answer is a 4xx problem detail that changed nothing in Redis, or
 * a well-formed answer below 400; never a 5xx, and nothing logged at ERROR. A stream that
 * opens (an event stream, a WebSocket) is read up to its head and closed. Taking a ticket
 * and registering its player as watched are what an accepted personal stream does; the
 * watched-players set is left out of the comparison, as the broadcaster also vouches for
 * its open streams there on a timer. {@code ./mvnw verify} replays the corpus;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class HttpRequestFuzzIntegrationTests extends FuzzedBroadcaster {

	private static final String TICKET = "fuzz-ticket";

	/** Long enough for a loaded machine, short enough to find a request left hanging. */
	private static final int READ_TIMEOUT_MILLIS = 3_000;

	@FuzzTest(maxDuration = "2m")
	@DictionaryFile(resourcePath = "sse.dict")
	void anyRequestIsAProblemOrAWellFormedAnswer(byte[] input) {
		redis.opsForValue().set(LeaderboardKeys.streamTicket(TICKET), "7", Duration.ofSeconds(30));
		FuzzedRequest request = FuzzedRequest.of(input, Map.of("$TICKET", TICKET));
		String before = redisState();

		byte[] bytes;
		long started = System.nanoTime();
		// the fuzzer's SSRF detector flags any connection but the test's own (per thread)
		try (SilentCloseable own = BugDetectors.allowNetworkConnections((host, to) -> to == port)) {
			bytes = new RawHttp(port).sendBytes(request.bytes(), HttpRequestFuzzIntegrationTests::opensAStream,
					READ_TIMEOUT_MILLIS);
		}

		assertThat(this.errors.drain()).as("logged at ERROR for %s", request.printable()).isEmpty();
		AnswerProperty.holds(closedOn(request, bytes, started), bytes, before,
				HttpRequestFuzzIntegrationTests::redisState);
	}

	/**
	 * A request the server closed the connection on without an answer, before the read
	 * timed out, may go unanswered: Netty refuses a request whose line it cannot decode
	 * at once, and its headers, left unread, make the connection reset, losing the answer
	 * on its way. Silence (a request left hanging) still fails.
	 */
	private static FuzzedRequest closedOn(FuzzedRequest request, byte[] answer, long startedNanos) {
		boolean closedEarly = answer.length == 0
				&& System.nanoTime() - startedNanos < READ_TIMEOUT_MILLIS * 1_000_000L * 9 / 10;
		return closedEarly ? new FuzzedRequest(request.bytes(), true, request.isHead(), request.isHttp09()) : request;
	}

	/** An event stream or a WebSocket: its head is the whole answer this test reads. */
	private static boolean opensAStream(String head) {
		return head.startsWith("HTTP/1.1 101 ")
				|| head.toLowerCase(Locale.ROOT).contains("\r\ncontent-type: text/event-stream");
	}

	private static String redisState() {
		return RedisDigest.of(redis, "*", LeaderboardKeys.watchedPlayers()::equals);
	}

}
