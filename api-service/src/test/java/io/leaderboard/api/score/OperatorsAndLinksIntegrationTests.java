package io.leaderboard.api.score;

import java.time.Instant;
import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorsAndLinksIntegrationTests extends ApiTestBase {

	@Test
	void bestKeepsTheBetterScoreInTheBoardsOwnOrder() {
		defineBoard("fastest", "{\"sortOrder\":\"asc\",\"operator\":\"best\"}");

		assertThat(scores("fastest", 90, 120, 60, 75)).containsExactly(90L, 90L, 60L, 60L);
	}

	@Test
	void latestReplacesTheScore() {
		defineBoard("rating", "{\"sortOrder\":\"desc\",\"operator\":\"latest\"}");

		assertThat(scores("rating", 1500, 1480, 1520)).containsExactly(1500L, 1480L, 1520L);
	}

	@Test
	void incrementAddsUpTheValues() {
		defineBoard("points", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");

		assertThat(scores("points", 100, 250, -50)).containsExactly(100L, 350L, 300L);
		assertThat(this.http.get("/leaderboards/points/users/1").json().get("gamesPlayed").asLong()).isEqualTo(3);
	}

	@Test
	void maxScoreRefusesImplausibleValuesAndForIncrementsTheIncrement() {
		defineBoard("capped", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxScore\":1000}");
		defineBoard("levels", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"maxScore\":100}");
		String token = this.http.token("alice", "Alice");

		Response tooHigh = this.http.postJson("/leaderboards/capped/scores", "{\"score\": 1001}", token);
		Response tooMuchAtOnce = this.http.postJson("/leaderboards/levels/scores", "{\"score\": 101}", token);
		for (int level = 0; level < 15; level++) {
			assertThat(this.http.postJson("/leaderboards/levels/scores", "{\"score\": 100}", token).status())
				.isEqualTo(200);
		}

		assertThat(tooHigh.status()).isEqualTo(422);
		assertThat(tooHigh.contentType()).isEqualTo("application/problem+json");
		assertThat(tooHigh.json().get("detail").asString()).contains("1000");
		assertThat(tooMuchAtOnce.status()).isEqualTo(422);
		assertThat(this.jdbc.sql("SELECT score FROM board_scores WHERE board = 'levels'").query(Long.class).single())
			.isEqualTo(1500);
		assertThat(this.jdbc.sql("SELECT count(*) FROM board_scores WHERE board = 'capped'").query(Long.class).single())
			.isZero();
	}

	@Test
	void anIncrementBeyondTheLargestScoreIsRefusedAndChangesNothing() {
		defineBoard("huge", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");
		submit("huge", "alice", 9007199254740991L);

		Response response = this.http.postJson("/leaderboards/huge/scores", "{\"score\": 1}",
				this.http.token("alice", "alice"));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void metadataIsKeptWithTheScoreItCameWith() {
		defineBoard("laps", "{\"sortOrder\":\"asc\",\"operator\":\"best\"}");
		submit("laps", "alice", "{\"score\": 61000, \"metadata\": {\"car\": \"red\", \"track\": 3}}");
		submit("laps", "alice", "{\"score\": 65000, \"metadata\": {\"car\": \"blue\"}}");
		this.projection.sync();

		Response standing = this.http.get("/leaderboards/laps/users/1");
		Response top = this.http.get("/leaderboards/laps/top");

		assertThat(standing.json().get("metadata").get("car").asString()).isEqualTo("red");
		assertThat(standing.json().get("score").asLong()).isEqualTo(61000);
		assertThat(top.json().get("entries").get(0).get("metadata").get("track").asInt()).isEqualTo(3);
	}

	@Test
	void oneSubmissionUpdatesEveryLinkedBoardInItsOwnPeriodAndWay() {
		this.clock.set(Instant.parse("2026-11-22T15:00:00Z"));
		defineBoard("mode-daily", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"resetSchedule\":\"daily\"}");
		defineBoard("mode-weekly", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"weekly\"}");
		defineBoard("mode", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"mode-daily\","
				+ "\"mode-weekly\"]}");

		Response first = submit("mode", "alice", 40);
		submit("mode", "alice", 30);

		assertThat(first.json().get("board").asString()).isEqualTo("mode");
		assertThat(first.json().get("period").asString()).isEqualTo("all");
		assertThat(this.jdbc.sql("SELECT board || '/' || period || '=' || score FROM board_scores ORDER BY board")
			.query(String.class)
			.list()).containsExactly("mode/all=40", "mode-daily/2026-11-22=70", "mode-weekly/2026-W47=40");
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isEqualTo(6);
	}

	@Test
	void aLinkedBoardThatRefusesTheScoreStopsTheWholeSubmission() {
		defineBoard("strict", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxScore\":10}");
		defineBoard("open", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"strict\"]}");

		Response response = this.http.postJson("/leaderboards/open/scores", "{\"score\": 11}",
				this.http.token("alice", "Alice"));

		assertThat(response.status()).isEqualTo(422);
		assertThat(this.jdbc.sql("SELECT count(*) FROM board_scores").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isZero();
	}

	/** Submits in turn as one player and returns the score each answer reports. */
	private List<Long> scores(String board, long... values) {
		String token = this.http.token("alice", "Alice");
		List<Long> scores = new java.util.ArrayList<>();
		for (long value : values) {
			Response response = this.http.postJson("/leaderboards/" + board + "/scores", "{\"score\": " + value + "}",
					token);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			scores.add(response.json().get("score").asLong());
			this.projection.sync();
		}
		return scores;
	}

}
