package io.leaderboard.api.score;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long a key answers with its first answer; an older key counts as
 * never used
 * @param cleanupInterval how often each instance deletes keys past their retention
 */
@Validated
@ConfigurationProperties("leaderboard.idempotency")
record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration retention,
		@DefaultValue("1h") @NotNull Duration cleanupInterval) {

}
