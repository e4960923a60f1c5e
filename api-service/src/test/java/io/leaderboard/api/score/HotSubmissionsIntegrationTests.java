package io.leaderboard.api.score;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.support.Answers;
import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain submission is taken ahead of Spring Security and Spring MVC, and answered as
 * the controller answers it: the same status, headers and body, refusals included. The
 * same request with a query, which only the controller takes, is the reference.
 */
@ApiIntegrationTest
class HotSubmissionsIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		Infrastructure.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	BoardCatalog catalog;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JsonMapper json;

	final HttpClient client = HttpClient.newHttpClient();

	String alice;

	@BeforeEach
	void player() {
		Infrastructure.reset(this.jdbc, this.redis, this.catalog);
		this.alice = new Http(this.port).token("alice", "Alice");
	}

	@Test
	void aPlainSubmissionIsTakenAheadAndAnsweredAsTheControllerAnswers() {
		for (String path : new String[] { "/scores", "/leaderboards/global/scores" }) {
			for (String origin : new String[] { null, "http://localhost:8081" }) {
				double before = taken();
				HttpResponse<String> ahead = post(path, "{\"score\": 500}", origin);
				assertThat(taken()).isEqualTo(before + 1);

				HttpResponse<String> reference = post(path + "?via=controller", "{\"score\": 500}", origin);
				assertThat(taken()).isEqualTo(before + 1);

				assertThat(ahead.statusCode()).isEqualTo(200);
				assertThat(Answers.headersOf(ahead)).isEqualTo(Answers.headersOf(reference));
				JsonNode aheadBody = this.json.readTree(ahead.body());
				JsonNode referenceBody = this.json.readTree(reference.body());
				assertThat(fieldNames(aheadBody)).isEqualTo(fieldNames(referenceBody));
				assertThat(aheadBody.get("score").asLong()).isEqualTo(500);
				assertThat(aheadBody.get("userId")).isEqualTo(referenceBody.get("userId"));
				assertThat(aheadBody.get("rank")).isEqualTo(referenceBody.get("rank"));
			}
		}
		assertThat(this.jdbc.sql("SELECT score FROM board_scores WHERE board = 'global'").query(Long.class).single())
			.isEqualTo(500);
	}

	@Test
	void aRefusalOfASubmissionTakenAheadIsTheControllersRefusal() {
		String[][] cases = { { "/leaderboards/nope/scores", "{\"score\": 5}" },
				{ "/scores", "{\"score\": 5, \"metadata\": [1, 2]}" },
				{ "/scores", "{\"score\": 5, \"metadata\": {\"x\": 1e400}}" } };
		for (String[] refused : cases) {
			double before = taken();
			HttpResponse<String> ahead = post(refused[0], refused[1], null);
			assertThat(taken()).isEqualTo(before + 1);

			HttpResponse<String> reference = post(refused[0] + "?via=controller", refused[1], null);

			assertThat(ahead.statusCode()).isBetween(400, 499).isEqualTo(reference.statusCode());
			assertThat(ahead.body()).isEqualTo(reference.body());
			assertThat(Answers.headersOf(ahead)).isEqualTo(Answers.headersOf(reference));
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM board_scores").query(Long.class).single()).isZero();
	}

	@Test
	void whatIsNotPlainGoesToSpringSecurityAndTheController() {
		double before = taken();

		assertThat(send("/scores", "{\"score\": 5}", "application/json", null, Map.of()).statusCode()).isEqualTo(401);
		assertThat(send("/scores", "{\"score\": 5}", "application/json", "not-a-token", Map.of()).statusCode())
			.isEqualTo(401);
		assertThat(send("/scores", "{\"score\": ", "application/json", this.alice, Map.of()).statusCode())
			.isEqualTo(400);
		assertThat(send("/scores", "{\"score\": \"5\"}", "application/json", this.alice, Map.of()).statusCode())
			.isEqualTo(400);
		assertThat(send("/scores", "{}", "application/json", this.alice, Map.of()).statusCode()).isEqualTo(400);
		assertThat(send("/scores", "{\"score\": 5}", "text/plain", this.alice, Map.of()).statusCode()).isEqualTo(415);
		assertThat(
				send("/leaderboards/NOT%20AN%20ID/scores", "{\"score\": 5}", "application/json", this.alice, Map.of())
					.statusCode())
			.isEqualTo(400);
		HttpResponse<String> keyed = send("/scores", "{\"score\": 7}", "application/json", this.alice,
				Map.of("Idempotency-Key", "k-1"));
		assertThat(keyed.statusCode()).isEqualTo(200);
		assertThat(send("/scores", "{\"score\": 7}", "application/json", this.alice, Map.of("Idempotency-Key", "k-1"))
			.headers()
			.firstValue(ScoreController.REPLAYED_HEADER)).contains("true");

		assertThat(taken()).isEqualTo(before);
	}

	private double taken() {
		return this.meters.get("leaderboard.submissions.fast").counter().count();
	}

	private static Set<String> fieldNames(JsonNode node) {
		Set<String> names = new TreeSet<>();
		Iterator<String> iterator = node.propertyNames().iterator();
		iterator.forEachRemaining(names::add);
		return names;
	}

	private HttpResponse<String> post(String path, String body, String origin) {
		return send(path, body, "application/json", this.alice, (origin != null) ? Map.of("Origin", origin) : Map.of());
	}

	private HttpResponse<String> send(String path, String body, String contentType, String token,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		try {
			return this.client.send(request.build(), BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
