package io.leaderboard.api.ratelimit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buckets against a real Redis, without the application: one round trip per request,
 * and one limit however many instances share it.
 */
class SharedBucketsIntegrationTests {

	private static final Limit FIVE = new Limit(5, 0.001);

	private final RedisClient client = RedisClient.create();

	private final Redis server = TestInfrastructure.redis();

	private final String key = "test:" + System.nanoTime();

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.connection = this.client.connect(StringCodec.UTF8, uri());
		// as every request after the first one since Redis started
		this.connection.sync().scriptLoad(RateLimiter.TOKEN_BUCKET.getScriptAsString());
	}

	@AfterEach
	void disconnect() {
		this.connection.sync().del(RateLimiter.KEY_PREFIX + this.key);
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void oneInstanceTakesOneRoundTripPerRequestAllowedOrNot() {
		AtomicInteger roundTrips = new AtomicInteger();
		RateLimiter limiter = limiter(counting(this.connection.async(), roundTrips));

		List<Boolean> allowed = new ArrayList<>();
		for (int request = 1; request <= 8; request++) {
			allowed.add(limiter.tryConsume(this.key, FIVE).allowed());
			assertThat(roundTrips.getAndSet(0)).as("round trips of request " + request).isEqualTo(1);
		}

		assertThat(allowed).containsExactly(true, true, true, true, true, false, false, false);
	}

	@Test
	void instancesTakingTurnsShareOneLimitAtOneRoundTripEach() {
		AtomicInteger roundTrips = new AtomicInteger();
		RedisClient otherClient = RedisClient.create();
		try (StatefulRedisConnection<String, String> other = otherClient.connect(StringCodec.UTF8, uri())) {
			RateLimiter first = limiter(counting(this.connection.async(), roundTrips));
			RateLimiter second = limiter(counting(other.async(), roundTrips));

			long allowed = 0;
			for (int request = 1; request <= 10; request++) {
				RateLimiter instance = (request % 2 == 0) ? second : first;
				if (instance.tryConsume(this.key, FIVE).allowed()) {
					allowed++;
				}
				assertThat(roundTrips.getAndSet(0)).as("round trips of request " + request).isEqualTo(1);
			}

			assertThat(allowed).isEqualTo(5);
		}
		finally {
			otherClient.shutdown();
		}
	}

	@Test
	void aBucketDeletedInRedisIsFullAgain() {
		RateLimiter limiter = limiter(this.connection.async());
		for (int request = 1; request <= 5; request++) {
			limiter.tryConsume(this.key, FIVE);
		}
		assertThat(limiter.tryConsume(this.key, FIVE).allowed()).isFalse();

		this.connection.sync().del(RateLimiter.KEY_PREFIX + this.key);

		assertThat(limiter.tryConsume(this.key, FIVE)).satisfies((decision) -> {
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.remaining()).isEqualTo(4);
		});
		assertThat(this.connection.sync().pttl(RateLimiter.KEY_PREFIX + this.key)).isPositive();
	}

	@Test
	void aScriptRedisHasForgottenIsSentWholeOnce() {
		AtomicInteger roundTrips = new AtomicInteger();
		AtomicBoolean forgotten = new AtomicBoolean(true);
		RateLimiter limiter = limiter(forgetting(counting(this.connection.async(), roundTrips), forgotten));

		Decision first = limiter.tryConsume(this.key, FIVE);
		int firstRoundTrips = roundTrips.getAndSet(0);
		Decision second = limiter.tryConsume(this.key, FIVE);

		assertThat(firstRoundTrips).isEqualTo(2);
		assertThat(roundTrips.get()).isEqualTo(1);
		assertThat(List.of(first.remaining(), second.remaining())).containsExactly(4L, 3L);
	}

	@Test
	void withoutRedisTheLocalBucketsCountAtOnce() {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", TestInfrastructure.freePort()));
		RateLimitProperties properties = new RateLimitProperties(true, FIVE, FIVE, Map.of(), 1, Duration.ofMillis(500),
				Duration.ofMinutes(1), 100);
		RateLimiter limiter = RateLimiter.lettuce(client, 0, properties, new SimpleMeterRegistry());
		try {
			Decision first = limiter.tryConsume("test:nobody", FIVE);
			long start = System.nanoTime();
			List<Boolean> next = new ArrayList<>();
			for (int request = 2; request <= 6; request++) {
				next.add(limiter.tryConsume("test:nobody", FIVE).allowed());
			}
			Duration asked = Duration.ofNanos(System.nanoTime() - start);

			assertThat(first.allowed()).isTrue();
			assertThat(next).containsExactly(true, true, true, true, false);
			assertThat(limiter.countsLocally()).isTrue();
			assertThat(asked).isLessThan(Duration.ofMillis(50));
		}
		finally {
			limiter.close();
		}
	}

	private static RateLimiter limiter(RedisAsyncCommands<String, String> commands) {
		return TestLimiters.on(commands, Clock.systemUTC());
	}

	private RedisURI uri() {
		return RedisURI.builder()
			.withHost(this.server.host())
			.withPort(this.server.port())
			.withDatabase(this.server.database())
			.build();
	}

	/**
	 * The same commands, but the first script run by its digest is asked for by a digest
	 * Redis does not know, as after a restart.
	 */
	@SuppressWarnings("unchecked")
	private static RedisAsyncCommands<String, String> forgetting(RedisAsyncCommands<String, String> commands,
			AtomicBoolean forgotten) {
		return (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(
				SharedBucketsIntegrationTests.class.getClassLoader(), new Class<?>[] { RedisAsyncCommands.class },
				(proxy, method, args) -> {
					if (method.getName().equals("evalsha") && forgotten.getAndSet(false)) {
						args[0] = "0".repeat(40);
					}
					try {
						return method.invoke(commands, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/** The same commands, counting each one sent to Redis. */
	@SuppressWarnings("unchecked")
	private static RedisAsyncCommands<String, String> counting(RedisAsyncCommands<String, String> commands,
			AtomicInteger sent) {
		return (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(
				SharedBucketsIntegrationTests.class.getClassLoader(), new Class<?>[] { RedisAsyncCommands.class },
				(proxy, method, args) -> {
					sent.incrementAndGet();
					try {
						return method.invoke(commands, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
