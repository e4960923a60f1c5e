package io.leaderboard.api.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their request a byte at a time (slow loris) hold no worker: Tomcat
 * reads request heads without a thread, so with more of them than it has threads, a
 * player's read is still answered at once. (On Java 21+ the workers are virtual threads;
 * this runs on a pool of two platform threads to show it does not depend on that.)
 */
@TestPropertySource(properties = { "spring.threads.virtual.enabled=false", "server.tomcat.threads.max=2",
		"server.tomcat.threads.min-spare=1" })
class SlowClientsIntegrationTests extends ApiTestBase {

	@Test
	void slowClientsHoldNoWorkerAndOthersAreAnswered() throws Exception {
		// the first answer of a new context pays for its warm-up
		assertThat(this.http.get("/leaderboards").status()).isEqualTo(200);
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				Socket socket = new Socket("127.0.0.1", this.port);
				socket.getOutputStream()
					.write("GET /leaderboards/global/top HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.US_ASCII));
				slow.add(socket);
			}
			// a byte each from every slow client, while players read
			for (int round = 0; round < 5; round++) {
				for (Socket socket : slow) {
					trickle(socket.getOutputStream());
				}
				long started = System.nanoTime();
				assertThat(this.http.get("/leaderboards").status()).isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	private static void trickle(OutputStream out) throws IOException {
		out.write('h');
		out.flush();
	}

}
