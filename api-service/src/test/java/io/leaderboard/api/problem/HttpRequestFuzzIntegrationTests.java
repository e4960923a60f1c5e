package io.leaderboard.api.problem;

import java.util.Map;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.StoreState;
import io.leaderboard.testsupport.http.AnswerProperty;
import io.leaderboard.testsupport.http.ErrorLog;
import io.leaderboard.testsupport.http.FuzzedRequest;
import io.leaderboard.testsupport.http.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes a client can send to api-service's port, as one HTTP/1.1 request through
 * Tomcat's own parsing, Spring Security and the controllers. Each input is a request as
 * text (the corpus in {@code HttpRequestFuzzIntegrationTestsInputs}), framed as
 * {@link FuzzedRequest} says: {@code $PLAYER} and {@code $ADMIN} stand for valid tokens.
 * <p>
 * Whatever arrives, the answer is a 4xx problem detail that changed nothing in PostgreSQL
 * or Redis, or a well-formed answer below 400; never a 5xx, and nothing logged at ERROR.
 * {@code ./mvnw verify} replays the corpus; {@code JAZZER_FUZZ=1} fuzzes
 * (docs/fuzzing.md).
 */
class HttpRequestFuzzIntegrationTests extends ApiTestBase {

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
		FuzzedRequest request = FuzzedRequest.of(input, Map.of("$PLAYER", this.player, "$ADMIN", admin()));
		StoreState before = StoreState.of(this.jdbc, this.redis);

		byte[] bytes;
		// the fuzzer's SSRF detector flags any connection but the test's own (per thread)
		try (SilentCloseable own = BugDetectors.allowNetworkConnections((host, port) -> port == this.port)) {
			bytes = this.raw.sendBytes(request.bytes());
		}

		assertThat(this.errors.drain()).as("logged at ERROR for %s", request.printable()).isEmpty();
		AnswerProperty.holds(request, bytes, before, () -> StoreState.of(this.jdbc, this.redis));
	}

}
