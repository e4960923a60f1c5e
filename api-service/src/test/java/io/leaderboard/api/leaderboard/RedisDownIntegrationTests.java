package io.leaderboard.api.leaderboard;

import io.leaderboard.api.support.ApiWithUnreachableStoreTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Infrastructure;
import io.leaderboard.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is unreachable: writes still succeed, limited by the instance's own buckets, and
 * reads come from PostgreSQL and say so.
 */
@ApiWithUnreachableStoreTest
class RedisDownIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.registerPostgres(registry);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", TestInfrastructure::freePort);
		// two writes per player, counted in the instance's own buckets
		registry.add("leaderboard.rate-limits.writes.capacity", () -> 2);
		registry.add("leaderboard.rate-limits.writes.refill-per-second", () -> 0.001);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void cleanSlate() {
		Infrastructure.resetPostgres(this.jdbc);
		this.http = new Http(this.port);
	}

	@Test
	void submissionsSucceedAndReadsFallBackToPostgresql() {
		Response alice = this.http.postJson("/scores", "{\"score\": 300}", this.http.token("alice", "Alice"));
		Response bob = this.http.postJson("/scores", "{\"score\": 500}", this.http.token("bob", "Bob"));

		assertThat(alice.status()).isEqualTo(200);
		assertThat(bob.status()).isEqualTo(200);
		assertThat(bob.json().get("rank").asLong()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isEqualTo(2);

		Response top = this.http.get("/leaderboard/top");
		assertThat(top.status()).isEqualTo(200);
		assertThat(top.header("Leaderboard-Source")).isEqualTo("postgresql");
		assertThat(top.json()).hasSize(2);
		assertThat(top.json().get(0).get("nickName").asString()).isEqualTo("Bob");
		assertThat(top.json().get(1).get("rank").asLong()).isEqualTo(2);

		Response rank = this.http.get("/leaderboard/1");
		assertThat(rank.header("Leaderboard-Source")).isEqualTo("postgresql");
		assertThat(rank.json().get("rank").asLong()).isEqualTo(2);
		assertThat(rank.json().get("percentile").asDouble()).isEqualTo(50.0);

		Response page = this.http.get("/leaderboards/global/top?limit=1");
		assertThat(page.header("Leaderboard-Source")).isEqualTo("postgresql");
		assertThat(page.json().get("entries").get(0).get("nickName").asString()).isEqualTo("Bob");
		Response next = this.http
			.get("/leaderboards/global/top?limit=1&cursor=" + page.json().get("nextCursor").asString());
		assertThat(next.json().get("entries").get(0).get("nickName").asString()).isEqualTo("Alice");
		assertThat(next.json().get("entries").get(0).get("rank").asLong()).isEqualTo(2);
		assertThat(next.json().get("nextCursor").isNull()).isTrue();

		Response around = this.http.get("/leaderboards/global/users/1/around");
		assertThat(around.status()).isEqualTo(503);
		assertThat(around.contentType()).isEqualTo("application/problem+json");
		assertThat(around.header("Retry-After")).isEqualTo("5");
	}

	@Test
	void whileRedisIsDownWritesAreLimitedByThisInstancesOwnBuckets() {
		String token = this.http.token("carol", "Carol");

		for (int write = 1; write <= 2; write++) {
			Response response = this.http.postJson("/scores", "{\"score\": " + write + "}", token);

			assertThat(response.status()).as("write " + write).isEqualTo(200);
			assertThat(response.header("RateLimit-Limit")).isEqualTo("2");
		}
		Response refused = this.http.postJson("/scores", "{\"score\": 3}", token);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
		assertThat(this.jdbc.sql("SELECT games_played FROM board_scores").query(Long.class).single()).isEqualTo(2);

		String dave = this.http.token("dave", "Dave");
		Response keyed = this.http.postJson("/scores", "{\"score\": 6}", dave,
				java.util.Map.of("Idempotency-Key", "while-redis-is-down"));
		assertThat(keyed.status()).isEqualTo(200);
		assertThat(this.http
			.postJson("/scores", "{\"score\": 6}", dave, java.util.Map.of("Idempotency-Key", "while-redis-is-down"))
			.header("Idempotent-Replayed")).isEqualTo("true");
	}

}
