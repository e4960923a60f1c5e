package io.leaderboard.api.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A player writes as fast as they can while other clients' reads keep both cores busy.
 * The limiter's Redis timeout is far below what a round trip takes on such a machine, so
 * it keeps switching between the shared buckets and the local ones: the limit holds all
 * the same, to within one instance's share (the bucket the local side starts with).
 */
@TestPropertySource(properties = { "leaderboard.rate-limits.boards.crowded.capacity=20",
		"leaderboard.rate-limits.boards.crowded.refill-per-second=2",
		"leaderboard.rate-limits.reads.capacity=100000000", "leaderboard.rate-limits.reads.refill-per-second=100000000",
		"leaderboard.rate-limits.timeout=1ms", "leaderboard.rate-limits.probe-interval=50ms" })
class RateLimitUnderLoadIntegrationTests extends ApiTestBase {

	private static final int READERS = 6;

	private static final int WRITES = 300;

	private static final int WRITERS = 4;

	@Test
	void aPlayerWritingAsFastAsTheyCanUnderReadLoadIsHeldToTheLimit() throws Exception {
		defineBoard("crowded", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");
		String player = this.http.token("flood", "Flood");
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger reads = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(READERS + WRITERS);
		try {
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			for (int reader = 0; reader < READERS; reader++) {
				threads.submit(() -> {
					while (writing.get() && System.nanoTime() < deadline) {
						this.http.get("/leaderboards/crowded/top?limit=10");
						reads.incrementAndGet();
					}
				});
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() >= 200);

			long start = System.nanoTime();
			List<Future<List<Response>>> writers = new ArrayList<>();
			for (int writer = 0; writer < WRITERS; writer++) {
				writers.add(threads.submit(() -> {
					List<Response> answers = new ArrayList<>();
					for (int write = 0; write < WRITES / WRITERS; write++) {
						answers.add(this.http.postJson("/leaderboards/crowded/scores", "{\"score\": 1}", player));
					}
					return answers;
				}));
			}
			List<Response> answers = new ArrayList<>();
			for (Future<List<Response>> writer : writers) {
				answers.addAll(writer.get());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			writing.set(false);

			List<Response> admitted = answers.stream().filter((answer) -> answer.status() == 200).toList();
			List<Response> refused = answers.stream().filter((answer) -> answer.status() == 429).toList();
			// capacity and refill while writing, plus one instance's share: here, with
			// one
			// instance, the whole capacity again
			long limit = 20 + (long) Math.ceil(2 * seconds) + 20;
			assertThat(admitted.size() + refused.size()).as("answers other than 200 and 429").isEqualTo(WRITES);
			assertThat(admitted).as("admitted in %.1f s", seconds).hasSizeLessThanOrEqualTo((int) limit);
			assertThat(refused).isNotEmpty().allSatisfy((answer) -> {
				assertThat(answer.contentType()).isEqualTo("application/problem+json");
				assertThat(answer.json().get("status").asInt()).isEqualTo(429);
				assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
			});
			assertThat(
					this.jdbc.sql("SELECT score FROM board_scores WHERE board = 'crowded'").query(Long.class).single())
				.isEqualTo(admitted.size());
		}
		finally {
			writing.set(false);
			threads.shutdown();
		}
	}

}
