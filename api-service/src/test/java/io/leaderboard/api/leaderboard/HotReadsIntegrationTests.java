package io.leaderboard.api.leaderboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.support.Answers;
import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Infrastructure;
import io.leaderboard.api.support.Projection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A first page from memory and a standing from Redis are answered ahead of Spring MVC,
 * with exactly what the controllers answer: the same body, status and headers. The same
 * read with {@code ?period=all}, which only the controllers answer, is the reference.
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "leaderboard.reads.top-cache.enabled=true", "leaderboard.reads.top-cache.ttl=1h" })
class HotReadsIntegrationTests {

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

	final HttpClient client = HttpClient.newHttpClient();

	long alice;

	@BeforeEach
	void twoPlayers() {
		Infrastructure.reset(this.jdbc, this.redis, this.catalog);
		Http http = new Http(this.port);
		this.alice = http.postJson("/scores", "{\"score\": 300}", http.token("alice", "Alice"))
			.json()
			.get("userId")
			.asLong();
		http.postJson("/scores", "{\"score\": 200}", http.token("bob", "Bob"));
		new Projection(this.jdbc, this.redis).sync();
	}

	@Test
	void aFirstPageFromMemoryIsTheControllersAnswer() {
		for (String path : new String[] { "/leaderboard/top", "/leaderboards/global/top",
				"/leaderboards/global/top?limit=1" }) {
			String reference = path + (path.contains("?") ? "&" : "?") + "period=all";
			awaitAnsweredAhead("top", path);

			assertSameAnswer(get(path, null), get(reference, null));
			assertSameAnswer(get(path, "http://localhost:8081"), get(reference, "http://localhost:8081"));
		}
	}

	@Test
	void aStandingFromRedisIsTheControllersAnswer() {
		for (String path : new String[] { "/leaderboard/" + this.alice, "/leaderboards/global/users/" + this.alice }) {
			awaitAnsweredAhead("standing", path);

			assertSameAnswer(get(path, null), get(path + "?period=all", null));
			assertSameAnswer(get(path, "http://localhost:8081"), get(path + "?period=all", "http://localhost:8081"));
		}
	}

	@Test
	void whatIsNotPlainGoesToTheControllers() {
		double before = answeredAhead("standing") + answeredAhead("top");

		assertThat(get("/leaderboard/999", null).statusCode()).isEqualTo(404);
		assertThat(get("/leaderboards/nope/users/1", null).statusCode()).isEqualTo(404);
		assertThat(get("/leaderboards/global/top?limit=0", null).statusCode()).isEqualTo(400);
		assertThat(get("/leaderboards/global/top?limit=5000", null).statusCode()).isEqualTo(400);
		assertThat(get("/leaderboard/0", null).statusCode()).isEqualTo(400);

		assertThat(answeredAhead("standing") + answeredAhead("top")).isEqualTo(before);
	}

	@Test
	void answersAheadAreTimedUnderTheirRoute() {
		awaitAnsweredAhead("standing", "/leaderboard/" + this.alice);

		assertThat(this.meters.get("http.server.requests").tag("uri", "/leaderboard/{userId}").timer().count())
			.isPositive();
	}

	private void awaitAnsweredAhead(String read, String path) {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			double before = answeredAhead(read);
			assertThat(get(path, null).statusCode()).isEqualTo(200);
			assertThat(answeredAhead(read)).isGreaterThan(before);
		});
	}

	private double answeredAhead(String read) {
		return this.meters.get("leaderboard.reads.fast").tag("read", read).counter().count();
	}

	private static void assertSameAnswer(HttpResponse<String> ahead, HttpResponse<String> reference) {
		assertThat(ahead.statusCode()).isEqualTo(reference.statusCode());
		assertThat(ahead.body()).isEqualTo(reference.body());
		assertThat(Answers.headersOf(ahead)).isEqualTo(Answers.headersOf(reference));
	}

	private HttpResponse<String> get(String path, String origin) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (origin != null) {
			request.header("Origin", origin);
		}
		try {
			return this.client.send(request.build(), BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
