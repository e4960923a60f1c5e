package io.leaderboard.api.leaderboard;

import java.time.Duration;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Infrastructure;
import io.leaderboard.api.support.Projection;
import io.leaderboard.events.LeaderboardKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The top pages served from memory follow the board: unchanged while its generation is,
 * replaced within the watch interval once it moves. The test changes Redis behind the
 * cache's back (without the generation) to tell a page from memory from a fresh read.
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "leaderboard.reads.top-cache.enabled=true", "leaderboard.reads.top-cache.ttl=1h" })
class TopPagesIntegrationTests {

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

	Http http;

	Projection projection;

	final LeaderboardKeys global = LeaderboardKeys.of("global", "all");

	@BeforeEach
	void cleanSlate() {
		Infrastructure.reset(this.jdbc, this.redis, this.catalog);
		this.http = new Http(this.port);
		this.projection = new Projection(this.jdbc, this.redis);
		this.http.postJson("/scores", "{\"score\": 300}", this.http.token("alice", "Alice"));
		this.http.postJson("/scores", "{\"score\": 200}", this.http.token("bob", "Bob"));
		this.projection.sync();
	}

	@Test
	void anUnchangedBoardIsServedFromMemory() {
		awaitTopShows("[\"Alice\",\"Bob\"]");
		awaitServedFromMemory("/leaderboard/top");
		awaitServedFromMemory("/leaderboards/global/top");

		// behind the cache's back: the ranking changes, its generation does not
		this.redis.opsForZSet().removeRange(this.global.scores(), 0, 0);

		assertThat(nickNames(this.http.get("/leaderboard/top"))).isEqualTo("[\"Alice\",\"Bob\"]");
		assertThat(nickNames(this.http.get("/leaderboards/global/top"))).isEqualTo("[\"Alice\",\"Bob\"]");
	}

	@Test
	void aChangedBoardIsReadAgainWithinTheWatchInterval() {
		awaitTopShows("[\"Alice\",\"Bob\"]");

		this.http.postJson("/scores", "{\"score\": 500}", this.http.token("carol", "Carol"));
		this.projection.sync();

		awaitTopShows("[\"Carol\",\"Alice\",\"Bob\"]");
	}

	@Test
	void aBoardRedisLostIsReadAgain() {
		awaitTopShows("[\"Alice\",\"Bob\"]");

		this.redis.delete(this.global.generation());
		this.redis.delete(this.global.scores());

		awaitTopShows("[]");
	}

	@Test
	void laterPagesAndOtherLimitsAreTheirOwnPages() {
		awaitTopShows("[\"Alice\",\"Bob\"]");

		Response first = this.http.get("/leaderboards/global/top?limit=1");
		Response second = this.http
			.get("/leaderboards/global/top?limit=1&cursor=" + first.json().get("nextCursor").asString());

		assertThat(nickNames(first)).isEqualTo("[\"Alice\"]");
		assertThat(nickNames(second)).isEqualTo("[\"Bob\"]");
		assertThat(second.header("Leaderboard-Source")).isEqualTo("redis");
	}

	private void awaitTopShows(String nickNames) {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Response seed = this.http.get("/leaderboard/top");
			Response page = this.http.get("/leaderboards/global/top");
			assertThat(seed.status()).isEqualTo(200);
			assertThat(seed.contentType()).isEqualTo("application/json");
			assertThat(nickNames(seed)).isEqualTo(nickNames);
			assertThat(nickNames(page)).isEqualTo(nickNames);
			assertThat(page.json().get("board").asString()).isEqualTo("global");
		});
	}

	private void awaitServedFromMemory(String path) {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			double before = fromMemory();
			this.http.get(path);
			assertThat(fromMemory()).isGreaterThan(before);
		});
	}

	private double fromMemory() {
		return this.meters.get("leaderboard.reads.top").tag("from", "memory").counter().count();
	}

	private static String nickNames(Response response) {
		var entries = response.json().isArray() ? response.json() : response.json().get("entries");
		StringBuilder names = new StringBuilder("[");
		for (var entry : entries) {
			names.append((names.length() > 1) ? "," : "")
				.append('"')
				.append(entry.get("nickName").asString())
				.append('"');
		}
		return names.append(']').toString();
	}

}
