package io.leaderboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardChanged;
import io.leaderboard.events.Topics;
import io.leaderboard.localinfra.KafkaBroker;
import io.leaderboard.testsupport.KafkaCluster;
import io.leaderboard.testsupport.Postgres;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stack as {@code bin/local-stack up --kafka-brokers 3 --instances 2} runs it: three
 * KRaft brokers configured as local-stack configures them (topics with three replicas,
 * {@code min.insync.replicas=2}) and two processes of every service on one PostgreSQL and
 * one Redis. Players write through both api-service instances at once and spectators
 * watch on both broadcasters; a broker (the leader of a {@code score-events} partition)
 * and a projector are killed under load. What a user would see: every spectator gets
 * every update once and in order, no acknowledged score is lost or counted twice, and
 * every event is published once however many publishers race for the outbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaledOutEndToEndIntegrationTests {

	private static final int BROKERS = 3;

	private static final int PLAYERS = 12;

	private static final String PROJECTORS = "score-projection-workers";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final EventCodec codec = new EventCodec();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final List<String> tokens = new ArrayList<>();

	@TempDir
	static Path home;

	private static KafkaCluster kafka;

	private static RedisServer redis;

	private static Postgres postgres;

	private static ServiceProcesses first;

	private static Stack stack;

	private static ServiceProcesses second;

	@RegisterExtension
	static final TestWatcher logsOnFailure = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext test, Throwable cause) {
			System.err.println("Scaled-out stack logs:" + ((first != null) ? first.logTails() : "")
					+ ((second != null) ? second.logTails() : ""));
		}
	};

	@BeforeAll
	static void startThreeBrokersAndTwoInstancesOfEveryService() throws Exception {
		kafka = replicatedKafka(home.resolve("kafka"));
		kafka.start();
		int redisPort = TestInfrastructure.freePort();
		redis = RedisServer.newRedisServer()
			.port(redisPort)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		redis.start();
		postgres = TestInfrastructure.anotherPostgresDatabase();
		Map<String, String> environment = Stack.environment(postgres, new Redis("127.0.0.1", redisPort, 0, "embedded"),
				kafka.bootstrapServers());
		environment.put("KAFKA_REPLICATION_FACTOR", Integer.toString(BROKERS));
		// the broadcasters' rate cap off: every notification is a frame, so a spectator's
		// frames are exactly the notifications after its snapshot (with the cap, the
		// latest of each 500 ms)
		environment.put("STREAM_MIN_INTERVAL", "0ms");
		first = new ServiceProcesses("scaled-", environment);
		stack = Stack.startServices(first);
		second = stack.startSecondInstances("scaled-second-", "api-service", "outbox-publisher", "projection-worker",
				"sse-broadcaster");
		for (int player = 0; player < PLAYERS; player++) {
			tokens.add(stack.token("scaled-" + player, "Player " + player));
		}
	}

	@AfterAll
	static void stopEverything() throws Exception {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (redis != null) {
			redis.stop();
		}
	}

	@Test
	@Order(1)
	void everySpectatorOnEitherBroadcasterSeesEveryUpdateOnceAndInOrder() throws Exception {
		String board = "twin";
		createBoard(board);
		String events = "/leaderboards/" + board + "/events";
		int[] broadcasters = { stack.broadcaster, second.port("sse-broadcaster"), stack.broadcaster,
				second.port("sse-broadcaster") };
		List<SseStream> spectators = IntStream.of(broadcasters)
			.mapToObj((port) -> new SseStream(port, events))
			.toList();
		List<LeaderboardChanged> published = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> notifications = Stack.fromNow(kafka.bootstrapServers(),
				Topics.LEADERBOARD_NOTIFICATIONS)) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> spectators.stream().noneMatch((spectator) -> spectator.events("snapshot").isEmpty()));

			Map<Integer, AtomicLong> acknowledged = new ConcurrentHashMap<>();
			int written = writeUnderLoad(board, acknowledged, () -> {
			});
			awaitProjected(board, acknowledged);

			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> record : notifications.poll(Duration.ofMillis(200))) {
					LeaderboardChanged changed = codec.leaderboardChanged(record.value());
					if (changed.board().equals(board)) {
						published.add(changed);
					}
				}
				List<String> top = topOfTheApi(stack.api, board);
				assertThat(published).isNotEmpty();
				assertThat(published.get(published.size() - 1).top())
					.extracting((entry) -> entry.userId() + "=" + entry.score())
					.isEqualTo(top);
				for (SseStream spectator : spectators) {
					long since = spectator.events("snapshot").get(0).get("sequence").asLong();
					assertThat(sequences(spectator.events("update"))).as("a spectator's updates, in order")
						.isEqualTo(newestFirstSeen(published, since));
					assertThat(entries(spectator.latestTop())).isEqualTo(top);
				}
			});
			assertEveryEventPublishedOnce(board, written);
		}
		finally {
			spectators.forEach(SseStream::close);
		}
	}

	@Test
	@Order(2)
	void aBrokerLeadingScoreEventsKilledUnderLoadLosesNoAcknowledgedScoreAndRepeatsNone() throws Exception {
		String board = "durable";
		createBoard(board);
		Map<Integer, AtomicLong> acknowledged = new ConcurrentHashMap<>();
		int leader = kafka.leaderOf(Topics.SCORE_EVENTS, 0);

		int written = writeUnderLoad(board, acknowledged, () -> kafka.kill(leader));

		// the two brokers left hold every partition's leader and the two in-sync
		// replicas an acknowledged write needs: the outbox drains without the third
		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(
					() -> assertThat(Stack.count(postgres, "SELECT count(*) FROM score_events_outbox")).isZero());
		awaitProjected(board, acknowledged);
		assertEveryEventPublishedOnce(board, written);
		kafka.start(leader);
		kafka.awaitInSync(Topics.SCORE_EVENTS);
	}

	@Test
	@Order(3)
	void twoProjectorsShareThePartitionsAndTheOneLeftAfterAKillLosesNothing() throws Exception {
		assertThat(scoreEventPartitionsByMember()).hasSize(2)
			.allSatisfy((member, partitions) -> assertThat(partitions).isNotEmpty())
			.satisfies((members) -> assertThat(members.values().stream().mapToInt(Set::size).sum())
				.isEqualTo(Topics.SCORE_EVENTS_PARTITIONS));
		String board = "rebalanced";
		createBoard(board);
		Map<Integer, AtomicLong> acknowledged = new ConcurrentHashMap<>();

		int written = writeUnderLoad(board, acknowledged, () -> second.kill("projection-worker"));

		awaitProjected(board, acknowledged);
		assertEveryEventPublishedOnce(board, written);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(scoreEventPartitionsByMember()).hasSize(1)
				.allSatisfy((member, partitions) -> assertThat(partitions).hasSize(Topics.SCORE_EVENTS_PARTITIONS)));
	}

	/**
	 * Three nodes, each broker and controller, with the {@code server.properties}
	 * bin/local-stack writes for {@code --kafka-brokers 3}.
	 */
	private static KafkaCluster replicatedKafka(Path directory) {
		List<KafkaBroker.Node> nodes = IntStream.range(0, BROKERS)
			.mapToObj((index) -> new KafkaBroker.Node(TestInfrastructure.freePort(), TestInfrastructure.freePort()))
			.toList();
		List<KafkaCluster.Member> members = new ArrayList<>();
		for (int nodeId = 1; nodeId <= BROKERS; nodeId++) {
			KafkaBroker broker = new KafkaBroker(nodeId, KafkaCluster.nodeDirectory(directory, nodeId).resolve("data"),
					nodes, null);
			members.add(new KafkaCluster.Member(broker.port(), broker.serverProperties()));
		}
		return new KafkaCluster(directory, members);
	}

	/**
	 * An {@code increment} board: every write changes the entry, and a lost or repeated
	 * event would show in the totals.
	 */
	private static void createBoard(String board) throws Exception {
		assertThat(stack.put("/admin/leaderboards/" + board, "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}",
				stack.adminToken()))
			.isEqualTo(201);
	}

	/**
	 * Four players' clients write 60 scores each, every other one through the second
	 * api-service; {@code midway} runs once a quarter of them are acknowledged.
	 * @return how many were acknowledged, each one recorded in {@code acknowledged}
	 * (player → sum of the scores)
	 */
	private static int writeUnderLoad(String board, Map<Integer, AtomicLong> acknowledged, Runnable midway)
			throws Exception {
		int writers = 4;
		int each = 60;
		AtomicInteger done = new AtomicInteger();
		ExecutorService load = Executors.newFixedThreadPool(writers);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int writer = 0; writer < writers; writer++) {
				int offset = writer;
				running.add(load.submit(() -> {
					for (int i = 0; i < each; i++) {
						int player = (offset + i * writers) % PLAYERS;
						long score = 1 + i;
						int api = (i % 2 == 0) ? stack.api : second.port("api-service");
						stack.post(api, "/leaderboards/" + board + "/scores", "{\"score\": " + score + "}",
								tokens.get(player));
						acknowledged.computeIfAbsent(player, (key) -> new AtomicLong()).addAndGet(score);
						done.incrementAndGet();
					}
					return null;
				}));
			}
			await().atMost(Duration.ofSeconds(120)).until(() -> done.get() >= writers * each / 4);
			midway.run();
			for (Future<?> writer : running) {
				writer.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			load.shutdownNow();
		}
		return done.get();
	}

	/**
	 * PostgreSQL holds every acknowledged increment exactly once, and both api-service
	 * instances answer from Redis exactly what PostgreSQL holds.
	 */
	private static void awaitProjected(String board, Map<Integer, AtomicLong> acknowledged) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<Long, Long> truth = postgresqlScores(board);
			assertThat(truth.values())
				.containsExactlyInAnyOrderElementsOf(acknowledged.values().stream().map(AtomicLong::get).toList());
			for (int api : List.of(stack.api, second.port("api-service"))) {
				HttpResponse<String> top = http.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + api + "/leaderboards/" + board + "/top?limit=100"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(top.headers().firstValue("Leaderboard-Source")).hasValue("redis");
				Map<Long, Long> shown = new HashMap<>();
				json.readTree(top.body())
					.get("entries")
					.forEach((entry) -> shown.put(entry.get("userId").asLong(), entry.get("score").asLong()));
				assertThat(shown).isEqualTo(truth);
			}
		});
	}

	/**
	 * Every acknowledged write of the board is on {@code score-events} exactly once: two
	 * publishers never sent one outbox row twice, and a broker's failover made the
	 * idempotent producer repeat nothing.
	 */
	private static void assertEveryEventPublishedOnce(String board, int written) {
		List<String> published = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = Stack.fromBeginning(kafka.bootstrapServers(),
				Topics.SCORE_EVENTS)) {
			Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					JsonNode event = json.readTree(record.value());
					if (event.get("board").asString().equals(board)) {
						published.add(event.get("userId").asLong() + "@" + event.get("version").asLong());
					}
				}
				return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
			});
		}
		assertThat(published).hasSize(written).doesNotHaveDuplicates();
	}

	/** The score-events partitions each member of the projectors' group holds. */
	private static Map<String, Set<Integer>> scoreEventPartitionsByMember() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(PROJECTORS))
				.describedGroups()
				.get(PROJECTORS)
				.get(30, TimeUnit.SECONDS);
			Map<String, Set<Integer>> byMember = new HashMap<>();
			for (MemberDescription member : group.members()) {
				Set<Integer> partitions = new HashSet<>();
				member.assignment()
					.topicPartitions()
					.stream()
					.filter((partition) -> partition.topic().equals(Topics.SCORE_EVENTS))
					.forEach((partition) -> partitions.add(partition.partition()));
				byMember.put(member.consumerId(), partitions);
			}
			return byMember;
		}
	}

	/**
	 * The notifications a broadcaster forwards after {@code since}: each one newer than
	 * every one before it (two projectors may publish a board's sequence numbers out of
	 * order; the older one is then stale and dropped).
	 */
	private static List<Long> newestFirstSeen(List<LeaderboardChanged> published, long since) {
		List<Long> forwarded = new ArrayList<>();
		long newest = since;
		for (LeaderboardChanged changed : published) {
			if (changed.sequence() > newest) {
				forwarded.add(changed.sequence());
				newest = changed.sequence();
			}
		}
		return forwarded;
	}

	private static List<Long> sequences(List<JsonNode> updates) {
		return updates.stream().map((update) -> update.get("sequence").asLong()).toList();
	}

	/** A top as "player=score" in ranking order. */
	private static List<String> entries(JsonNode top) {
		List<String> entries = new ArrayList<>();
		if (top != null) {
			top.forEach((entry) -> entries.add(entry.get("userId").asLong() + "=" + entry.get("score").asLong()));
		}
		return entries;
	}

	private static List<String> topOfTheApi(int api, String board) throws Exception {
		return entries(json.readTree(stack.getText(api, "/leaderboards/" + board + "/top?limit=10")).get("entries"));
	}

	private static Map<Long, Long> postgresqlScores(String board) throws Exception {
		Map<Long, Long> scores = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT user_id, score FROM board_scores WHERE board = '" + board + "'")) {
			while (rows.next()) {
				scores.put(rows.getLong(1), rows.getLong(2));
			}
		}
		return scores;
	}

}
