package io.leaderboard.api.period;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When ended periods are closed.
 *
 * @param closeGrace how long after a reset a period is closed: submissions accepted
 * before the reset are committed within it (a group commit's batch, a retry), so all of
 * them are in the frozen results
 * @param checkInterval how often each instance looks for periods to close
 * @param hotRetention how many of a board's newest closed periods stay in Redis; older
 * ones leave it and are read from their frozen results in PostgreSQL
 */
@Validated
@ConfigurationProperties("leaderboard.periods")
record PeriodsProperties(@DefaultValue("10s") @NotNull Duration closeGrace,
		@DefaultValue("1s") @NotNull Duration checkInterval, @DefaultValue("2") @PositiveOrZero int hotRetention) {

}
