package io.leaderboard.broadcaster.fanout;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param heartbeat how often an idle stream gets a comment line, to keep proxies from
 * closing it
 * @param retry the reconnection delay clients are told
 * @param replayRetention how long updates stay available for {@code Last-Event-ID}
 * @param replayMaxEvents the most updates kept per board for replay
 */
@Validated
@ConfigurationProperties("leaderboard.stream")
public record StreamProperties(@NotNull Duration heartbeat, @NotNull Duration retry, @NotNull Duration replayRetention,
		@Min(1) int replayMaxEvents) {

}
