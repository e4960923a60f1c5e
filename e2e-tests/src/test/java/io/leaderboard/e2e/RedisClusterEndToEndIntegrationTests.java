package io.leaderboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.testsupport.KafkaProcess;
import io.leaderboard.testsupport.Postgres;
import io.leaderboard.testsupport.RedisClusterProcess;
import io.leaderboard.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four services on a real Redis Cluster (three primaries, three replicas), chosen by
 * {@code REDIS_CLUSTER_NODES} alone, with a PostgreSQL database and a Kafka broker of
 * their own: the pipeline end to end, a rebuild after one primary lost its data, and a
 * primary killed under load, after which every acknowledged score is in Redis and
 * reconciliation finds no drift. The boards are {@code increment} boards, where a lost or
 * repeated event would show in the totals, and their hash tags put them on different
 * primaries. One of them is spread over four shards, themselves on more than one primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterEndToEndIntegrationTests {

	private static final Path HOME = Path.of("target", "cluster-stack").toAbsolutePath();

	private static final List<String> BOARDS = List.of("cluster-a", "cluster-b", "cluster-c", "cluster-d");

	/** The board spread over four sorted sets, on more than one primary. */
	private static final BoardShards SHARDED = BoardShards.of("cluster-d", 4);

	private static final int PLAYERS = 8;

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Board → player index → sum of the acknowledged increments. */
	private static final Map<String, Map<Integer, AtomicLong>> acknowledged = new ConcurrentHashMap<>();

	private static final List<String> tokens = new ArrayList<>();

	private static RedisClusterProcess cluster;

	private static KafkaProcess kafka;

	private static Postgres postgres;

	private static ServiceProcesses services;

	private static Stack stack;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Cluster stack", () -> services);

	@BeforeAll
	static void startAStackOnACluster() throws Exception {
		cluster = RedisClusterProcess.start(HOME.resolve("redis"));
		kafka = KafkaProcess.plaintext(HOME.resolve("kafka-" + System.nanoTime()));
		kafka.start();
		postgres = TestInfrastructure.anotherPostgresDatabase();
		Map<String, String> environment = new HashMap<>();
		environment.put("SPRING_PROFILES_ACTIVE", "local");
		environment.put("POSTGRES_URL", postgres.jdbcUrl());
		environment.put("POSTGRES_USER", postgres.username());
		environment.put("POSTGRES_PASSWORD", postgres.password());
		environment.put("REDIS_CLUSTER_NODES", cluster.nodes());
		environment.put("REDIS_CLUSTER_REFRESH", "1s");
		environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
		environment.put("REBUILD_CHECK_INTERVAL", "500ms");
		services = new ServiceProcesses("cluster-", environment);
		stack = Stack.startServices(services);
		String admin = stack.adminToken();
		for (String board : BOARDS) {
			int shards = board.equals(SHARDED.board()) ? SHARDED.count() : 1;
			assertThat(stack.put("/admin/leaderboards/" + board,
					"{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"shards\":" + shards + "}", admin))
				.isEqualTo(201);
		}
		for (int player = 0; player < PLAYERS; player++) {
			tokens.add(stack.token("cluster-" + player, "Player " + player));
		}
	}

	@AfterAll
	static void stopEverything() {
		if (services != null) {
			services.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	@Order(1)
	void scoresTravelToTheClusterAndOutToSpectatorsAndPlayers() throws Exception {
		assertThat(BOARDS.stream().map(RedisClusterEndToEndIntegrationTests::primaryOf).distinct().count())
			.as("the boards' primaries")
			.isGreaterThan(1);
		assertThat(SHARDED.all("all").stream().map((keys) -> cluster.primaryOf(keys.scores())).distinct().count())
			.as("the sharded board's primaries")
			.isGreaterThan(1);
		JsonNode ticket = stack.post("/stream-tickets", "", tokens.get(0));
		try (SseStream spectator = new SseStream(stack.broadcaster, "/leaderboards/" + BOARDS.get(0) + "/events");
				SseStream player = new SseStream(stack.broadcaster,
						"/me/events?ticket=" + ticket.get("ticket").asString())) {
			await().atMost(Duration.ofSeconds(30)).until(() -> !spectator.events("snapshot").isEmpty());
			// the broadcaster holds the personal stream once it says whose it is
			await().atMost(Duration.ofSeconds(30))
				.until(() -> player.lines().stream().anyMatch((line) -> line.startsWith(":player ")));

			HttpResponse<String> first = postScore(BOARDS.get(0), 0, 1);
			acknowledge(BOARDS.get(0), 0, 1);
			submitRound(1);

			assertThat(first.headers().firstValue("RateLimit-Remaining")).isPresent();
			awaitRedisEqualsPostgresql();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(spectator.latestTop()).hasSize(PLAYERS));
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(player.events("rank")).isNotEmpty());
		}
		JsonNode around = stack.get("/leaderboards/" + BOARDS.get(1) + "/users/" + userId(0) + "/around?radius=2");
		assertThat(around.toString()).contains("Player 0");
		assertThat(cluster.ports()
			.stream()
			.flatMap((port) -> cluster.command(port, "--scan", "--pattern", "leaderboard:ratelimit:*").lines()))
			.as("the rate limits' buckets, in the cluster")
			.isNotEmpty();
	}

	@Test
	@Order(2)
	void aPrimaryThatLostItsDataIsRebuiltFromPostgresqlByItself() throws Exception {
		int flushed = primaryOf(BOARDS.get(0));
		assertThat(cluster.command(flushed, "FLUSHALL")).contains("OK");

		awaitRedisEqualsPostgresql();
		submitRound(2);
		awaitRedisEqualsPostgresql();
	}

	@Test
	@Order(3)
	void aPrimaryKilledUnderLoadLosesNoAcknowledgedScore() throws Exception {
		int killed = primaryOf(BOARDS.get(0));
		ExecutorService load = Executors.newFixedThreadPool(4);
		AtomicInteger accepted = new AtomicInteger();
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int writer = 0; writer < 4; writer++) {
				int first = writer;
				writers.add(load.submit(() -> {
					for (int i = 0; i < 100; i++) {
						String board = BOARDS.get((first + i) % BOARDS.size());
						int player = (first + i * 4) % PLAYERS;
						HttpResponse<String> response = postScore(board, player, 1 + (i % 7));
						assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
						acknowledge(board, player, 1 + (i % 7));
						accepted.incrementAndGet();
					}
					return null;
				}));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= 40);
			cluster.kill(killed);
			// meanwhile no primary serves the slot
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> primaryOf(BOARDS.get(0)) != killed);
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			load.shutdownNow();
		}
		cluster.awaitHealthy();

		awaitRedisEqualsPostgresql();
		// the old primary comes back as a replica of the promoted one
		cluster.restart(killed);
		cluster.awaitHealthy();
		submitRound(3);
		awaitRedisEqualsPostgresql();
	}

	/** The port of the primary that holds the board's keys. */
	private static int primaryOf(String board) {
		return cluster.primaryOf(LeaderboardKeys.of(board, "all").scores());
	}

	private static HttpResponse<String> postScore(String board, int player, long increment) throws Exception {
		return stack.submit(board, tokens.get(player), increment);
	}

	private static void submitRound(long increment) throws Exception {
		for (String board : BOARDS) {
			for (int player = 0; player < PLAYERS; player++) {
				HttpResponse<String> response = postScore(board, player, increment * (player + 1));
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				acknowledge(board, player, increment * (player + 1));
			}
		}
	}

	private static void acknowledge(String board, int player, long increment) {
		acknowledged.computeIfAbsent(board, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(player, (key) -> new AtomicLong())
			.addAndGet(increment);
	}

	/**
	 * PostgreSQL holds every acknowledged increment exactly once, Redis (through the API)
	 * shows exactly what PostgreSQL holds on every board, and reconciliation finds no
	 * drift.
	 */
	private static void awaitRedisEqualsPostgresql() {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			for (String board : BOARDS) {
				Map<Long, Long> truth = postgresqlScores(board);
				assertThat(truth.values().stream().sorted().toList()).as(board)
					.isEqualTo(acknowledged.getOrDefault(board, Map.of())
						.values()
						.stream()
						.map(AtomicLong::get)
						.sorted()
						.toList());
				HttpResponse<String> top = stack.fetch("/leaderboards/" + board + "/top?limit=100");
				assertThat(top.headers().firstValue("Leaderboard-Source")).as(board).hasValue("redis");
				assertThat(Stack.scores(json.readTree(top.body()))).as(board).isEqualTo(truth);
			}
			HttpResponse<String> reconciliation = stack.operation("/actuator/reconciliation", null);
			assertThat(reconciliation.statusCode()).as(reconciliation.body()).isEqualTo(200);
			assertThat(json.readTree(reconciliation.body()).get("drift").asLong()).as(reconciliation.body()).isZero();
		});
	}

	private static long userId(int player) throws SQLException {
		return query("SELECT id, 0 FROM users WHERE subject = 'cluster-" + player + "'").keySet().iterator().next();
	}

	private static Map<Long, Long> postgresqlScores(String board) throws SQLException {
		return query("SELECT user_id, score FROM board_scores WHERE board = '" + board + "'");
	}

	/** The rows of two numbers {@code sql} selects, by the first. */
	private static Map<Long, Long> query(String sql) throws SQLException {
		Map<Long, Long> rows = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				rows.put(result.getLong(1), result.getLong(2));
			}
		}
		return rows;
	}

}
