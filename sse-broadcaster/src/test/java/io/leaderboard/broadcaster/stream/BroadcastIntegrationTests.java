package io.leaderboard.broadcaster.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.leaderboard.broadcaster.Broadcasters;
import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.PeriodResult;
import io.leaderboard.events.PlayerRankChanged;
import io.leaderboard.events.RankChange;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.Redis;
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
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two broadcaster instances, as behind a load balancer, on real Redis and Kafka. */
class BroadcastIntegrationTests {

	private static final EventCodec codec = new EventCodec();

	private static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static KafkaProducer<String, byte[]> producer;

	@BeforeAll
	static void startTwoInstances() throws InterruptedException {
		Redis redis = TestInfrastructure.redis();
		StringRedisTemplate template = new StringRedisTemplate(
				new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
						new org.springframework.data.redis.connection.RedisStandaloneConfiguration(redis.host(),
								redis.port()) {
							{
								setDatabase(redis.database());
							}
						}));
		((org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory) template.getConnectionFactory())
			.afterPropertiesSet();
		template.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		LeaderboardKeys keys = LeaderboardKeys.of("global", "all");
		template.opsForValue().set(keys.livePeriod(), "all");
		template.opsForValue()
			.set(keys.top(), codec.toJson(List.of(new LeaderboardEntry(1, 1, "Cached", 10, AT, null))));
		template.opsForValue().set(keys.sequence(), "1000");
		template.opsForHash().put(Boards.DEFINITIONS_KEY, "weekly", "{}");
		template.opsForHash().put(Boards.DEFINITIONS_KEY, "monthly", "{}");
		template.opsForHash().put(Boards.DEFINITIONS_KEY, "seasonal", "{}");

		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		template.opsForValue().set(LeaderboardKeys.streamTicket("ticket-for-7"), "7");
		template.opsForValue().set(LeaderboardKeys.streamTicket("ticket-for-8"), "8");
		try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					TestInfrastructure.kafka().bootstrapServers()))) {
			for (String topic : List.of(Topics.PLAYER_RANKS, Topics.LEADERBOARD_PERIODS)) {
				try {
					admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)))
						.all()
						.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					// already there from an earlier run in this JVM
				}
			}
		}
		first = start(redis);
		second = start(redis);
		await().atMost(Duration.ofSeconds(60)).until(() -> ready(port(first)) && ready(port(second)));
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
		if (producer != null) {
			producer.close();
		}
	}

	@Test
	void everyInstanceDeliversEveryUpdateAndResumesFromLastEventId() throws Exception {
		try (SseClient one = new SseClient(port(first), "/events", null);
				SseClient two = new SseClient(port(second), "/events", null)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(one.data("snapshot")).singleElement().asString().contains("\"nickName\":\"Cached\"");
				assertThat(two.data("snapshot")).singleElement().asString().contains("\"reason\":\"connect\"");
			});
			assertThat(one.lines()).contains("retry:3000");

			publish(1001, "Alice", 100);
			publish(1002, "Bob", 200);

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(one.data("update")).hasSize(2);
				assertThat(two.data("update")).hasSize(2);
			});
			assertThat(one.ids()).containsExactly("1000", "1001", "1002");
			assertThat(two.data("update").get(1)).contains("\"type\":\"update\"").contains("\"nickName\":\"Bob\"");
			String metrics = get(port(first), "/actuator/prometheus");
			assertThat(metrics).containsPattern("leaderboard_stream_open\\{[^}]*transport=\"sse\"[^}]*} [1-9]")
				.containsPattern("leaderboard_stream_delivery_latency_seconds_count(\\{[^}]*})? [1-9]");
		}

		try (SseClient resumed = new SseClient(port(second), "/events", "1001")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(resumed.ids()).containsExactly("1002"));
			assertThat(resumed.data("snapshot")).isEmpty();
		}
		try (SseClient tooOld = new SseClient(port(first), "/events", "5")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(tooOld.data("snapshot")).singleElement().asString().contains("resume-gap"));
		}
	}

	@Test
	void idleStreamsGetHeartbeats() {
		try (SseClient idle = new SseClient(port(first), "/events", null)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(idle.lines()).contains(":heartbeat"));
		}
	}

	@Test
	void eachBoardHasAStreamOfItsOwnWithRankChanges() throws Exception {
		try (SseClient weekly = new SseClient(port(first), "/leaderboards/weekly/events", null);
				SseClient global = new SseClient(port(first), "/events", null)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(weekly.data("snapshot")).hasSize(1));

			publish("weekly", "2026-W47", 7, "Carol", 300);

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(weekly.data("update")).hasSize(1));
			assertThat(weekly.data("update").get(0)).contains("\"board\":\"weekly\"")
				.contains("\"period\":\"2026-W47\"")
				.contains("\"changes\":[{\"userId\":7,\"nickName\":\"Carol\",\"oldRank\":null,\"newRank\":1");
			assertThat(global.data("update")).noneMatch((data) -> data.contains("Carol"));
		}
	}

	@Test
	void unknownOrInvalidBoardsAreProblems() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		for (Map.Entry<String, Integer> expected : Map
			.of("/leaderboards/nope/events", 404, "/leaderboards/Not_An_Id/events", 400,
					"/leaderboards/weekly/events?frames=tiny", 400, "/events?frames=tiny", 400)
			.entrySet()) {
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(first) + expected.getKey()))
					.header("Accept", "text/event-stream")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(expected.getKey()).isEqualTo(expected.getValue());
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	void aWebSocketFollowsSeveralBoardsAndStopsFollowingOnUnsubscribe() throws Exception {
		List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		reactor.core.publisher.Sinks.Many<String> commands = reactor.core.publisher.Sinks.many()
			.unicast()
			.onBackpressureBuffer();
		reactor.core.Disposable socket = new org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port(second) + "/ws"),
					(session) -> session.send(commands.asFlux().map(session::textMessage))
						.and(session.receive()
							.map(org.springframework.web.reactive.socket.WebSocketMessage::getPayloadAsText)
							.doOnNext(received::add)))
			.subscribe();
		try {
			commands.tryEmitNext("{\"action\":\"subscribe\",\"board\":\"global\"}");
			commands.tryEmitNext("{\"action\":\"subscribe\",\"board\":\"monthly\"}");
			commands.tryEmitNext("{\"action\":\"dance\",\"board\":\"monthly\"}");
			commands.tryEmitNext("{\"action\":\"subscribe\",\"board\":\"weekly\",\"frames\":\"tiny\"}");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(received).filteredOn((message) -> message.contains("\"type\":\"snapshot\""))
							.hasSize(2));
			assertThat(received).anyMatch((message) -> message.contains("\"type\":\"error\""));
			assertThat(received)
				.anyMatch((message) -> message.contains("frames must be \\\"full\\\" or \\\"delta\\\""));

			publish("monthly", "2026-11", 2001, "Dora", 70);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(received).anyMatch((message) -> message.contains("Dora")));
			commands.tryEmitNext("{\"action\":\"unsubscribe\",\"board\":\"monthly\"}");
			await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
			publish("monthly", "2026-11", 2002, "Eve", 80);
			publish(2003, "Marker", 1);

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(received).anyMatch((message) -> message.contains("Marker")));
			assertThat(received).noneMatch((message) -> message.contains("Eve"));
			assertThat(received.stream().filter((message) -> message.contains("\"type\":\"update\"")))
				.allMatch((message) -> message.contains("\"changes\""));
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void aPersonalStreamCarriesOnlyItsPlayersEventsAndTicketsWorkOnce() throws Exception {
		try (SseClient mine = new SseClient(port(first), "/me/events?ticket=ticket-for-7", null)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mine.lines()).contains(":player 7"));
			HttpResponse<String> reused = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + port(first) + "/me/events?ticket=ticket-for-7"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(reused.statusCode()).isEqualTo(401);
			assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");

			// Bob (8) enters the top above Carol (7); both get their own ranks
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				publishRank(8, 1);
				publishRank(7, 2);
				assertThat(mine.data("rank")).isNotEmpty();
			});
			LeaderboardChanged overtaken = new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, "duel", "all",
					5000,
					List.of(new LeaderboardEntry(1, 8, "Bob", 90, AT, null),
							new LeaderboardEntry(2, 7, "Carol", 80, AT, null)),
					List.of(new RankChange(8, "Bob", null, 1L, null, 90L),
							new RankChange(7, "Carol", 1L, 2L, 80L, 80L)),
					true, AT, Instant.now());
			producer.send(new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS, "duel", codec.toBytes(overtaken)))
				.get();

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(mine.data("overtaken")).singleElement()
					.asString()
					.contains("\"message\":\"You were overtaken by Bob: you are now #2\"")
					.contains("\"by\":[\"Bob\"]"));
			assertThat(mine.data("rank")).allMatch((data) -> data.contains("\"userId\":7"))
				.anyMatch((data) -> data.contains("is now #2"));
			assertThat(mine.lines()).noneMatch((line) -> line.contains("\"userId\":8"));
		}
	}

	@Test
	void spectatorsAreToldOnceThatThePeriodIsOverThenSeeTheNextPeriod() throws Exception {
		// the listener reads from the latest offset: it must be assigned before the event
		await().atMost(Duration.ofSeconds(60)).until(() -> periodsAssigned(first) && periodsAssigned(second));
		try (SseClient spectator = new SseClient(port(second), "/leaderboards/seasonal/events", null)) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(spectator.data("snapshot")).hasSize(1));
			publish("seasonal", "2026-11", 1, "Alice", 900);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(spectator.data("update")).hasSize(1));

			PeriodClosed closed = new PeriodClosed(PeriodClosed.SCHEMA_VERSION, "seasonal", "2026-11", "2026-12",
					Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
					Instant.parse("2026-12-01T00:00:10Z"), 1, 1, List.of(new PeriodResult(1, 1, "Alice", 900, null)));
			PeriodClosed corrected = new PeriodClosed(closed.schemaVersion(), closed.board(), closed.period(),
					closed.nextPeriod(), closed.startsAt(), closed.endsAt(), Instant.parse("2026-12-02T09:00:00Z"), 2,
					0, List.of());
			// revision 1 delivered twice, as the outbox may, then a correction: revision
			// 1
			// is announced once
			for (PeriodClosed event : List.of(closed, closed, corrected)) {
				producer.send(new ProducerRecord<>(Topics.LEADERBOARD_PERIODS, event.key(), codec.toBytes(event)))
					.get();
			}

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(spectator.data("period-closed")).hasSize(2));
			assertThat(spectator.data("period-closed").get(0))
				.contains("\"type\":\"period-closed\",\"board\":\"seasonal\",\"period\":\"2026-11\"")
				.contains("\"revision\":1", "\"closedAt\":\"2026-12-01T00:00:10Z\"")
				.contains("\"top\":[{\"rank\":1,\"userId\":1,\"nickName\":\"Alice\",\"score\":900");
			assertThat(spectator.data("period-closed").get(1)).contains("\"revision\":2");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(spectator.data("snapshot")).hasSize(3));
			assertThat(spectator.data("snapshot").get(1)).contains("\"period\":\"2026-12\"")
				.contains("\"reason\":\"period-closed\"")
				.contains("\"top\":[]");
			List<String> events = spectator.lines().stream().filter((line) -> line.startsWith("event:")).toList();
			assertThat(events).containsSubsequence("event:update", "event:period-closed", "event:snapshot");
		}
	}

	private static boolean periodsAssigned(ConfigurableApplicationContext context) {
		var container = context.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
			.getListenerContainer("periods");
		return container != null && container.getAssignedPartitions() != null
				&& !container.getAssignedPartitions().isEmpty();
	}

	private static void publishRank(long userId, long rank) throws Exception {
		producer.send(new ProducerRecord<>(Topics.PLAYER_RANKS, Long.toString(userId),
				codec.toBytes(new PlayerRankChanged(PlayerRankChanged.SCHEMA_VERSION, "global", "all", userId,
						100 - rank, rank, Instant.now()))))
			.get();
	}

	private static void publish(long sequence, String nickName, long score) throws Exception {
		publish("global", "all", sequence, nickName, score);
	}

	private static void publish(String board, String period, long sequence, String nickName, long score)
			throws Exception {
		LeaderboardEntry entry = new LeaderboardEntry(1, sequence, nickName, score, AT, null);
		LeaderboardChanged changed = new LeaderboardChanged(LeaderboardChanged.SCHEMA_VERSION, board, period, sequence,
				List.of(entry), List.of(new RankChange(sequence, nickName, null, 1L, null, score)), true, AT,
				Instant.now());
		producer.send(new ProducerRecord<>(Topics.LEADERBOARD_NOTIFICATIONS, board, codec.toBytes(changed))).get();
	}

	private static ConfigurableApplicationContext start(Redis redis) {
		// no rate cap here: these tests count every update; BoardHubTests covers the cap
		return Broadcasters.start(redis, "--leaderboard.stream.min-interval=0s",
				"--leaderboard.stream.heartbeat=500ms");
	}

	private static String get(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Broadcasters.port(context);
	}

	private static boolean ready(int port) {
		return Broadcasters.ready(port);
	}

}
