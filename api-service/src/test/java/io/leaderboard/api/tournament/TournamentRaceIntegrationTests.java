package io.leaderboard.api.tournament;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.cohort.CohortPlacement;
import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** Real concurrent HTTP requests against the caps of a tournament. */
class TournamentRaceIntegrationTests extends ApiTestBase {

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private CohortPlacement cohorts;

	@Test
	void twoHundredConcurrentJoinsAdmitExactlyTheBoardsSize() throws Exception {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"maxSize\":50}");
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			tokens.add(this.http.token("player-" + i, "Player " + i));
		}

		List<Response> answers = concurrently(tokens,
				(token) -> this.http.postJson("/leaderboards/cup/join", null, token));

		assertThat(answers).filteredOn((answer) -> answer.status() == 200).hasSize(50);
		assertThat(answers).filteredOn((answer) -> answer.status() == 409)
			.hasSize(150)
			.allSatisfy((answer) -> assertThat(answer.json().get("type").asString()).endsWith("/board-full"));
		assertThat(answers).filteredOn((answer) -> answer.status() == 200)
			.extracting((answer) -> answer.json().get("size").asInt())
			.as("each admitted join took its own place")
			.containsExactlyInAnyOrderElementsOf(range(1, 50));
		Response participants = this.http.get("/leaderboards/cup/participants?limit=100");
		assertThat(participants.json().get("size").asInt()).isEqualTo(50);
		assertThat(participants.json().get("participants").size()).isEqualTo(50);
	}

	/**
	 * Joins of one period take turns in each instance; across instances only PostgreSQL
	 * keeps the size. Eight enrolments stand for eight instances.
	 */
	@Test
	void concurrentJoinsThroughManyInstancesNeverPassTheSize() throws Exception {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"maxSize\":50}");
		Board cup = this.catalog.require("cup");
		List<Enrolment> instances = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			instances.add(new Enrolment(this.jdbc, this.transactions, this.clock, this.cohorts));
		}
		List<String> players = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			players.add("player-" + i);
		}

		List<String> outcomes = concurrently(players, (player) -> {
			try {
				instances.get(Math.floorMod(player.hashCode(), instances.size())).join(cup, player, player, "");
				return "joined";
			}
			catch (TournamentRefusal refusal) {
				return refusal.getBody().getType().toString();
			}
		});

		assertThat(outcomes).filteredOn("joined"::equals).hasSize(50);
		assertThat(outcomes).filteredOn((outcome) -> outcome.endsWith("/board-full")).hasSize(150);
		assertThat(this.jdbc.sql("SELECT size FROM tournament_sizes").query(Integer.class).single()).isEqualTo(50);
		assertThat(
				this.jdbc.sql("SELECT position FROM tournament_players ORDER BY position").query(Integer.class).list())
			.containsExactlyElementsOf(range(1, 50));
	}

	@ParameterizedTest(name = "joinRequired: {0}")
	@ValueSource(booleans = { false, true })
	void concurrentSubmissionsNeverPassTheCap(boolean joinRequired) throws Exception {
		defineBoard("trials", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"maxAttempts\":3"
				+ (joinRequired ? ",\"joinRequired\":true" : "") + "}");
		List<String> tokens = new ArrayList<>();
		for (int player = 0; player < 4; player++) {
			String token = this.http.token("player-" + player, "Player " + player);
			if (joinRequired) {
				assertThat(this.http.postJson("/leaderboards/trials/join", null, token).status()).isEqualTo(200);
			}
			for (int attempt = 0; attempt < 10; attempt++) {
				tokens.add(token);
			}
		}

		List<Response> answers = concurrently(tokens,
				(token) -> this.http.postJson("/leaderboards/trials/scores", "{\"score\": 1}", token));

		assertThat(answers).filteredOn((answer) -> answer.status() == 200).hasSize(12);
		assertThat(answers).filteredOn((answer) -> answer.status() == 409)
			.hasSize(28)
			.allSatisfy((answer) -> assertThat(answer.json().get("type").asString()).endsWith("/attempts-exhausted"));
		assertThat(answers).filteredOn((answer) -> answer.status() == 200)
			.extracting((answer) -> answer.json().get("attemptsLeft").asInt())
			.containsExactlyInAnyOrder(2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
		assertThat(this.jdbc.sql("SELECT score FROM board_scores WHERE board = 'trials'").query(Long.class).list())
			.containsExactly(3L, 3L, 3L, 3L);
		assertThat(this.jdbc.sql("SELECT count(*) FROM submissions").query(Long.class).single()).isEqualTo(12);
	}

	/** Every request sent at once, each from its own thread; the answers in order. */
	private static <T> List<T> concurrently(List<String> tokens, Function<String, T> request) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(tokens.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> answers = new ArrayList<>();
			for (String token : tokens) {
				answers.add(threads.submit(() -> {
					start.await();
					return request.apply(token);
				}));
			}
			start.countDown();
			List<T> responses = new ArrayList<>();
			for (Future<T> answer : answers) {
				responses.add(answer.get());
			}
			return responses;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static List<Integer> range(int from, int to) {
		List<Integer> values = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			values.add(i);
		}
		return values;
	}

}
