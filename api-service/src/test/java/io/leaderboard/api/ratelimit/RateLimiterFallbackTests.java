package io.leaderboard.api.ratelimit;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import io.leaderboard.api.support.TestClock;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a Redis that answers at once or too late: a late answer switches the limiter to
 * this instance's share in memory, one request per probe interval asks Redis again, and
 * the first answer in time switches back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimiterFallbackTests {

	private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

	/** Shared by two instances: each holds 5, refilled at 0.5 per second. */
	private static final Limit TEN = new Limit(10, 1);

	private static final String KEY = "write:global:alice";

	private final TestClock clock = new TestClock();

	private final FakeRedis redis = new FakeRedis();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private RateLimiter limiter;

	@BeforeEach
	void limiter() {
		this.clock.set(T);
		this.limiter = new RateLimiter(this.redis::commands, () -> {
		}, Duration.ofMillis(20), Duration.ofSeconds(1), new LocalBuckets(2, 1_000, this.clock), this.clock,
				this.meters);
	}

	@Test
	void aLateAnswerCountsTheRequestInThisInstancesShare() {
		this.redis.late();

		Decision first = this.limiter.tryConsume(KEY, TEN);
		for (int request = 2; request <= 5; request++) {
			assertThat(this.limiter.tryConsume(KEY, TEN).allowed()).isTrue();
		}
		Decision refused = this.limiter.tryConsume(KEY, TEN);

		assertThat(first).isEqualTo(new Decision(true, 5, 4, 2, 0));
		assertThat(refused).isEqualTo(new Decision(false, 5, 0, 10, 2));
		assertThat(this.limiter.countsLocally()).isTrue();
		assertThat(this.meters.get("leaderboard.ratelimit.local").gauge().value()).isOne();
	}

	@Test
	void whileCountingLocallyOneRequestPerProbeIntervalAsksRedis() {
		this.redis.late();
		for (int request = 1; request <= 20; request++) {
			this.limiter.tryConsume(KEY, TEN);
		}
		assertThat(this.redis.asked()).isOne();

		this.clock.set(T.plusMillis(999));
		this.limiter.tryConsume(KEY, TEN);
		assertThat(this.redis.asked()).isOne();

		this.clock.set(T.plusSeconds(1));
		for (int request = 1; request <= 20; request++) {
			this.limiter.tryConsume(KEY, TEN);
		}
		assertThat(this.redis.asked()).isEqualTo(2);
		assertThat(this.limiter.countsLocally()).isTrue();
	}

	@Test
	void anAnswerInTimeSwitchesBackAndChargesWhatTheShareAdmittedMeanwhile() {
		this.redis.late();
		for (int request = 1; request <= 3; request++) {
			this.limiter.tryConsume(KEY, TEN);
		}
		this.clock.set(T.plusSeconds(1));
		// the probe is late too: its request is counted here, its charge kept
		this.limiter.tryConsume(KEY, TEN);

		this.redis.inTime();
		this.clock.set(T.plusSeconds(2));
		Decision probe = this.limiter.tryConsume(KEY, TEN);
		Decision next = this.limiter.tryConsume(KEY, TEN);

		assertThat(probe).isEqualTo(FakeRedis.ANSWER);
		assertThat(next).isEqualTo(FakeRedis.ANSWER);
		assertThat(this.redis.owed()).containsExactly("0", "3", "4", "0");
		assertThat(this.limiter.countsLocally()).isFalse();
		assertThat(this.meters.get("leaderboard.ratelimit.local").gauge().value()).isZero();
	}

	@Test
	void requestsAdmittedByRedisDrainTheShareSoASwitchHandsOutNoFreshBurst() {
		for (int request = 1; request <= 5; request++) {
			assertThat(this.limiter.tryConsume(KEY, TEN).allowed()).isTrue();
		}

		this.redis.late();

		assertThat(this.limiter.tryConsume(KEY, TEN).allowed()).isFalse();
	}

	@Test
	void eachSwitchIsLoggedAndCountedOnce(CapturedOutput output) {
		this.redis.late();
		for (int request = 1; request <= 10; request++) {
			this.limiter.tryConsume(KEY, TEN);
		}
		this.redis.inTime();
		this.clock.set(T.plusSeconds(1));
		for (int request = 1; request <= 10; request++) {
			this.limiter.tryConsume(KEY, TEN);
		}

		assertThat(output.getOut()).containsOnlyOnce("Redis did not answer within PT0.02S")
			.containsOnlyOnce("Redis answers in time again");
		assertThat(this.meters.get("leaderboard.ratelimit.switches").tag("to", "local").counter().count()).isOne();
		assertThat(this.meters.get("leaderboard.ratelimit.switches").tag("to", "shared").counter().count()).isOne();
	}

	/**
	 * Answers every token-bucket script at once ("allowed, 9 left") or never, and keeps
	 * the tokens each request said it owed.
	 */
	static final class FakeRedis {

		static final Decision ANSWER = new Decision(true, 10, 9, 1, 0);

		private final List<String> owed = new CopyOnWriteArrayList<>();

		private volatile boolean late;

		void late() {
			this.late = true;
		}

		void inTime() {
			this.late = false;
		}

		int asked() {
			return this.owed.size();
		}

		List<String> owed() {
			return this.owed;
		}

		@SuppressWarnings("unchecked")
		RedisAsyncCommands<String, String> commands() {
			return (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisAsyncCommands.class }, (proxy, method, args) -> {
						if (!method.getName().equals("evalsha")) {
							throw new UnsupportedOperationException(method.getName());
						}
						String[] arguments = (String[]) args[args.length - 1];
						this.owed.add(arguments[4]);
						Reply reply = new Reply();
						if (!this.late) {
							reply.complete(List.of(1L, 9L, 0L, 1_000L));
						}
						return reply;
					});
		}

	}

	/** A reply that comes when completed, as Lettuce's commands do. */
	static final class Reply extends CompletableFuture<List<Object>> implements RedisFuture<List<Object>> {

		@Override
		public String getError() {
			return null;
		}

		@Override
		public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
			try {
				get(timeout, unit);
				return true;
			}
			catch (TimeoutException ex) {
				return false;
			}
			catch (ExecutionException ex) {
				return true;
			}
		}

	}

}
