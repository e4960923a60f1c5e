package io.leaderboard.broadcaster.socket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.leaderboard.broadcaster.Broadcasters;
import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.RankChange;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bytes per update per connection, as clients receive them, for a one-row change of a top
 * 10: SSE events as written on the connection (chunk framing included), WebSocket frames
 * with and without {@code permessage-deflate}, for full and delta frames.
 */
class FrameBytesIntegrationTests {

	private static final EventCodec codec = new EventCodec();

	private static final Instant AT = Instant.parse("2026-12-04T13:53:18.123456Z");

	/** A board of this run's own: the compacted topic keeps earlier runs' tops. */
	private static final String BOARD = "frame-bytes-" + Long.toString(System.currentTimeMillis(), 36);

	private static ConfigurableApplicationContext broadcaster;

	private static KafkaProducer<String, byte[]> producer;

	@BeforeAll
	static void start() {
		// no heartbeats or pings between the frames measured
		broadcaster = Broadcasters.start(TestInfrastructure.redis(), "--leaderboard.stream.min-interval=0s",
				"--leaderboard.stream.heartbeat=10m");
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		await().atMost(Duration.ofSeconds(60)).until(() -> Broadcasters.ready(port()));
		StringRedisTemplate redis = new StringRedisTemplate(broadcaster.getBean(RedisConnectionFactory.class));
		// on a loaded machine the first connection may time out
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> redis.opsForHash().put(Boards.DEFINITIONS_KEY, BOARD, "{}"));
	}

	@AfterAll
	static void stop() {
		if (producer != null) {
			producer.close();
		}
		if (broadcaster != null) {
			broadcaster.close();
		}
	}

	@Test
	void aOneRowChangeOfATopTenIsAtLeastThreeTimesSmallerAsADelta() throws Exception {
		try (SseEvents fullSse = new SseEvents(port(), "/leaderboards/" + BOARD + "/events");
				SseEvents deltaSse = new SseEvents(port(), "/leaderboards/" + BOARD + "/events?frames=delta");
				RawWebSocket fullSocket = subscribed(RawWebSocket.open(port(), 10_000), "full");
				RawWebSocket deltaSocket = subscribed(RawWebSocket.open(port(), 10_000), "delta");
				RawWebSocket fullDeflated = subscribed(RawWebSocket.openDeflating(port(), 10_000), "full");
				RawWebSocket deltaDeflated = subscribed(RawWebSocket.openDeflating(port(), 10_000), "delta")) {
			assertThat(fullDeflated.handshake())
				.anyMatch((header) -> header.toLowerCase().startsWith("sec-websocket-extensions: permessage-deflate"));
			assertThat(fullSocket.handshake()).noneMatch((header) -> header.toLowerCase().contains("deflate"));
			List<RawWebSocket> sockets = List.of(fullSocket, deltaSocket, fullDeflated, deltaDeflated);
			for (RawWebSocket socket : sockets) {
				message(socket, (text) -> text.contains("\"reason\":\"connect\""));
			}

			publish(1, topTen(0), List.of());
			fullSse.event(1);
			deltaSse.event(1);
			for (RawWebSocket socket : sockets) {
				message(socket, (text) -> text.contains("\"sequence\":1"));
			}
			publish(2, topTen(25), List.of(new RankChange(5, "player-1000005", 5L, 5L, 1500L, 1525L)));

			Received sseFull = fullSse.event(2);
			Received sseDelta = deltaSse.event(2);
			RawWebSocket.Frame wsFull = message(fullSocket, (text) -> text.contains("\"sequence\":2"));
			RawWebSocket.Frame wsDelta = message(deltaSocket, (text) -> text.contains("\"sequence\":2"));
			RawWebSocket.Frame wsFullDeflated = message(fullDeflated, (text) -> text.contains("\"sequence\":2"));
			RawWebSocket.Frame wsDeltaDeflated = message(deltaDeflated, (text) -> text.contains("\"sequence\":2"));

			assertThat(sseFull.text()).startsWith("id:2\nevent:update\n");
			assertThat(sseDelta.text()).startsWith("id:2\nevent:delta\n").contains("\"base\":1", "\"index\":4");
			assertThat(wsDelta.text()).isEqualTo(sseDelta.text().split("\n")[2].substring("data:".length()));
			assertThat(wsFullDeflated.compressed()).isTrue();
			assertThat(wsDeltaDeflated.text()).isEqualTo(wsDelta.text());
			System.out.printf("Bytes per update per connection, one-row change of a top 10:%n"
					+ "  SSE        full %5d  delta %4d  (%.1fx)%n" + "  WebSocket  full %5d  delta %4d  (%.1fx)%n"
					+ "  WebSocket + permessage-deflate  full %5d  delta %4d  (%.1fx)%n", sseFull.wireSize(),
					sseDelta.wireSize(), ratio(sseFull.wireSize(), sseDelta.wireSize()), wsFull.wireSize(),
					wsDelta.wireSize(), ratio(wsFull.wireSize(), wsDelta.wireSize()), wsFullDeflated.wireSize(),
					wsDeltaDeflated.wireSize(), ratio(wsFullDeflated.wireSize(), wsDeltaDeflated.wireSize()));
			assertThat(ratio(sseFull.wireSize(), sseDelta.wireSize())).isGreaterThanOrEqualTo(3);
			assertThat(ratio(wsFull.wireSize(), wsDelta.wireSize())).isGreaterThanOrEqualTo(3);
			assertThat(wsFullDeflated.wireSize()).isLessThan(wsFull.wireSize());
		}
	}

	private static double ratio(int full, int delta) {
		return (double) full / delta;
	}

	private static RawWebSocket subscribed(RawWebSocket socket, String frames) {
		socket.offer(RawWebSocket.TEXT, true,
				("{\"action\":\"subscribe\",\"board\":\"" + BOARD + "\",\"frames\":\"" + frames + "\"}")
					.getBytes(StandardCharsets.UTF_8));
		return socket;
	}

	/** The socket's next text message that matches, skipping the others. */
	private static RawWebSocket.Frame message(RawWebSocket socket, Predicate<String> wanted) throws IOException {
		for (RawWebSocket.Frame frame = socket.next(); frame != null; frame = socket.next()) {
			if (frame.opcode() == RawWebSocket.TEXT && wanted.test(frame.text())) {
				return frame;
			}
		}
		throw new AssertionError("The socket ended before the message expected");
	}

	private static void publish(long sequence, List<LeaderboardEntry> top, List<RankChange> changes) throws Exception {
		LeaderboardChanged changed = new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, BOARD, "all", sequence,
				top, changes, false, AT, Instant.now());
		producer.send(new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS, BOARD, codec.toBytes(changed))).get();
	}

	/**
	 * Ten players with seven-digit ids, where the fifth's score moved by {@code bump}.
	 */
	private static List<LeaderboardEntry> topTen(long bump) {
		List<LeaderboardEntry> top = new ArrayList<>();
		for (int rank = 1; rank <= 10; rank++) {
			top.add(new LeaderboardEntry(rank, 1_000_000 + rank, "player-" + (1_000_000 + rank),
					2000 - 100 * rank + ((rank == 5) ? bump : 0), AT, null));
		}
		return top;
	}

	private static int port() {
		return Broadcasters.port(broadcaster);
	}

	private record Received(String text, int wireSize) {

	}

	/**
	 * An SSE stream read off its socket, one HTTP chunk per event (each is flushed on its
	 * own), so an event's size on the wire includes its chunk framing.
	 */
	private static final class SseEvents implements AutoCloseable {

		private final Socket socket;

		private final DataInputStream in;

		SseEvents(int port, String path) throws IOException {
			this.socket = new Socket("127.0.0.1", port);
			this.socket.setSoTimeout(30_000);
			this.socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			this.in = new DataInputStream(this.socket.getInputStream());
			List<String> head = new ArrayList<>();
			for (String line = line(); !line.isEmpty(); line = line()) {
				head.add(line.toLowerCase());
			}
			assertThat(head).contains("transfer-encoding: chunked");
		}

		/** The event of the given id, skipping the others. */
		Received event(long id) throws IOException {
			while (true) {
				String size = line();
				int length = Integer.parseInt(size.trim(), 16);
				byte[] data = new byte[length];
				this.in.readFully(data);
				line();
				String text = new String(data, StandardCharsets.UTF_8);
				if (text.startsWith("id:" + id + "\n")) {
					return new Received(text, size.length() + 2 + length + 2);
				}
			}
		}

		private String line() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
				if (c == -1) {
					throw new IOException("The stream ended");
				}
				if (c != '\r') {
					line.write(c);
				}
			}
			return line.toString(StandardCharsets.US_ASCII);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
