package io.leaderboard.projection.notification;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param throttle the least time between two notifications of a board whose top kept its
 * members
 * @param trailingCheck how often a throttled change is looked for, so it goes out even
 * when no further event arrives
 * @param ackTimeout how long to wait for the broker to take a notification
 */
@Validated
@ConfigurationProperties("leaderboard.notification")
record NotificationProperties(@NotNull Duration throttle, @NotNull Duration trailingCheck,
		@NotNull Duration ackTimeout) {

}
