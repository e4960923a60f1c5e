package io.leaderboard.api.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionHistoryIntegrationTests extends ApiTestBase {

	private static final Instant MONDAY = Instant.parse("2026-11-16T10:00:00Z");

	@Test
	void pagesThroughEverySubmissionNewestFirstAndLaterSubmissionsDoNotShiftThePages() {
		defineBoard("arena", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		List<Long> submitted = new ArrayList<>();
		for (int game = 0; game < 25; game++) {
			this.clock.set(MONDAY.plusSeconds(game));
			submitted.add(
					submit("arena", "alice", "{\"score\": " + game + ", \"metadata\": {\"game\": " + game + "}}").json()
						.get("submissionId")
						.asLong());
		}

		Response first = this.http.get("/leaderboards/arena/users/1/history?limit=10");
		this.clock.set(MONDAY.plusSeconds(60));
		submit("arena", "alice", 99);
		Response second = this.http
			.get("/leaderboards/arena/users/1/history?limit=10&cursor=" + first.json().get("nextCursor").asString());
		Response third = this.http
			.get("/leaderboards/arena/users/1/history?limit=10&cursor=" + second.json().get("nextCursor").asString());

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().get("board").asString()).isEqualTo("arena");
		assertThat(first.json().get("userId").asLong()).isEqualTo(1);
		List<Long> listed = new ArrayList<>();
		for (Response page : List.of(first, second, third)) {
			page.json().get("entries").forEach((entry) -> listed.add(entry.get("submissionId").asLong()));
		}
		Collections.reverse(submitted);
		assertThat(listed).containsExactlyElementsOf(submitted);
		assertThat(third.json().get("nextCursor").isNull()).isTrue();
		JsonNode newest = first.json().get("entries").get(0);
		assertThat(newest.get("score").asLong()).isEqualTo(24);
		assertThat(newest.get("period").asString()).isEqualTo("all");
		assertThat(newest.get("metadata").get("game").asInt()).isEqualTo(24);
		assertThat(newest.get("outcome").isNull()).isTrue();
		assertThat(newest.get("status").asString()).isEqualTo("counted");
		assertThat(Instant.parse(newest.get("submittedAt").asString())).isEqualTo(MONDAY.plusSeconds(24));
		assertThat(this.http.get("/leaderboards/arena/users/1/history").json().get("entries")).hasSize(20);
	}

	@Test
	void listsEachSubmittedValueNotTheEntrysTotal() {
		defineBoard("points", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");
		submit("points", "alice", 100);
		submit("points", "alice", 250);

		assertThat(scores(this.http.get("/leaderboards/points/users/1/history").json())).containsExactly(250L, 100L);
	}

	@Test
	void listsTheOutcomeEachSubmissionDeclared() {
		for (String outcome : List.of("\"win\"", "\"loss\"", "\"draw\"", "null")) {
			submit("global", "alice", "{\"score\": 10, \"outcome\": " + outcome + "}");
		}

		JsonNode entries = this.http.get("/leaderboards/global/users/1/history").json().get("entries");

		assertThat(entries)
			.extracting((entry) -> entry.get("outcome").isNull() ? null : entry.get("outcome").asString())
			.containsExactly(null, "draw", "loss", "win");
	}

	@Test
	void aPeriodShowsOnlyTheSubmissionsThatCountedInIt() {
		defineBoard("weekly", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"weekly\"}");
		this.clock.set(MONDAY);
		submit("weekly", "alice", 10);
		submit("weekly", "alice", 11);
		this.clock.set(MONDAY.plusSeconds(7 * 86_400));
		submit("weekly", "alice", 20);

		JsonNode lastWeek = this.http.get("/leaderboards/weekly/users/1/history?period=2026-W47").json();
		JsonNode thisWeek = this.http.get("/leaderboards/weekly/users/1/history?period=2026-W48").json();
		JsonNode every = this.http.get("/leaderboards/weekly/users/1/history").json();

		assertThat(scores(lastWeek)).containsExactly(11L, 10L);
		assertThat(lastWeek.get("entries").get(0).get("period").asString()).isEqualTo("2026-W47");
		assertThat(scores(thisWeek)).containsExactly(20L);
		assertThat(scores(every)).containsExactly(20L, 11L, 10L);
	}

	@Test
	void aSubmissionIsOneRowThatTheLinkedBoardsEntryAndHistoryPointBackTo() {
		defineBoard("mode-weekly", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"resetSchedule\":\"weekly\"}");
		defineBoard("mode", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"mode-weekly\"]}");
		defineBoard("other", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		this.clock.set(MONDAY);
		long submissionId = submit("mode", "alice", 40).json().get("submissionId").asLong();
		submit("other", "alice", 7);

		JsonNode own = this.http.get("/leaderboards/mode/users/1/history").json().get("entries");
		JsonNode linked = this.http.get("/leaderboards/mode-weekly/users/1/history?period=2026-W47")
			.json()
			.get("entries");

		assertThat(this.jdbc.sql("SELECT count(*) FROM submissions WHERE board <> 'other'").query(Long.class).single())
			.isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT submission_id FROM board_scores WHERE board IN ('mode', 'mode-weekly')")
			.query(Long.class)
			.list()).containsExactly(submissionId, submissionId);
		assertThat(own).hasSize(1);
		assertThat(own.get(0).get("submissionId").asLong()).isEqualTo(submissionId);
		assertThat(own.get(0).get("period").asString()).isEqualTo("all");
		assertThat(linked).hasSize(1);
		assertThat(linked.get(0).get("submissionId").asLong()).isEqualTo(submissionId);
		assertThat(linked.get(0).get("period").asString()).isEqualTo("2026-W47");
		assertThat(linked.get(0).get("score").asLong()).isEqualTo(40);
	}

	@Test
	void everySubmissionOfAGroupCommitIsRecordedOnceWithTheIdItsAnswerGave() {
		defineBoard("busy", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		List<String> tokens = IntStream.range(0, 40).mapToObj((i) -> this.http.token("p" + i, "P" + i)).toList();

		List<Response> answers = tokens.stream()
			.map((token) -> CompletableFuture
				.supplyAsync(() -> this.http.postJson("/leaderboards/busy/scores", "{\"score\": 5}", token)))
			.toList()
			.stream()
			.map(CompletableFuture::join)
			.toList();

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		for (Response answer : answers) {
			long userId = answer.json().get("userId").asLong();
			JsonNode entries = this.http.get("/leaderboards/busy/users/" + userId + "/history").json().get("entries");
			assertThat(entries).hasSize(1);
			assertThat(entries.get(0).get("submissionId").asLong())
				.isEqualTo(answer.json().get("submissionId").asLong());
		}
	}

	@Test
	void aPlayerWithoutSubmissionsHasAnEmptyHistoryAndAnUnknownBoardIsNotFound() {
		Response empty = this.http.get("/leaderboards/global/users/42/history");
		Response unknown = this.http.get("/leaderboards/nope/users/1/history");

		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.json().get("entries")).isEmpty();
		assertThat(empty.json().get("nextCursor").isNull()).isTrue();
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).isEqualTo("application/problem+json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=101", "limit=ten", "cursor=bm90LWEtY3Vyc29y", "cursor=%25%25",
			"period=2026-W47", "period=" })
	void badParametersAreProblems(String query) {
		submit("global", "alice", 1);

		Response response = this.http.get("/leaderboards/global/users/1/history?" + query);

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void aTopPagesCursorIsNoHistoryCursor() {
		submit("global", "alice", 1);
		submit("global", "bob", 2);
		this.projection.sync();
		String topCursor = this.http.get("/leaderboards/global/top?limit=1").json().get("nextCursor").asString();

		Response response = this.http.get("/leaderboards/global/users/1/history?cursor=" + topCursor);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	private static List<Long> scores(JsonNode page) {
		List<Long> scores = new ArrayList<>();
		page.get("entries").forEach((entry) -> scores.add(entry.get("score").asLong()));
		return scores;
	}

}
