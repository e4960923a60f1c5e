package io.leaderboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.leaderboard.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A player posts scores on the seed's paths, a spectator watches the SSE stream, and
 * every read agrees.
 */
class ScorePipelineEndToEndIntegrationTests {

	private static Stack stack;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Score pipeline");

	@BeforeAll
	static void startTheStack() {
		stack = Stack.start();
	}

	@Test
	void scoresReachSpectatorsAndEveryReadAgrees() throws Exception {
		try (SseStream spectator = new SseStream(stack.broadcaster);
				KafkaConsumer<String, byte[]> scoreEvents = Stack.fromNow(Topics.SCORE_EVENTS)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> !spectator.events("snapshot").isEmpty());

			// Alice posts the first score
			JsonNode alice = postScore(stack.token("alice", "Alice"), 4500);
			long aliceId = alice.get("userId").asLong();
			assertThat(alice.get("rank").asLong()).isEqualTo(1);
			assertThat(alice.get("previousRank").isNull()).isTrue();
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(names(spectator.latestTop())).containsExactly("Alice"));
			assertReadsAgreeWith(spectator.latestTop());
			assertThat(stack.get("/leaderboard/" + aliceId).get("rank").asLong()).isEqualTo(1);

			// Bob overtakes her, and the update says how they moved
			JsonNode bob = postScore(stack.token("bob", "Bob"), 5000);
			assertThat(bob.get("rank").asLong()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(names(spectator.latestTop())).containsExactly("Bob", "Alice"));
			assertReadsAgreeWith(spectator.latestTop());
			JsonNode changes = spectator.events("update").get(spectator.events("update").size() - 1).get("changes");
			assertThat(changes.findValuesAsString("nickName")).containsExactly("Bob", "Alice");
			assertThat(changes.get(1).get("oldRank").asLong()).isEqualTo(1);
			assertThat(changes.get(1).get("newRank").asLong()).isEqualTo(2);
			JsonNode aliceNow = stack.get("/leaderboard/" + aliceId);
			assertThat(aliceNow.get("rank").asLong()).isEqualTo(2);
			assertThat(aliceNow.get("score").asLong()).isEqualTo(4500);

			// a lower, then a repeated score keeps her best; each is a game played
			String aliceToken = stack.token("alice", "Alice");
			for (long score : List.of(100L, 4500L)) {
				JsonNode unchanged = postScore(aliceToken, score);
				assertThat(unchanged.get("score").asLong()).isEqualTo(4500);
				assertThat(unchanged.get("rank").asLong()).isEqualTo(2);
				assertThat(unchanged.get("previousRank").asLong()).isEqualTo(2);
				assertThat(unchanged.get("updatedAt").asString()).isEqualTo(alice.get("updatedAt").asString());
			}
			// one event per accepted submission: two of Bob's and Alice's four games
			List<String> players = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				scoreEvents.poll(Duration.ofMillis(200)).forEach((record) -> players.add(record.key()));
				assertThat(players).filteredOn(Long.toString(aliceId)::equals).hasSize(3);
				assertThat(players).filteredOn(bob.get("userId").asString()::equals).hasSize(1);
			});
			assertThat(names(stack.get("/leaderboard/top"))).containsExactly("Bob", "Alice");
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(stack.get("/leaderboard/" + aliceId).get("gamesPlayed").asLong())
					.isEqualTo(3));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> Stack.count("SELECT count(*) FROM score_events_outbox WHERE processed_at IS NULL") == 0);
		}
	}

	@Test
	void aScoresTraceGoesOnThroughTheOutboxKafkaAndTheProjectorToTheNotification() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e" + String.format("%04x", System.nanoTime() & 0xffff);
		String admin = stack.adminToken();
		assertThat(stack.put("/admin/leaderboards/traced", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}", admin))
			.isIn(200, 201);
		try (KafkaConsumer<String, byte[]> notifications = Stack.fromNow(Topics.LEADERBOARD_NOTIFICATIONS)) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + stack.api + "/leaderboards/traced/scores"))
					.header("Authorization", "Bearer " + stack.token("tracy", "Tracy"))
					.header("Content-Type", "application/json")
					// a client that traces its own calls, sampled
					.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
					.POST(HttpRequest.BodyPublishers.ofString("{\"score\": 77}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);

			List<String> traces = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> record : notifications.poll(Duration.ofMillis(200))) {
					Header header = record.headers().lastHeader("traceparent");
					if ("traced".equals(record.key()) && header != null) {
						traces.add(new String(header.value(), StandardCharsets.UTF_8));
					}
				}
				// the same trace, continued by the publisher's and the projector's spans
				assertThat(traces).anySatisfy((trace) -> assertThat(trace).startsWith("00-" + traceId + "-")
					.doesNotContain("00f067aa0ba902b7"));
			});
		}
	}

	private static void assertReadsAgreeWith(JsonNode streamed) throws Exception {
		JsonNode top = stack.get("/leaderboard/top");
		assertThat(top.size()).isEqualTo(streamed.size());
		for (int i = 0; i < top.size(); i++) {
			for (String field : List.of("rank", "userId", "nickName", "score")) {
				assertThat(top.get(i).get(field)).as(field).isEqualTo(streamed.get(i).get(field));
			}
			JsonNode player = stack.get("/leaderboard/" + top.get(i).get("userId").asLong());
			assertThat(player.get("rank")).isEqualTo(streamed.get(i).get("rank"));
			assertThat(player.get("score")).isEqualTo(streamed.get(i).get("score"));
			assertThat(player.get("nickName")).isEqualTo(streamed.get(i).get("nickName"));
		}
	}

	private static List<String> names(JsonNode top) {
		return (top == null) ? List.of() : top.valueStream().map((entry) -> entry.get("nickName").asString()).toList();
	}

	private static JsonNode postScore(String token, long score) throws Exception {
		return stack.post("/scores", "{\"score\": " + score + "}", token);
	}

}
