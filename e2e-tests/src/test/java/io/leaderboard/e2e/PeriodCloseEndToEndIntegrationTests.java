package io.leaderboard.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boards whose periods last seconds: the period the players scored in closes by itself,
 * its results are frozen, and a spectator is told who won, then sees the next period. The
 * whole way: api-service's closer, the outbox, leaderboard-periods, the broadcaster. Two
 * api-service and two projection-worker processes run, so every close is raced.
 */
class PeriodCloseEndToEndIntegrationTests {

	private static Stack stack;

	private static final EventCodec codec = new EventCodec();

	private static ServiceProcesses secondInstances;

	private static int secondApi;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Period close");

	@BeforeAll
	static void startTheStackWithTwoClosers() {
		stack = Stack.start();
		secondInstances = stack.startSecondInstances("second-", "api-service", "projection-worker");
		secondApi = secondInstances.port("api-service");
	}

	@AfterAll
	static void stopTheSecondInstances() {
		if (secondInstances != null) {
			secondInstances.close();
		}
	}

	@Test
	void everyPeriodIsClosedAndPublishedOnceWhileTwoInstancesOfEachRace() throws Exception {
		assertThat(stack.put("/admin/leaderboards/sprint",
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"*/3 * * * * *\"}",
				stack.adminToken()))
			.isIn(200, 201);
		String alice = stack.token("alice", "Alice");
		Map<String, Integer> published = new HashMap<>();
		try (KafkaConsumer<String, byte[]> periods = Stack.fromNow(Topics.LEADERBOARD_PERIODS)) {
			// a score in each of three periods, through either instance
			List<String> scored = new ArrayList<>();
			AtomicInteger score = new AtomicInteger();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				int next = score.incrementAndGet();
				String period = stack
					.post((next % 2 == 0) ? stack.api : secondApi, "/leaderboards/sprint/scores",
							"{\"score\": " + next + "}", alice)
					.get("period")
					.asString();
				if (!scored.contains(period)) {
					scored.add(period);
				}
				return scored.size() == 3;
			});
			// the third period's close comes after many ticks of both closers on the
			// first
			// two: a duplicate of theirs would be on the topic by then
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : periods.poll(Duration.ofMillis(200))) {
					PeriodClosed closed = codec.periodClosed(record.value());
					if (closed.board().equals("sprint")) {
						published.merge(closed.period() + "#" + closed.revision(), 1, Integer::sum);
					}
				}
				return published.containsKey(scored.get(2) + "#1");
			});
			assertThat(published).containsEntry(scored.get(0) + "#1", 1)
				.containsEntry(scored.get(1) + "#1", 1)
				.containsEntry(scored.get(2) + "#1", 1);
			assertThat(Stack.count("SELECT count(*) FROM closed_periods WHERE board = 'sprint' AND revision = 1"))
				.isEqualTo(published.size());
		}
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
