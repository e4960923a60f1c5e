package io.leaderboard.broadcaster.fanout;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param heartbeat how often an idle stream gets a comment line (SSE) or a ping
 * (WebSocket), to keep proxies from closing it
 * @param retry the reconnection delay clients are told
 * @param replayRetention how long updates stay available for {@code Last-Event-ID}
 * @param replayMaxEvents the most updates kept per board for replay
 * @param minInterval the least time between two live frames of one board, so on any
 * connection (the rate cap; 500 ms = at most 2 updates per second); frames in between are
 * conflated to the latest, and stay in the replay buffer
 * @param stallTimeout how long a connection may leave a frame unread before it is
 * dropped; the client can resume with its last event id
 */
@Validated
@ConfigurationProperties("leaderboard.stream")
public record StreamProperties(@NotNull Duration heartbeat, @NotNull Duration retry, @NotNull Duration replayRetention,
		@Min(1) int replayMaxEvents, @NotNull Duration minInterval, @NotNull Duration stallTimeout) {

}
