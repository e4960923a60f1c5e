package io.leaderboard.api.ratelimit;

import java.time.Duration;
import java.time.Instant;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import io.leaderboard.api.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each instance's share of the limits, in memory, bounded however many clients come. */
class LocalBucketsTests {

	private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

	private final TestClock clock = new TestClock();

	@BeforeEach
	void stopTime() {
		this.clock.set(T);
	}

	@Test
	void eachInstanceHoldsItsShareOfCapacityRoundedUpAndOfRefill() {
		LocalBuckets three = new LocalBuckets(3, 100, this.clock);

		assertThat(three.share(new Limit(50, 20))).satisfies((share) -> {
			assertThat(share.capacity()).isEqualTo(17);
			assertThat(share.refillPerSecond()).isCloseTo(20.0 / 3, within(1e-9));
		});
		assertThat(three.share(new Limit(1, 0.1)).capacity()).isEqualTo(1);
	}

	@Test
	void aShareAdmitsItsBurstThenRefillsAtItsRate() {
		LocalBuckets two = new LocalBuckets(2, 100, this.clock);
		Limit limit = new Limit(10, 1);
		for (long remaining = 4; remaining >= 0; remaining--) {
			assertThat(two.of("write:global:alice", limit).take())
				.isEqualTo(new Decision(true, 5, remaining, Math.round((5 - remaining) * 2.0), 0));
		}

		assertThat(two.of("write:global:alice", limit).take()).isEqualTo(new Decision(false, 5, 0, 10, 2));
		this.clock.set(T.plusSeconds(2));
		assertThat(two.of("write:global:alice", limit).take().allowed()).isTrue();
		assertThat(two.of("write:global:alice", limit).take().allowed()).isFalse();
	}

	@Test
	void tokensAdmittedHereAreOwedToTheSharedBucketUntilSettled() {
		LocalBuckets one = new LocalBuckets(1, 100, this.clock);
		Limit limit = new Limit(3, 1);
		for (int request = 1; request <= 5; request++) {
			one.of("read:10.0.0.1", limit).take();
		}

		assertThat(one.of("read:10.0.0.1", limit).settle()).isEqualTo(3);
		assertThat(one.of("read:10.0.0.1", limit).settle()).isZero();
		one.of("read:10.0.0.1", limit).unsettled(3);
		assertThat(one.of("read:10.0.0.1", limit).settle()).isEqualTo(3);
	}

	@Test
	void manyClientsKeepNoMoreThanTheMostBuckets() {
		LocalBuckets buckets = new LocalBuckets(1, 100, this.clock);
		for (int client = 0; client < 10_000; client++) {
			buckets.of("read:10.0." + (client / 256) + "." + (client % 256), new Limit(1000, 1000)).take();
		}

		assertThat(buckets.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void aBucketLeftAloneUntilFullIsForgotten() {
		LocalBuckets buckets = new LocalBuckets(1, 100, this.clock);
		buckets.of("write:global:alice", new Limit(10, 2)).take();
		// full after 5 s, kept 5 s more (Caffeine's timer wheel drops it within about a
		// second after that)
		this.clock.set(T.plus(Duration.ofMillis(9_900)));
		assertThat(buckets.size()).isOne();

		this.clock.set(T.plus(Duration.ofSeconds(12)));
		assertThat(buckets.size()).isZero();
	}

}
