package io.leaderboard.broadcaster.socket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.leaderboard.broadcaster.FuzzedBroadcaster;
import io.leaderboard.broadcaster.socket.RawWebSocket.Frame;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that drop their connection halfway through a fragmented message (the fuzzer
 * found Reactor Netty logging that at ERROR, at times): each socket ends, nothing is
 * logged at ERROR, and the next client is served.
 */
class ClientLeftMidMessageIntegrationTests extends FuzzedBroadcaster {

	@Test
	void clientsLeavingMidMessageEndTheirSocketsQuietly() throws Exception {
		for (int i = 0; i < 30; i++) {
			try (RawWebSocket socket = RawWebSocket.open(port, 3_000)) {
				socket.offer(RawWebSocket.TEXT, false, "{\"action\":\"sub".getBytes(StandardCharsets.UTF_8));
				socket.dropAbruptly();
			}
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> openWebSockets() == 0);

		try (RawWebSocket socket = RawWebSocket.open(port, 3_000)) {
			socket.offer(RawWebSocket.TEXT, true,
					"{\"action\":\"subscribe\",\"board\":\"nowhere\"}".getBytes(StandardCharsets.UTF_8));
			Frame answer = socket.next();
			assertThat(answer).isNotNull();
			assertThat(answer.text()).contains("There is no board \\\"nowhere\\\"");
		}
		assertThat(this.errors.drain()).isEmpty();
	}

	private static double openWebSockets() {
		return broadcaster.getBean(MeterRegistry.class)
			.get("leaderboard.stream.open")
			.tag("transport", "websocket")
			.gauge()
			.value();
	}

}
