package io.leaderboard.api.score;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Retrying a write with its {@code Idempotency-Key} never applies it twice. */
class IdempotencyKeyIntegrationTests extends ApiTestBase {

	private static final String POINTS = "/leaderboards/points/scores";

	@Autowired
	IdempotencyKeys keys;

	private String alice;

	@BeforeEach
	void incrementBoard() {
		defineBoard("points", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"maxScore\":1000}");
		this.alice = this.http.token("alice", "Alice");
	}

	@Test
	void aRetriedKeyAddsOnceAndReplaysTheFirstAnswer() {
		Response first = post(this.alice, "retry-1",
				"{\"score\": 100, \"metadata\": {\"level\": 3, \"mode\": \"duo\"}}");
		Response retry = post(this.alice, "retry-1",
				"{\"score\": 100, \"metadata\": {\"level\": 3, \"mode\": \"duo\"}}");
		// the same content in another key order is the same body
		Response reordered = post(this.alice, "retry-1",
				"{\"metadata\": {\"mode\": \"duo\", \"level\": 3}, \"score\": 100}");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Idempotent-Replayed")).isNull();
		for (Response replay : List.of(retry, reordered)) {
			assertThat(replay.status()).isEqualTo(200);
			assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
			assertThat(replay.json()).isEqualTo(first.json());
		}
		this.projection.sync();
		Response standing = this.http.get("/leaderboards/points/users/1");
		assertThat(standing.json().get("score").asLong()).isEqualTo(100);
		assertThat(standing.json().get("gamesPlayed").asLong()).isEqualTo(1);
		assertThat(outboxRows()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherBodyOrBoardIsRefusedAndWritesNothing() {
		defineBoard("other", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");
		post(this.alice, "once", "{\"score\": 100}");

		Response otherScore = post(this.alice, "once", "{\"score\": 200}");
		Response otherMetadata = post(this.alice, "once", "{\"score\": 100, \"metadata\": {\"level\": 1}}");
		Response otherBoard = this.http.postJson("/leaderboards/other/scores", "{\"score\": 100}", this.alice,
				Map.of("Idempotency-Key", "once"));

		for (Response refused : List.of(otherScore, otherMetadata, otherBoard)) {
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.json().get("detail").asString()).contains("Idempotency-Key");
		}
		assertThat(this.jdbc.sql("SELECT board, score FROM board_scores").query().listOfRows())
			.containsExactly(Map.of("board", "points", "score", 100L));
		assertThat(outboxRows()).isEqualTo(1);
	}

	@Test
	void concurrentRequestsWithOneKeyApplyOnce() throws Exception {
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Response> answers = new ArrayList<>();
		try {
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return post(this.alice, "at-once", "{\"score\": 7}");
				}));
			}
			start.countDown();
			for (Future<Response> future : futures) {
				answers.add(future.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(answers).extracting(Response::status).containsOnly(200);
		assertThat(answers).filteredOn((answer) -> answer.header("Idempotent-Replayed") == null).hasSize(1);
		assertThat(answers).extracting(Response::json).containsOnly(answers.get(0).json());
		assertThat(this.jdbc.sql("SELECT score FROM board_scores").query(Long.class).single()).isEqualTo(7);
		assertThat(this.jdbc.sql("SELECT games_played FROM board_scores").query(Long.class).single()).isEqualTo(1);
		assertThat(outboxRows()).isEqualTo(1);
	}

	@Test
	void keysBelongToTheirPlayer() {
		String bob = this.http.token("bob", "Bob");

		Response alices = post(this.alice, "shared", "{\"score\": 5}");
		Response bobs = post(bob, "shared", "{\"score\": 5}");

		assertThat(bobs.header("Idempotent-Replayed")).isNull();
		assertThat(bobs.json().get("userId").asLong()).isNotEqualTo(alices.json().get("userId").asLong());
		assertThat(outboxRows()).isEqualTo(2);
	}

	@Test
	void aKeyPastItsRetentionCountsAsNew() {
		Instant monday = Instant.parse("2026-11-23T10:00:00Z");
		this.clock.set(monday);
		post(this.alice, "daily-bonus", "{\"score\": 50}");

		this.clock.set(monday.plus(Duration.ofHours(23)));
		Response withinRetention = post(this.alice, "daily-bonus", "{\"score\": 50}");
		this.clock.set(monday.plus(Duration.ofHours(24)).plusSeconds(1));
		Response afterRetention = post(this.alice, "daily-bonus", "{\"score\": 50}");

		assertThat(withinRetention.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(afterRetention.header("Idempotent-Replayed")).isNull();
		assertThat(afterRetention.json().get("score").asLong()).isEqualTo(100);
		assertThat(outboxRows()).isEqualTo(2);
	}

	@Test
	void expiredKeysAreDeleted() {
		Instant now = Instant.now();
		this.clock.set(now.minus(Duration.ofHours(25)));
		post(this.alice, "old", "{\"score\": 1}");
		this.clock.set(now);
		post(this.alice, "recent", "{\"score\": 1}");

		this.keys.forgetExpired();

		assertThat(this.jdbc.sql("SELECT idempotency_key FROM idempotency_keys").query(String.class).list())
			.containsExactly("recent");
	}

	@Test
	void aRefusedSubmissionLeavesItsKeyUnused() {
		Response tooMuch = post(this.alice, "big", "{\"score\": 1001}");
		Response again = post(this.alice, "big", "{\"score\": 1001}");
		Response fixed = post(this.alice, "big", "{\"score\": 1000}");

		assertThat(tooMuch.status()).isEqualTo(422);
		assertThat(again.status()).isEqualTo(422);
		assertThat(again.json().get("detail").asString()).contains("1000");
		assertThat(fixed.status()).isEqualTo(200);
		assertThat(fixed.header("Idempotent-Replayed")).isNull();
		assertThat(outboxRows()).isEqualTo(1);
	}

	@Test
	void withoutAKeyEveryRetryCounts() {
		this.http.postJson(POINTS, "{\"score\": 10}", this.alice);
		this.http.postJson(POINTS, "{\"score\": 10}", this.alice);

		assertThat(this.jdbc.sql("SELECT score FROM board_scores").query(Long.class).single()).isEqualTo(20);
		assertThat(this.jdbc.sql("SELECT count(*) FROM idempotency_keys").query(Long.class).single()).isZero();
	}

	private Response post(String token, String key, String body) {
		return this.http.postJson(POINTS, body, token, Map.of("Idempotency-Key", key));
	}

	private long outboxRows() {
		return this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single();
	}

}
