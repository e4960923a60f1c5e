package io.leaderboard.api.ratelimit;

import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes are limited per player and board, reads per client, with the limits in Redis.
 */
@TestPropertySource(properties = { "leaderboard.rate-limits.boards.tight.capacity=2",
		"leaderboard.rate-limits.boards.tight.refill-per-second=0.001", "leaderboard.rate-limits.reads.capacity=5",
		"leaderboard.rate-limits.reads.refill-per-second=0.001" })
class RateLimitIntegrationTests extends ApiTestBase {

	private String alice;

	@BeforeEach
	void tightBoard() {
		defineBoard("tight", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");
		this.alice = this.http.token("alice", "Alice");
	}

	@Test
	void writesBeyondTheBoardsLimitAreRefusedWithRetryAfter() {
		Response first = this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice);
		Response second = this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice);
		Response third = this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice);

		assertThat(List.of(first.status(), second.status())).containsOnly(200);
		assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
		assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
		assertThat(second.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(second.header("RateLimit-Reset"))).isPositive();
		assertThat(third.status()).isEqualTo(429);
		assertThat(third.contentType()).isEqualTo("application/problem+json");
		assertThat(third.json().get("detail").asString()).contains("tight");
		// 1 token per 1000 s
		assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(900L, 1000L);
		assertThat(third.header("RateLimit-Limit")).isEqualTo("2");
		assertThat(third.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(third.header("RateLimit-Reset"))).isPositive();
		assertThat(this.jdbc.sql("SELECT score FROM board_scores").query(Long.class).single()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void everyPlayerHasABucketPerBoard() {
		this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice);
		this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice);

		Response bob = this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}",
				this.http.token("bob", "Bob"));
		Response aliceElsewhere = this.http.postJson("/scores", "{\"score\": 1}", this.alice);

		assertThat(bob.status()).isEqualTo(200);
		assertThat(aliceElsewhere.status()).isEqualTo(200);
		// the default limit (application.yml)
		assertThat(aliceElsewhere.header("RateLimit-Limit")).isEqualTo("50");
	}

	@Test
	void readsAreLimitedPerClient() {
		for (int read = 1; read <= 5; read++) {
			Response response = this.http.get("/leaderboards/tight");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("RateLimit-Remaining")).isEqualTo(Integer.toString(5 - read));
		}

		Response refused = this.http.get("/leaderboard/top");

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.header("Retry-After")).isNotBlank();
		// writes are counted apart
		assertThat(this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice).status())
			.isEqualTo(200);
	}

	@Test
	void bucketsLiveUnderTheLimiterPrefixAndExpire() {
		this.http.postJson("/leaderboards/tight/scores", "{\"score\": 1}", this.alice);
		this.http.get("/leaderboards/tight");

		List<String> buckets;
		try (Cursor<String> keys = this.redis
			.scan(ScanOptions.scanOptions().match("leaderboard:ratelimit:*").build())) {
			buckets = keys.stream().sorted().toList();
		}

		assertThat(buckets).containsExactly("leaderboard:ratelimit:read:127.0.0.1",
				"leaderboard:ratelimit:write:tight:alice");
		for (String bucket : buckets) {
			assertThat(this.redis.getExpire(bucket)).as(bucket).isPositive();
		}
	}

}
