package io.leaderboard.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token-bucket script's arithmetic on a real Redis, each request at a time of the
 * test's choosing.
 */
class TokenBucketIntegrationTests {

	private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

	private final RedisClient client = RedisClient.create();

	private final Redis server = TestInfrastructure.redis();

	private final String key = "test:" + System.nanoTime();

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.connection = this.client.connect(StringCodec.UTF8,
				RedisURI.builder()
					.withHost(this.server.host())
					.withPort(this.server.port())
					.withDatabase(this.server.database())
					.build());
	}

	@AfterEach
	void disconnect() {
		this.connection.sync().del(RateLimiter.KEY_PREFIX + this.key);
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void aFullBucketAdmitsABurstOfItsCapacity() {
		Limit limit = new Limit(5, 1);
		for (long remaining = 4; remaining >= 0; remaining--) {
			assertThat(take(T, limit)).isEqualTo(new Decision(true, 5, remaining, 5 - remaining, 0));
		}

		assertThat(take(T, limit)).isEqualTo(new Decision(false, 5, 0, 5, 1));
	}

	@Test
	void tokensComeBackAtTheRefillRate() {
		Limit limit = new Limit(10, 2);
		for (int request = 1; request <= 10; request++) {
			take(T, limit);
		}

		assertThat(take(T.plusMillis(499), limit).allowed()).isFalse();
		assertThat(take(T.plusMillis(500), limit)).satisfies((decision) -> {
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.remaining()).isZero();
		});
		assertThat(take(T.plusMillis(500), limit).allowed()).isFalse();
		assertThat(take(T.plusMillis(2_500), limit).remaining()).isEqualTo(3);
	}

	@Test
	void anIdleBucketHoldsNoMoreThanItsCapacity() {
		Limit limit = new Limit(3, 10);
		take(T, limit);

		assertThat(take(T.plus(Duration.ofHours(1)), limit).remaining()).isEqualTo(2);
	}

	@Test
	void aRefusalSaysWhenTheNextTokenComesAndWhenTheBucketIsFull() {
		// as a board with leaderboard.rate-limits.boards.<id>.refill-per-second=0.001
		Limit slow = new Limit(2, 0.001);
		take(T, slow);
		take(T, slow);

		assertThat(take(T, slow)).isEqualTo(new Decision(false, 2, 0, 2_000, 1_000));
		assertThat(take(T.plusSeconds(400), slow)).isEqualTo(new Decision(false, 2, 0, 1_600, 600));
	}

	@Test
	void fractionalRatesRefillOneTokenEveryFewSeconds() {
		Limit oneEveryTenSeconds = new Limit(1, 0.1);
		take(T, oneEveryTenSeconds);

		assertThat(take(T.plusSeconds(3), oneEveryTenSeconds).retryAfterSeconds()).isEqualTo(7);
		assertThat(take(T.plusSeconds(10), oneEveryTenSeconds).allowed()).isTrue();
	}

	@Test
	void aBucketExpiresFiveSecondsAfterItWouldBeFull() {
		Limit limit = new Limit(10, 2);
		take(T, limit);
		assertThat(ttl()).isBetween(5_000L, 5_500L);

		for (int request = 1; request <= 4; request++) {
			take(T, limit);
		}
		assertThat(ttl()).isBetween(7_000L, 7_500L);
	}

	@Test
	void anInstanceWhoseClockIsBehindAddsNoTokens() {
		Limit limit = new Limit(2, 1);
		take(T.plusSeconds(10), limit);
		take(T.plusSeconds(10), limit);

		assertThat(take(T, limit).allowed()).isFalse();
		assertThat(take(T.plusMillis(10_500), limit).allowed()).isFalse();
		assertThat(take(T.plusSeconds(11), limit).allowed()).isTrue();
	}

	@Test
	void aLowerCapacityAppliesToABucketAlreadyFuller() {
		take(T, new Limit(10, 1));

		assertThat(take(T, new Limit(3, 1))).isEqualTo(new Decision(true, 3, 2, 1, 0));
	}

	@Test
	void aKeyLeftByTheFormerLimiterCountsAsAFullBucket() {
		this.connection.sync().set(RateLimiter.KEY_PREFIX + this.key, "\u0001bucket4j", SetArgs.Builder.px(60_000));

		assertThat(take(T, new Limit(5, 1)).remaining()).isEqualTo(4);
		assertThat(this.connection.sync().type(RateLimiter.KEY_PREFIX + this.key)).isEqualTo("hash");
		assertThat(ttl()).isBetween(5_000L, 6_000L);
	}

	@Test
	void tokensAdmittedWhileRedisCouldNotBeAskedAreTakenFirstButNeverBelowEmpty() {
		assertThat(charge(T, 4)).containsExactly(1L, 5L, 0L, 5_000L);
		assertThat(charge(T, 20)).containsExactly(0L, 0L, 1_000L, 10_000L);
		assertThat(take(T.plusSeconds(1), new Limit(10, 1)).remaining()).isZero();
	}

	/** A request to a bucket of 10 refilled at 1 per second that owes {@code owed}. */
	private List<Object> charge(Instant at, long owed) {
		return this.connection.sync()
			.eval(RateLimiter.TOKEN_BUCKET.getScriptAsString(), ScriptOutputType.MULTI,
					new String[] { RateLimiter.KEY_PREFIX + this.key }, "1", "10", Long.toString(at.toEpochMilli()),
					"1", Long.toString(owed));
	}

	private Decision take(Instant at, Limit limit) {
		return TestLimiters.on(this.connection.async(), Clock.fixed(at, ZoneOffset.UTC)).tryConsume(this.key, limit);
	}

	private long ttl() {
		return this.connection.sync().pttl(RateLimiter.KEY_PREFIX + this.key);
	}

}
