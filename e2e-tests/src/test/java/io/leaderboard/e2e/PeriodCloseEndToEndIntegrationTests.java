package io.leaderboard.e2e;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A board whose periods last ten seconds: the period the players scored in closes by
 * itself, its results are frozen, and a spectator is told who won, then sees the next
 * period. The whole way: api-service's closer, the outbox, leaderboard-periods, the
 * broadcaster.
 */
class PeriodCloseEndToEndIntegrationTests {

	private static Stack stack;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Period close");

	@BeforeAll
	static void startTheStack() {
		stack = Stack.start();
	}

	@Test
	void theEndedPeriodIsClosedFrozenAndAnnouncedToSpectators() throws Exception {
		assertThat(stack.put("/admin/leaderboards/blitz",
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"*/10 * * * * *\"}",
				stack.adminToken()))
			.isIn(200, 201);
		try (SseStream spectator = new SseStream(stack.broadcaster, "/leaderboards/blitz/events")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> !spectator.events("snapshot").isEmpty());

			String period = scoreInOnePeriod();

			await().atMost(Duration.ofSeconds(60))
				.until(() -> spectator.events("period-closed")
					.stream()
					.anyMatch((closed) -> closed.get("period").asString().equals(period)));
			JsonNode closed = spectator.events("period-closed")
				.stream()
				.filter((event) -> event.get("period").asString().equals(period))
				.findFirst()
				.orElseThrow();
			assertThat(closed.get("board").asString()).isEqualTo("blitz");
			assertThat(closed.get("revision").asLong()).isEqualTo(1);
			assertThat(closed.get("top").findValuesAsString("nickName")).containsExactly("Alice", "Bob");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<JsonNode> snapshots = spectator.events("snapshot");
				assertThat(snapshots.get(snapshots.size() - 1).get("reason").asString()).isEqualTo("period-closed");
				assertThat(snapshots.get(snapshots.size() - 1).get("period").asString()).isNotEqualTo(period);
			});
			JsonNode results = stack.get("/leaderboards/blitz/periods/" + period + "/results");
			assertThat(results.get("entries").findValuesAsString("nickName")).containsExactly("Alice", "Bob");
			assertThat(results.get("entries").findValues("rank")).extracting(JsonNode::asLong).containsExactly(1L, 2L);
		}
	}

	/** Both scores in one period, though a reset may fall between them. */
	private static String scoreInOnePeriod() throws Exception {
		String alice = stack.token("alice", "Alice");
		String bob = stack.token("bob", "Bob");
		for (int attempt = 0;; attempt++) {
			String first = stack.post("/leaderboards/blitz/scores", "{\"score\": 300}", alice).get("period").asString();
			String second = stack.post("/leaderboards/blitz/scores", "{\"score\": 200}", bob).get("period").asString();
			if (first.equals(second) || attempt == 3) {
				assertThat(second).isEqualTo(first);
				return first;
			}
		}
	}

}
