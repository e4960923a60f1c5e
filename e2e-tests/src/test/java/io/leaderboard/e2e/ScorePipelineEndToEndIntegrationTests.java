package io.leaderboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.leaderboard.testsupport.Postgres;
import io.leaderboard.testsupport.Redis;
import io.leaderboard.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A player posts scores, a spectator watches the SSE stream, and every read agrees: the
 * four services as real processes on real PostgreSQL, Redis and Kafka.
 */
class ScorePipelineEndToEndIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ServiceProcesses services;

	private static int api;

	private static int broadcaster;

	@RegisterExtension
	static final TestWatcher logsOnFailure = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			System.err.println("Service logs:" + services.logTails());
		}
	};

	@BeforeAll
	static void startTheStack() {
		Postgres postgres = TestInfrastructure.postgres();
		Redis redis = TestInfrastructure.redis();
		flush(redis);
		Map<String, String> environment = new HashMap<>();
		environment.put("SPRING_PROFILES_ACTIVE", "local");
		environment.put("POSTGRES_URL", postgres.jdbcUrl());
		environment.put("POSTGRES_USER", postgres.username());
		environment.put("POSTGRES_PASSWORD", postgres.password());
		environment.put("REDIS_HOST", redis.host());
		environment.put("REDIS_PORT", Integer.toString(redis.port()));
		environment.put("REDIS_DATABASE", Integer.toString(redis.database()));
		environment.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafka().bootstrapServers());
		services = new ServiceProcesses(environment);
		// api-service applies the schema; the publisher only validates it, so it starts
		// second
		api = services.start("api-service");
		await().atMost(Duration.ofSeconds(180)).until(() -> services.ready("api-service"));
		services.start("outbox-publisher");
		services.start("projection-worker");
		broadcaster = services.start("sse-broadcaster");
		await().atMost(Duration.ofSeconds(180))
			.until(() -> services.ready("outbox-publisher") && services.ready("projection-worker")
					&& services.ready("sse-broadcaster"));
	}

	@AfterAll
	static void stopTheStack() {
		if (services != null) {
			services.close();
		}
	}

	@Test
	void scoresReachSpectatorsAndEveryReadAgrees() throws Exception {
		try (SseStream spectator = new SseStream(broadcaster)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> !spectator.events("snapshot").isEmpty());

			// Alice posts the first score
			JsonNode alice = postScore(token("alice", "Alice"), 4500);
			long aliceId = alice.get("userId").asLong();
			assertThat(alice.get("rank").asLong()).isEqualTo(1);
			assertThat(alice.get("previousRank").isNull()).isTrue();
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(names(spectator.latestTop())).containsExactly("Alice"));
			assertReadsAgreeWith(spectator.latestTop());
			assertThat(get("/leaderboard/" + aliceId).get("rank").asLong()).isEqualTo(1);

			// Bob overtakes her
			JsonNode bob = postScore(token("bob", "Bob"), 5000);
			assertThat(bob.get("rank").asLong()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(names(spectator.latestTop())).containsExactly("Bob", "Alice"));
			assertReadsAgreeWith(spectator.latestTop());
			JsonNode aliceNow = get("/leaderboard/" + aliceId);
			assertThat(aliceNow.get("rank").asLong()).isEqualTo(2);
			assertThat(aliceNow.get("score").asLong()).isEqualTo(4500);

			// a lower, then a repeated score changes nothing
			String aliceToken = token("alice", "Alice");
			for (long score : List.of(100L, 4500L)) {
				JsonNode unchanged = postScore(aliceToken, score);
				assertThat(unchanged.get("score").asLong()).isEqualTo(4500);
				assertThat(unchanged.get("rank").asLong()).isEqualTo(2);
				assertThat(unchanged.get("previousRank").asLong()).isEqualTo(2);
				assertThat(unchanged.get("updatedAt").asString()).isEqualTo(alice.get("updatedAt").asString());
			}
			assertThat(outboxRows()).isEqualTo(2);
			assertThat(names(get("/leaderboard/top"))).containsExactly("Bob", "Alice");
			await().atMost(Duration.ofSeconds(60)).until(() -> pendingOutboxRows() == 0);
		}
	}

	private static void assertReadsAgreeWith(JsonNode streamed) throws Exception {
		JsonNode top = get("/leaderboard/top");
		assertThat(top.size()).isEqualTo(streamed.size());
		for (int i = 0; i < top.size(); i++) {
			for (String field : List.of("rank", "userId", "nickName", "score")) {
				assertThat(top.get(i).get(field)).as(field).isEqualTo(streamed.get(i).get(field));
			}
			JsonNode player = get("/leaderboard/" + top.get(i).get("userId").asLong());
			assertThat(player.get("rank")).isEqualTo(streamed.get(i).get("rank"));
			assertThat(player.get("score")).isEqualTo(streamed.get(i).get("score"));
			assertThat(player.get("nickName")).isEqualTo(streamed.get(i).get("nickName"));
		}
	}

	private static List<String> names(JsonNode top) {
		return (top == null) ? List.of() : top.valueStream().map((entry) -> entry.get("nickName").asString()).toList();
	}

	private static String token(String subject, String nickName) throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api + "/dev/tokens"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"subject\":\"" + subject + "\",\"nickName\":\"" + nickName + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).get("accessToken").asString();
	}

	private static JsonNode postScore(String token, long score) throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api + "/scores"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.ofString("{\"score\": " + score + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static JsonNode get(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + api + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static long outboxRows() throws Exception {
		return count("SELECT count(*) FROM score_events_outbox");
	}

	private static long pendingOutboxRows() throws Exception {
		return count("SELECT count(*) FROM score_events_outbox WHERE processed_at IS NULL");
	}

	private static long count(String sql) throws Exception {
		Postgres postgres = TestInfrastructure.postgres();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void flush(Redis redis) {
		try (java.net.Socket socket = new java.net.Socket(redis.host(), redis.port())) {
			socket.getOutputStream()
				.write(("SELECT " + redis.database() + "\r\nFLUSHDB\r\n")
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			byte[] reply = new byte[10];
			int read = 0;
			while (read < 10) {
				int n = socket.getInputStream().read(reply, read, 10 - read);
				if (n < 0) {
					break;
				}
				read += n;
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
