package io.leaderboard.api.score;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Infrastructure;
import io.leaderboard.api.support.Outbox;
import io.leaderboard.events.ScoreChanged;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Submissions that wait while a batch is in PostgreSQL are committed together. The test
 * holds the first batch on a row lock, so it knows exactly which requests wait together.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "leaderboard.submissions.group-commit.writers=1")
class GroupCommitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	BoardCatalog catalog;

	@Autowired
	MeterRegistry meters;

	Http http;

	final ExecutorService clients = Executors.newFixedThreadPool(32);

	@BeforeEach
	void cleanSlate() {
		Infrastructure.reset(this.jdbc, this.redis, this.catalog);
		this.http = new Http(this.port);
	}

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void submissionsThatWaitTogetherAreCommittedTogetherAndEachGetsItsOwnAnswer() throws Exception {
		Map<String, String> tokens = tokens("p", 20);
		String blocker = this.http.token("blocker", "Blocker");
		this.http.postJson("/scores", "{\"score\": 1}", blocker);
		long batchesBefore = batches().count();

		Map<String, Response> answers;
		try (Connection lock = lockEntryOf("blocker")) {
			CompletableFuture<Response> held = submit("/scores", 2, blocker);
			awaitHeldByTheLock();
			List<CompletableFuture<Response>> waiting = new ArrayList<>();
			int score = 100;
			for (String token : tokens.values()) {
				waiting.add(submit("/scores", score++, token));
			}
			awaitQueued(20);
			lock.rollback();
			assertThat(held.get().status()).isEqualTo(200);
			answers = new LinkedHashMap<>();
			int i = 0;
			for (String subject : tokens.keySet()) {
				answers.put(subject, waiting.get(i++).get());
			}
		}

		long expected = 100;
		for (Response answer : answers.values()) {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.json().get("score").asLong()).isEqualTo(expected++);
		}
		assertThat(answers.values().stream().map((answer) -> answer.json().get("userId").asLong()).distinct())
			.hasSize(20);
		assertThat(Outbox.events(this.jdbc)).hasSize(22);
		// the blocker's batch, then one batch for the twenty that waited behind it
		assertThat(batches().count() - batchesBefore).isEqualTo(2);
	}

	@Test
	void aSubmissionItsBoardCannotTakeIsRefusedAloneAndTheRestOfItsBatchIsWritten() throws Exception {
		String admin = this.http.adminToken();
		this.http.putJson("/admin/leaderboards/coins", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}", admin);
		Map<String, String> tokens = tokens("p", 5);
		String whale = this.http.token("whale", "Whale");
		this.http.postJson("/leaderboards/coins/scores", "{\"score\": 9007199254740991}", whale);
		String blocker = this.http.token("blocker", "Blocker");
		this.http.postJson("/leaderboards/coins/scores", "{\"score\": 1}", blocker);

		Response refused;
		List<Response> written = new ArrayList<>();
		try (Connection lock = lockEntryOf("blocker")) {
			CompletableFuture<Response> held = submit("/leaderboards/coins/scores", 1, blocker);
			awaitHeldByTheLock();
			List<CompletableFuture<Response>> waiting = new ArrayList<>();
			for (String token : tokens.values()) {
				waiting.add(submit("/leaderboards/coins/scores", 10, token));
			}
			CompletableFuture<Response> overflow = submit("/leaderboards/coins/scores", 1, whale);
			awaitQueued(6);
			lock.rollback();
			held.get();
			refused = overflow.get();
			for (CompletableFuture<Response> answer : waiting) {
				written.add(answer.get());
			}
		}

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(written).extracting(Response::status).containsOnly(200);
		assertThat(this.jdbc.sql("""
				SELECT s.score FROM board_scores s JOIN users u ON u.id = s.user_id
				WHERE s.board = 'coins' AND u.subject = 'whale'
				""").query(Long.class).single()).isEqualTo(9007199254740991L);
		assertThat(Outbox.events(this.jdbc)).filteredOn((event) -> event.nickName().startsWith("p"))
			.extracting(ScoreChanged::score)
			.containsOnly(10L)
			.hasSize(5);
	}

	@Test
	void aPlayersSecondSubmissionWaitsForTheNextBatch() throws Exception {
		String alice = this.http.token("alice", "Alice");
		String blocker = this.http.token("blocker", "Blocker");
		this.http.postJson("/scores", "{\"score\": 1}", blocker);

		List<Response> answers = new ArrayList<>();
		try (Connection lock = lockEntryOf("blocker")) {
			CompletableFuture<Response> held = submit("/scores", 2, blocker);
			awaitHeldByTheLock();
			CompletableFuture<Response> first = submit("/scores", 10, alice);
			awaitQueued(1);
			CompletableFuture<Response> second = submit("/scores", 20, alice);
			awaitQueued(2);
			lock.rollback();
			held.get();
			answers.add(first.get());
			answers.add(second.get());
		}

		assertThat(answers).extracting(Response::status).containsOnly(200);
		assertThat(answers.get(1).json().get("score").asLong()).isEqualTo(20);
		assertThat(Outbox.events(this.jdbc)).filteredOn((event) -> event.nickName().equals("Alice"))
			.extracting(ScoreChanged::version, ScoreChanged::score)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 10L),
					org.assertj.core.groups.Tuple.tuple(2L, 20L));
	}

	private Map<String, String> tokens(String prefix, int count) {
		Map<String, String> tokens = new LinkedHashMap<>();
		for (int i = 1; i <= count; i++) {
			tokens.put(prefix + i, this.http.token(prefix + i, prefix + i));
		}
		return tokens;
	}

	private CompletableFuture<Response> submit(String path, long score, String token) {
		return CompletableFuture.supplyAsync(() -> this.http.postJson(path, "{\"score\": " + score + "}", token),
				this.clients);
	}

	/** Holds the player's entries locked until the connection rolls back. */
	private Connection lockEntryOf(String subject) throws Exception {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1 FROM board_scores s JOIN users u ON u.id = s.user_id WHERE u.subject = '"
					+ subject + "' FOR UPDATE OF s");
		}
		return connection;
	}

	/** Waits until the writer's statement waits for the held row lock. */
	private void awaitHeldByTheLock() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'
				""").query(Long.class).single()).isEqualTo(1));
	}

	/** Waits until exactly {@code count} submissions queue behind the held batch. */
	private void awaitQueued(int count) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.meters.get("leaderboard.submissions.queued").gauge().value())
				.isEqualTo(count));
	}

	private DistributionSummary batches() {
		return this.meters.get("leaderboard.submissions.batch.size").summary();
	}

}
