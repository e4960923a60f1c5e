package io.leaderboard.api.score;

import java.util.List;
import java.util.Map;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A submission's optional outcome: counted per board period, shown on the standing. */
class OutcomesIntegrationTests extends ApiTestBase {

	@Test
	void aStandingCountsWinsLossesAndDrawsWithTheWinRateOfDecidedGames() {
		defineBoard("duel-weekly", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"resetSchedule\":\"weekly\"}");
		defineBoard("duel", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"duel-weekly\"]}");
		for (String outcome : List.of("win", "win", "loss", "draw", "win")) {
			submit("duel", "alice", "{\"score\": 10, \"outcome\": \"" + outcome + "\"}");
		}
		submit("duel", "alice", 10);

		Response fromPostgresql = this.http.get("/leaderboards/duel/users/1");
		this.projection.sync();
		Response fromRedis = this.http.get("/leaderboards/duel/users/1");
		Response linked = this.http.get("/leaderboards/duel-weekly/users/1");

		assertThat(fromPostgresql.header("Leaderboard-Source")).isEqualTo("postgresql");
		assertThat(fromRedis.header("Leaderboard-Source")).isEqualTo("redis");
		for (Response standing : List.of(fromPostgresql, fromRedis, linked)) {
			JsonNode json = standing.json();
			assertThat(json.get("gamesPlayed").asLong()).isEqualTo(6);
			assertThat(json.get("wins").asLong()).isEqualTo(3);
			assertThat(json.get("losses").asLong()).isEqualTo(1);
			assertThat(json.get("draws").asLong()).isEqualTo(1);
			assertThat(json.get("winRate").asDouble()).isEqualTo(0.75);
		}
	}

	@Test
	void theWinRateIsNullBeforeAnyDecidedGame() {
		submit("global", "alice", "{\"score\": 10, \"outcome\": \"draw\"}");
		submit("global", "bob", 20);
		this.projection.sync();

		for (String player : List.of("1", "2")) {
			JsonNode standing = this.http.get("/leaderboards/global/users/" + player).json();
			assertThat(standing.get("winRate").isNull()).isTrue();
			assertThat(standing.get("wins").asLong()).isZero();
			assertThat(standing.get("losses").asLong()).isZero();
		}
		assertThat(this.http.get("/leaderboards/global/users/1").json().get("draws").asLong()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"won\"", "\"WIN\"", "\"\"", "1", "true", "{\"result\": \"win\"}" })
	void anyOtherOutcomeIsRefusedAndNothingIsWritten(String outcome) {
		Response response = this.http.postJson("/leaderboards/global/scores",
				"{\"score\": 10, \"outcome\": " + outcome + "}", this.http.token("alice", "Alice"));

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		for (String table : List.of("users", "board_scores", "submissions", "score_events_outbox")) {
			assertThat(this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table).isZero();
		}
	}

	@Test
	void theEventCarriesTheEntrysCounters() {
		submit("global", "alice", "{\"score\": 10, \"outcome\": \"win\"}");
		submit("global", "alice", "{\"score\": 5, \"outcome\": \"loss\"}");

		List<String> outcomes = this.jdbc.sql(
				"SELECT payload ->> 'schemaVersion' || ' ' || CAST(payload -> 'outcomes' AS text) FROM score_events_outbox ORDER BY id")
			.query(String.class)
			.list();

		assertThat(outcomes).containsExactly("3 {\"wins\": 1, \"draws\": 0, \"losses\": 0}",
				"3 {\"wins\": 1, \"draws\": 0, \"losses\": 1}");
	}

	@Test
	void anIdempotencyKeyReusedWithAnotherOutcomeIsRefused() {
		String alice = this.http.token("alice", "Alice");
		Response first = this.http.postJson("/scores", "{\"score\": 10, \"outcome\": \"win\"}", alice,
				Map.of("Idempotency-Key", "game-1"));
		Response other = this.http.postJson("/scores", "{\"score\": 10, \"outcome\": \"loss\"}", alice,
				Map.of("Idempotency-Key", "game-1"));

		assertThat(first.status()).isEqualTo(200);
		assertThat(other.status()).isEqualTo(422);
		assertThat(this.jdbc.sql("SELECT idempotency_key FROM submissions").query(String.class).list())
			.containsExactly("game-1");
	}

}
