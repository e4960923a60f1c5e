package io.leaderboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.leaderboard.testsupport.KafkaProcess;
import io.leaderboard.testsupport.Postgres;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four services on PostgreSQL, Redis and a Kafka broker of their own, which these
 * tests take away and bring back: no acknowledged score is ever lost or counted twice,
 * and Redis ends equal to PostgreSQL every time. The board is an {@code increment} board,
 * where a lost or repeated event would show in the totals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultRecoveryEndToEndIntegrationTests {

	private static final Path HOME = Path.of("target", "fault-stack").toAbsolutePath();

	private static final String BOARD = "faults";

	private static final int PLAYERS = 12;

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Player index → sum of the acknowledged increments. */
	private static final Map<Integer, AtomicLong> acknowledged = new ConcurrentHashMap<>();

	private static final List<String> tokens = new ArrayList<>();

	private static int postgresPort;

	private static EmbeddedPostgres postgres;

	private static int redisPort;

	private static RedisServer redis;

	private static KafkaProcess kafka;

	private static ServiceProcesses services;

	private static Stack stack;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Fault stack", () -> services);

	@BeforeAll
	static void startAStackOfItsOwn() throws Exception {
		deleteRecursively(HOME);
		Files.createDirectories(HOME);
		postgresPort = TestInfrastructure.freePort();
		startPostgres();
		redisPort = TestInfrastructure.freePort();
		startRedis();
		kafka = KafkaProcess.plaintext(HOME.resolve("kafka"));
		kafka.start();
		Map<String, String> environment = Stack.environment(new Postgres(jdbcUrl(), "postgres", "", "embedded"),
				new Redis("127.0.0.1", redisPort, 0, "embedded"), kafka.bootstrapServers());
		environment.put("REBUILD_CHECK_INTERVAL", "500ms");
		services = new ServiceProcesses("faults-", environment);
		stack = Stack.startServices(services);
		assertThat(stack.put("/admin/leaderboards/" + BOARD, "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}",
				stack.adminToken()))
			.isEqualTo(201);
		for (int player = 0; player < PLAYERS; player++) {
			tokens.add(stack.token("fault-" + player, "Player " + player));
		}
		submitRound(1);
		awaitRedisEqualsPostgresql();
	}

	@AfterAll
	static void stopEverything() throws IOException {
		if (services != null) {
			services.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (redis != null) {
			redis.stop();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	@Order(1)
	void whileRedisIsDownWritesSucceedReadsComeFromPostgresqlAndTheProjectorCatchesUpAfter() throws Exception {
		redis.stop();

		submitRound(2);
		HttpResponse<String> top = stack.fetch("/leaderboards/" + BOARD + "/top?limit=100");

		assertThat(top.statusCode()).isEqualTo(200);
		assertThat(top.headers().firstValue("Leaderboard-Source")).hasValue("postgresql");
		assertThat(Stack.scores(json.readTree(top.body()))).isEqualTo(postgresqlScores());

		startRedis();
		awaitRedisEqualsPostgresql();
	}

	@Test
	@Order(2)
	void aRedisThatLostItsDataIsRebuiltFromPostgresqlByItself() throws Exception {
		redisCommand("FLUSHALL");

		awaitRedisEqualsPostgresql();
		HttpResponse<String> rebuild = stack.operation("/actuator/rebuild/" + BOARD,
				HttpRequest.BodyPublishers.noBody());
		assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(200);
		assertThat(json.readTree(rebuild.body()).get("rebuilt").get(0).get("entries").asLong()).isEqualTo(PLAYERS);
		awaitRedisEqualsPostgresql();
	}

	@Test
	@Order(3)
	void whileKafkaIsDownTheOutboxGrowsAndDrainsInOrderWhenItReturns() throws Exception {
		kafka.stop();

		submitRound(3);
		assertThat(count("SELECT count(*) FROM score_events_outbox WHERE processed_at IS NULL")).isPositive();

		kafka.start();
		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(
					() -> assertThat(count("SELECT count(*) FROM score_events_outbox WHERE processed_at IS NULL"))
						.isZero());
		awaitRedisEqualsPostgresql();
	}

	@Test
	@Order(4)
	void whilePostgresqlIsDownWritesAreRefusedWithRetryAfterAndReadsGoOn() throws Exception {
		Map<Long, Long> before = postgresqlScores();
		postgres.close();
		try {
			HttpResponse<String> write = postScore(0, 5);

			assertThat(write.statusCode()).isEqualTo(503);
			assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(write.headers().firstValue("Retry-After")).isPresent();
			HttpResponse<String> top = stack.fetch("/leaderboards/" + BOARD + "/top?limit=100");
			assertThat(top.statusCode()).isEqualTo(200);
			assertThat(top.headers().firstValue("Leaderboard-Source")).hasValue("redis");
			assertThat(Stack.scores(json.readTree(top.body()))).isEqualTo(before);
		}
		finally {
			startPostgres();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> postScore(0, 5).statusCode() == 200);
		acknowledged.computeIfAbsent(0, (player) -> new AtomicLong()).addAndGet(5);
		awaitRedisEqualsPostgresql();
	}

	@Test
	@Order(5)
	void thePublisherAndTheProjectorKilledMidBatchLoseAndRepeatNothing() throws Exception {
		ExecutorService load = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int writer = 0; writer < 4; writer++) {
				int first = writer;
				writers.add(load.submit(() -> {
					for (int i = 0; i < 150; i++) {
						int player = (first + i * 4) % PLAYERS;
						HttpResponse<String> response = postScore(player, 1 + (i % 7));
						assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
						acknowledged.computeIfAbsent(player, (key) -> new AtomicLong()).addAndGet(1 + (i % 7));
					}
					return null;
				}));
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> count("SELECT count(*) FROM board_scores WHERE board = '" + BOARD + "'") > 0
						&& writers.stream().anyMatch((writer) -> !writer.isDone()));
			services.kill("projection-worker");
			services.kill("outbox-publisher");
			services.start("outbox-publisher");
			services.start("projection-worker", Stack.jwkSetOf(stack.api));
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			load.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(120))
			.until(() -> services.ready("outbox-publisher") && services.ready("projection-worker"));
		awaitRedisEqualsPostgresql();
	}

	/** Every player submits once more; each answer must be "ok". */
	private static void submitRound(long increment) throws Exception {
		for (int player = 0; player < PLAYERS; player++) {
			HttpResponse<String> response = postScore(player, increment * (player + 1));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			acknowledged.computeIfAbsent(player, (key) -> new AtomicLong()).addAndGet(increment * (player + 1));
		}
	}

	/**
	 * PostgreSQL holds every acknowledged increment exactly once, Redis (through the API)
	 * shows exactly what PostgreSQL holds, and reconciliation finds no drift.
	 */
	private static void awaitRedisEqualsPostgresql() {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<Long, Long> truth = postgresqlScores();
			assertThat(truth.values().stream().sorted().toList()).isEqualTo(
					acknowledged.values().stream().map(AtomicLong::get).sorted(Comparator.naturalOrder()).toList());
			HttpResponse<String> top = stack.fetch("/leaderboards/" + BOARD + "/top?limit=100");
			assertThat(top.headers().firstValue("Leaderboard-Source")).hasValue("redis");
			assertThat(Stack.scores(json.readTree(top.body()))).isEqualTo(truth);
			HttpResponse<String> reconciliation = stack.operation("/actuator/reconciliation", null);
			assertThat(reconciliation.statusCode()).as(reconciliation.body()).isEqualTo(200);
			assertThat(json.readTree(reconciliation.body()).get("drift").asLong()).as(reconciliation.body()).isZero();
		});
	}

	private static Map<Long, Long> postgresqlScores() throws SQLException {
		Map<Long, Long> scores = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT user_id, score FROM board_scores WHERE board = '" + BOARD + "'")) {
			while (rows.next()) {
				scores.put(rows.getLong(1), rows.getLong(2));
			}
		}
		return scores;
	}

	private static HttpResponse<String> postScore(int player, long increment) throws Exception {
		return stack.submit(BOARD, tokens.get(player), increment);
	}

	private static long count(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
	}

	private static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder()
			.setPort(postgresPort)
			.setDataDirectory(HOME.resolve("postgres"))
			.setCleanDataDirectory(false)
			.start();
	}

	/**
	 * Redis with its append-only file on: a restart keeps the data, as production's does.
	 */
	private static void startRedis() throws IOException {
		Path data = Files.createDirectories(HOME.resolve("redis"));
		redis = RedisServer.newRedisServer()
			.port(redisPort)
			.bind("127.0.0.1")
			.setting("dir " + data)
			.setting("appendonly yes")
			.setting("save \"\"")
			.build();
		redis.start();
	}

	private static void redisCommand(String command) {
		try (Socket socket = new Socket("127.0.0.1", redisPort)) {
			socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[5];
			for (int read = 0; read < reply.length;) {
				int count = socket.getInputStream().read(reply, read, reply.length - read);
				if (count < 0) {
					break;
				}
				read += count;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (Files.exists(path)) {
			try (Stream<Path> paths = Files.walk(path)) {
				for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(each);
				}
			}
		}
	}

}
