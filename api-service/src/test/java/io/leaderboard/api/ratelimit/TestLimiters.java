package io.leaderboard.api.ratelimit;

import java.time.Clock;
import java.time.Duration;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Limiters on a connection a test holds, for one instance. */
final class TestLimiters {

	private TestLimiters() {
	}

	/** Patient enough never to count locally on a machine however loaded. */
	static RateLimiter on(RedisAsyncCommands<String, String> commands, Clock clock) {
		return on(commands, clock, Duration.ofSeconds(2), new LocalBuckets(1, 1_000, clock));
	}

	static RateLimiter on(RedisAsyncCommands<String, String> commands, Clock clock, Duration timeout,
			LocalBuckets local) {
		return new RateLimiter(() -> commands, () -> {
		}, timeout, Duration.ofSeconds(1), local, clock, new SimpleMeterRegistry());
	}

}
