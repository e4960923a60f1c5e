package io.leaderboard.broadcaster.admission;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.leaderboard.broadcaster.Broadcasters;
import io.leaderboard.events.Boards;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client cannot take what the others need: streams per address, boards per socket,
 * and the size and rate of a socket's messages are capped, with a clear refusal.
 */
class ClientCapsIntegrationTests {

	private static ConfigurableApplicationContext capped;

	private static ConfigurableApplicationContext sockets;

	@BeforeAll
	static void start() {
		Redis redis = TestInfrastructure.redis();
		StringRedisTemplate definitions = redis(redis);
		for (String board : List.of("caps-a", "caps-b", "caps-c")) {
			definitions.opsForHash().put(Boards.DEFINITIONS_KEY, board, "{}");
		}
		capped = Broadcasters.start(redis, "--leaderboard.clients.max-connections-per-address=2",
				"--leaderboard.clients.request-head-timeout=1s");
		sockets = Broadcasters.start(redis, "--leaderboard.clients.max-connections-per-address=0",
				"--leaderboard.clients.max-subscriptions-per-socket=2", "--leaderboard.clients.max-message-size=256B",
				"--leaderboard.clients.max-messages-per-second=5");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Broadcasters.ready(Broadcasters.port(capped))
					&& Broadcasters.ready(Broadcasters.port(sockets)));
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { capped, sockets }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@Test
	void anAddressHoldsAtMostItsStreamsAndGetsOneBackWhenItClosesOne() throws Exception {
		int port = Broadcasters.port(capped);
		try (Socket first = open(port, "/events"); Socket second = open(port, "/leaderboards/caps-a/events")) {
			assertThat(statusLine(first)).contains(" 200 ");
			assertThat(statusLine(second)).contains(" 200 ");
			try (Socket third = open(port, "/leaderboards/caps-b/events")) {
				assertThat(response(third)).startsWith("HTTP/1.1 429")
					.containsIgnoringCase("Retry-After: 5")
					.contains("application/problem+json")
					.contains("\"title\":\"Too many streams\"");
			}
			try (Socket socket = openWebSocket(port)) {
				assertThat(statusLine(socket)).contains(" 429 ");
			}
			first.close();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				try (Socket again = open(port, "/events")) {
					assertThat(statusLine(again)).contains(" 200 ");
				}
			});
		}
	}

	@Test
	void aClientSendingItsHeadersAByteAtATimeIsClosedAndOthersAreServed() throws Exception {
		int port = Broadcasters.port(capped);
		try (Socket slow = new Socket("localhost", port)) {
			OutputStream out = slow.getOutputStream();
			out.write("GET /events HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
			long started = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
				try {
					out.write('x');
					out.flush();
					return false;
				}
				catch (IOException closed) {
					return true;
				}
			});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(Broadcasters.ready(port)).isTrue();
		}
	}

	@Test
	void aWebSocketOutlivesTheHeadDeadline() {
		List<String> received = new CopyOnWriteArrayList<>();
		AtomicReference<CloseStatus> closed = new AtomicReference<>();
		Sinks.Many<String> commands = Sinks.many().unicast().onBackpressureBuffer();
		Disposable socket = connect(Broadcasters.port(capped), commands.asFlux(), received, closed);
		try {
			// three times the deadline the capped instance gives a request's head
			await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
			commands.tryEmitNext("{\"action\":\"subscribe\",\"board\":\"caps-a\"}");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(received).anyMatch((message) -> message.contains("\"snapshot\"")));
			assertThat(closed.get()).isNull();
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void aSocketFollowsAtMostItsBoards() {
		List<String> received = new CopyOnWriteArrayList<>();
		Sinks.Many<String> commands = Sinks.many().unicast().onBackpressureBuffer();
		Disposable socket = connect(commands.asFlux(), received, new AtomicReference<>());
		try {
			for (String board : List.of("caps-a", "caps-b", "caps-c")) {
				commands.tryEmitNext("{\"action\":\"subscribe\",\"board\":\"" + board + "\"}");
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(received).anyMatch(
						(message) -> message.contains("\"type\":\"error\"") && message.contains("at most 2 boards")));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(received).filteredOn((message) -> message.contains("\"snapshot\""))
					.hasSize(2));
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void aMessageOverTheSizeClosesTheSocketWith1009() {
		AtomicReference<CloseStatus> closed = new AtomicReference<>();
		String large = "{\"action\":\"subscribe\",\"board\":\"" + "a".repeat(1000) + "\"}";
		Disposable socket = connect(Flux.just(large), new CopyOnWriteArrayList<>(), closed);
		try {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(closed.get()).extracting(CloseStatus::getCode).isEqualTo(1009));
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void tooManyMessagesCloseTheSocketWithTheReason() {
		AtomicReference<CloseStatus> closed = new AtomicReference<>();
		Flux<String> burst = Flux.range(0, 30).map((i) -> "{\"action\":\"unsubscribe\",\"board\":\"caps-a\"}");
		Disposable socket = connect(burst, new CopyOnWriteArrayList<>(), closed);
		try {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(closed.get()).extracting(CloseStatus::getCode).isEqualTo(1008);
				assertThat(closed.get().getReason()).contains("at most 5 per second");
			});
		}
		finally {
			socket.dispose();
		}
	}

	private static Disposable connect(Flux<String> commands, List<String> received,
			AtomicReference<CloseStatus> closed) {
		return connect(Broadcasters.port(sockets), commands, received, closed);
	}

	private static Disposable connect(int port, Flux<String> commands, List<String> received,
			AtomicReference<CloseStatus> closed) {
		return new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws"),
					(session) -> session.send(commands.map(session::textMessage))
						.and(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(received::add))
						.and(session.closeStatus().doOnNext(closed::set)))
			.subscribe();
	}

	private static Socket open(int port, String path) throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.setSoTimeout(10_000);
		socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	private static Socket openWebSocket(int port) throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.setSoTimeout(10_000);
		socket.getOutputStream()
			.write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	/** The status line, headers and a body of Content-Length bytes. */
	private static String response(Socket socket) throws IOException {
		StringBuilder head = new StringBuilder();
		int length = 0;
		for (String line = statusLine(socket); !line.isBlank(); line = statusLine(socket)) {
			head.append(line).append('\n');
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return head + new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
	}

	private static String statusLine(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
			line.append((char) c);
		}
		return line.toString().strip();
	}

	private static StringRedisTemplate redis(Redis redis) {
		org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory factory = new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
				new org.springframework.data.redis.connection.RedisStandaloneConfiguration(redis.host(), redis.port()) {
					{
						setDatabase(redis.database());
					}
				});
		factory.afterPropertiesSet();
		return new StringRedisTemplate(factory);
	}

}
