package io.leaderboard.api.ratelimit;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.leaderboard.api.ratelimit.RateLimiter.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket's answer in milliseconds, as the headers tell it in whole seconds. */
class DecisionTests {

	private static final Limit LIMIT = new Limit(50, 20);

	@Test
	void anAdmittedRequestHasNoRetryAndItsResetRoundedUp() {
		Decision decision = Decision.of(LIMIT, true, 49, 0, 50);

		assertThat(decision).isEqualTo(new Decision(true, 50, 49, 1, 0));
	}

	@Test
	void aRefusedRequestWaitsWholeSecondsRoundedUpAndAtLeastOne() {
		assertThat(Decision.of(LIMIT, false, 0, 1, 2_500).retryAfterSeconds()).isEqualTo(1);
		assertThat(Decision.of(LIMIT, false, 0, 0, 2_500).retryAfterSeconds()).isEqualTo(1);
		assertThat(Decision.of(LIMIT, false, 0, 1_000, 2_500).retryAfterSeconds()).isEqualTo(1);
		assertThat(Decision.of(LIMIT, false, 0, 1_001, 2_500)).isEqualTo(new Decision(false, 50, 0, 3, 2));
	}

	@Test
	void aFullBucketResetsNow() {
		assertThat(Decision.of(LIMIT, true, 50, 0, 0).resetSeconds()).isZero();
	}

}
