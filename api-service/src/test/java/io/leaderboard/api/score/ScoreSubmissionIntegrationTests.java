package io.leaderboard.api.score;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.support.ApiIntegrationTest;
import io.leaderboard.api.support.Http;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Outbox;
import io.leaderboard.api.support.Infrastructure;
import io.leaderboard.api.support.Projection;
import io.leaderboard.events.ScoreChanged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@ApiIntegrationTest
class ScoreSubmissionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	BoardCatalog catalog;

	Http http;

	@BeforeEach
	void cleanSlate() {
		Infrastructure.reset(this.jdbc, this.redis, this.catalog);
		this.http = new Http(this.port);
	}

	@Test
	void firstScoreRegistersThePlayerAndWritesOneEvent() {
		String token = this.http.token("alice", "Alice");

		Response response = this.http.postJson("/scores", "{\"score\": 4500}", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("userId").asLong()).isEqualTo(1);
		assertThat(response.json().get("nickName").asString()).isEqualTo("Alice");
		assertThat(response.json().get("score").asLong()).isEqualTo(4500);
		assertThat(response.json().get("rank").asLong()).isEqualTo(1);
		assertThat(response.json().get("previousRank").isNull()).isTrue();
		assertThat(response.json().get("updatedAt").asString()).isNotBlank();
		List<ScoreChanged> events = outboxEvents();
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.board()).isEqualTo("global");
			assertThat(event.userId()).isEqualTo(1);
			assertThat(event.nickName()).isEqualTo("Alice");
			assertThat(event.score()).isEqualTo(4500);
			assertThat(event.previousScore()).isNull();
			assertThat(event.version()).isEqualTo(1);
		});
	}

	@Test
	void lowerOrEqualScoreKeepsTheBestAndCountsTheGame() {
		String token = this.http.token("alice", "Alice");
		Response first = this.http.postJson("/scores", "{\"score\": 100}", token);

		Response lower = this.http.postJson("/scores", "{\"score\": 50}", token);
		Response same = this.http.postJson("/scores", "{\"score\": 100}", token);

		for (Response response : List.of(lower, same)) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("score").asLong()).isEqualTo(100);
			assertThat(response.json().get("updatedAt").asString()).isEqualTo(first.json().get("updatedAt").asString());
			assertThat(response.json().get("rank").asLong()).isEqualTo(1);
			assertThat(response.json().get("previousRank").asLong()).isEqualTo(1);
		}
		// every accepted submission is a game played, so it is an event too
		assertThat(outboxEvents()).extracting(ScoreChanged::score, ScoreChanged::gamesPlayed, ScoreChanged::version)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(100L, 1L, 1L),
					org.assertj.core.groups.Tuple.tuple(100L, 2L, 2L),
					org.assertj.core.groups.Tuple.tuple(100L, 3L, 3L));
		assertThat(outboxEvents()).extracting(ScoreChanged::reachedAt).containsOnly(outboxEvents().get(0).reachedAt());
	}

	@Test
	void higherScoreBumpsTheVersionAndIsRankedAgainstTheBoard() {
		String alice = this.http.token("alice", "Alice");
		this.http.postJson("/scores", "{\"score\": 300}", this.http.token("carol", "Carol"));
		this.http.postJson("/scores", "{\"score\": 150}", this.http.token("dave", "Dave"));
		Projection projection = new Projection(this.jdbc, this.redis);
		projection.sync();

		Response first = this.http.postJson("/scores", "{\"score\": 100}", alice);
		projection.sync();
		Response second = this.http.postJson("/scores", "{\"score\": 200}", alice);

		assertThat(first.json().get("rank").asLong()).isEqualTo(3);
		assertThat(second.json().get("rank").asLong()).isEqualTo(2);
		assertThat(second.json().get("previousRank").asLong()).isEqualTo(3);
		assertThat(outboxEvents().subList(2, 4))
			.extracting(ScoreChanged::version, ScoreChanged::score, ScoreChanged::previousScore)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 100L, null),
					org.assertj.core.groups.Tuple.tuple(2L, 200L, 100L));
	}

	@Test
	void concurrentSubmissionsKeepTheHighestScoreWithContiguousVersions() throws Exception {
		String token = this.http.token("alice", "Alice");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Response>> answers = IntStream.rangeClosed(1, 40)
				.mapToObj((score) -> pool
					.submit(() -> this.http.postJson("/scores", "{\"score\": " + score + "}", token)))
				.toList();
			for (Future<Response> answer : answers) {
				assertThat(answer.get().status()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(this.jdbc.sql("SELECT score FROM board_scores").query(Long.class).single()).isEqualTo(40);
		List<ScoreChanged> events = outboxEvents();
		assertThat(events).extracting(ScoreChanged::version)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).mapToObj(Long::valueOf).toList());
		assertThat(events).hasSize(40).extracting(ScoreChanged::score).isSorted().endsWith(40L);
		assertThat(this.jdbc.sql("SELECT version FROM board_scores").query(Long.class).single())
			.isEqualTo(events.size());
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"score\": 1.5}", "{\"score\": 1.0}", "{\"score\": 1e3}", "{\"score\": \"100\"}",
			"{\"score\": true}", "{\"score\": null}", "{}", "{\"score\": [1]}", "{\"score\": 9007199254740992}",
			"{\"score\": -9007199254740992}", "{\"score\": 99999999999999999999999}", "not json", "{\"score\": 1", "",
			"{\"score\": 1} trailing", "{\"score\": NaN}" })
	void badInputIsAProblemAndWritesNothing(String body) {
		String token = this.http.token("alice", "Alice");

		Response response = this.http.postJson("/scores", body, token);

		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).isNotBlank();
		assertThat(countRows("users") + countRows("board_scores") + countRows("score_events_outbox")).isZero();
	}

	@Test
	void largestSafeScoresAreAccepted() {
		String token = this.http.token("alice", "Alice");

		Response response = this.http.postJson("/scores", "{\"score\": 9007199254740991}", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("score").asLong()).isEqualTo(9007199254740991L);
	}

	@Test
	void submissionsAreCountedByOutcomeAndReason() {
		String token = this.http.token("alice", "Alice");

		this.http.postJson("/scores", "{\"score\": 10}", token);
		this.http.post("/scores", "{\"score\": 1}", "text/plain", token);
		this.http.postJson("/leaderboards/nope/scores", "{\"score\": 1}", token);
		this.http.postJson("/scores", "{\"score\": 1}", null);

		String metrics = this.http.get("/actuator/prometheus").body();
		assertThat(metrics)
			.containsPattern("leaderboard_submissions_total\\{outcome=\"accepted\",reason=\"recorded\"} [1-9]")
			.containsPattern(
					"leaderboard_submissions_total\\{outcome=\"rejected\",reason=\"unsupported-media-type\"} [1-9]")
			.containsPattern("leaderboard_submissions_total\\{outcome=\"rejected\",reason=\"unknown-board\"} [1-9]")
			.containsPattern("leaderboard_submissions_total\\{outcome=\"rejected\",reason=\"unauthenticated\"} [1-9]");
	}

	@Test
	void wrongContentTypeIsUnsupported() {
		String token = this.http.token("alice", "Alice");

		Response response = this.http.post("/scores", "{\"score\": 1}", "text/plain", token);

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void missingOrInvalidTokensAreUnauthorizedProblems() throws Exception {
		com.nimbusds.jose.jwk.RSAKey foreignKey = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
		com.nimbusds.jwt.SignedJWT foreign = new com.nimbusds.jwt.SignedJWT(
				new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256),
				new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("mallory")
					.issuer("http://localhost:8080")
					.audience("leaderboard")
					.expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
					.build());
		foreign.sign(new com.nimbusds.jose.crypto.RSASSASigner(foreignKey));

		for (String token : java.util.Arrays.asList(null, "garbage", foreign.serialize())) {
			Response response = this.http.postJson("/scores", "{\"score\": 1}", token);

			assertThat(response.status()).as(String.valueOf(token)).isEqualTo(401);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		}
		assertThat(countRows("users")).isZero();
	}

	private List<ScoreChanged> outboxEvents() {
		return Outbox.events(this.jdbc);
	}

	private long countRows(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
