package io.leaderboard.api.tournament;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TournamentIntegrationTests extends ApiTestBase {

	private static final String PROBLEMS = "https://leaderboard.io/problems/";

	/** A daily tournament during an event week. */
	private static final String EVENT_WEEK = "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\","
			+ "\"startsAt\":\"2026-12-07T00:00:00Z\",\"endsAt\":\"2026-12-14T00:00:00Z\"}";

	@Test
	void aBoardTakesSubmissionsOnlyInsideItsWindow() {
		defineBoard("event", EVENT_WEEK);
		String alice = this.http.token("alice", "Alice");

		this.clock.set(Instant.parse("2026-12-06T23:59:59Z"));
		Response early = this.http.postJson("/leaderboards/event/scores", "{\"score\": 10}", alice);
		this.clock.set(Instant.parse("2026-12-14T00:00:00Z"));
		Response late = this.http.postJson("/leaderboards/event/scores", "{\"score\": 10}", alice);

		assertProblem(early, 409, "not-open");
		assertThat(early.json().get("detail").asString()).contains("opens at 2026-12-07T00:00:00Z");
		assertProblem(late, 409, "not-open");
		assertThat(late.json().get("detail").asString()).contains("closed at 2026-12-14T00:00:00Z");
		assertNothingWritten();
	}

	@Test
	void aResetScheduleStillAppliesInsideTheWindow() {
		defineBoard("event", EVENT_WEEK);

		this.clock.set(Instant.parse("2026-12-07T00:00:00Z"));
		Response first = submit("event", "alice", 10);
		this.clock.set(Instant.parse("2026-12-13T23:59:59Z"));
		Response last = submit("event", "alice", 20);

		assertThat(first.json().get("period").asString()).isEqualTo("2026-12-07");
		assertThat(last.json().get("period").asString()).isEqualTo("2026-12-13");
		assertThat(last.json().get("previousRank").isNull()).isTrue();
	}

	@Test
	void aLinkedBoardOutsideItsWindowIsLeftOutOfTheSubmission() {
		defineBoard("event", EVENT_WEEK);
		defineBoard("arena", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"event\"]}");

		this.clock.set(Instant.parse("2026-12-15T10:00:00Z"));
		submit("arena", "alice", 10);

		assertThat(this.jdbc.sql("SELECT board FROM board_scores").query(String.class).list()).containsExactly("arena");
	}

	@Test
	void joiningEnrolsThePlayerOnceAndAJoinAgainAnswersTheSame() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"maxSize\":8}");
		String alice = this.http.token("alice", "Alice");

		Response first = this.http.postJson("/leaderboards/cup/join", null, alice);
		Response again = this.http.postJson("/leaderboards/cup/join", null, alice);

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		JsonNode joined = first.json();
		assertThat(joined.get("board").asString()).isEqualTo("cup");
		assertThat(joined.get("period").asString()).isEqualTo("all");
		assertThat(joined.get("userId").asLong()).isEqualTo(1);
		assertThat(joined.get("joinedAt").asString()).isNotEmpty();
		assertThat(joined.get("size").asInt()).isEqualTo(1);
		assertThat(joined.get("maxSize").asInt()).isEqualTo(8);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json()).isEqualTo(joined);
	}

	@Test
	void aJoinPlacesThePlayerInACohortAsAFirstScoreWould() {
		defineBoard("league", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"cohortSize\":2}");
		List<String> cohorts = new ArrayList<>();
		for (String player : List.of("alice", "bob", "carol")) {
			Response joined = this.http.postJson("/leaderboards/league/join", null, this.http.token(player, player));
			long userId = joined.json().get("userId").asLong();
			cohorts
				.add(this.http.get("/leaderboards/league/users/" + userId + "/cohort").json().get("cohort").asString());
		}

		assertThat(cohorts).containsExactly("1", "1", "2");
		String alice = this.http.token("alice", "alice");
		assertThat(this.http.postJson("/leaderboards/league/scores", "{\"score\": 10}", alice).status()).isEqualTo(200);
		Response standing = this.http.get("/leaderboards/league/users/"
				+ this.http.postJson("/leaderboards/league/join", null, alice).json().get("userId").asLong());
		assertThat(standing.json().get("cohort").asString()).isEqualTo("1");
	}

	@Test
	void aPlayerWhoHasNotJoinedCannotSubmit() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true}");
		String alice = this.http.token("alice", "Alice");

		Response refused = this.http.postJson("/leaderboards/cup/scores", "{\"score\": 10}", alice);
		assertProblem(refused, 403, "not-joined");
		assertNothingWritten();

		assertThat(this.http.postJson("/leaderboards/cup/join", null, alice).status()).isEqualTo(200);
		Response accepted = this.http.postJson("/leaderboards/cup/scores", "{\"score\": 10}", alice);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		assertThat(accepted.json().has("attemptsLeft")).isFalse();
	}

	@Test
	void aFullBoardRefusesTheNextPlayer() {
		defineBoard("duel", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"maxSize\":2}");
		join("duel", "alice");
		join("duel", "bob");

		Response carol = this.http.postJson("/leaderboards/duel/join", null, this.http.token("carol", "Carol"));

		assertProblem(carol, 409, "board-full");
		JsonNode participants = this.http.get("/leaderboards/duel/participants").json();
		assertThat(participants.get("size").asInt()).isEqualTo(2);
		assertThat(names(participants.get("participants"))).containsExactly("alice", "bob");
		assertThat(this.http.postJson("/leaderboards/duel/join", null, this.http.token("alice", "alice")).status())
			.as("a player who joined may still ask")
			.isEqualTo(200);
	}

	@Test
	void joiningBeforeTheWindowEnrolsInItsFirstPeriodAndAfterItIsRefused() {
		defineBoard("event", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\","
				+ "\"startsAt\":\"2026-12-07T00:00:00Z\",\"endsAt\":\"2026-12-14T00:00:00Z\",\"joinRequired\":true}");
		String alice = this.http.token("alice", "Alice");

		this.clock.set(Instant.parse("2026-12-05T12:00:00Z"));
		Response early = this.http.postJson("/leaderboards/event/join", null, alice);
		this.clock.set(Instant.parse("2026-12-07T08:00:00Z"));
		Response played = this.http.postJson("/leaderboards/event/scores", "{\"score\": 10}", alice);
		this.clock.set(Instant.parse("2026-12-14T00:00:00Z"));
		Response late = this.http.postJson("/leaderboards/event/join", null, alice);

		assertThat(early.json().get("period").asString()).isEqualTo("2026-12-07");
		assertThat(played.status()).as(played.body()).isEqualTo(200);
		assertProblem(late, 409, "not-open");
		assertThat(
				names(this.http.get("/leaderboards/event/participants?period=2026-12-07").json().get("participants")))
			.containsExactly("Alice");
		assertThat(this.http.get("/leaderboards/event/participants?period=2026-12-08").json().get("size").asInt())
			.isZero();
	}

	@Test
	void hiddenPlayersAreLeftOutOfTheParticipants() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true}");
		join("cup", "alice");
		join("cup", "bob");

		assertThat(this.http.put("/admin/leaderboards/cup/hidden/1", admin()).status()).isIn(200, 204);
		JsonNode participants = this.http.get("/leaderboards/cup/participants").json();

		assertThat(names(participants.get("participants"))).containsExactly("bob");
		assertThat(participants.get("size").asInt()).isEqualTo(2);
	}

	@Test
	void joiningABoardWithoutJoinsIsRefusedAndJoiningNeedsAToken() {
		defineBoard("open", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true}");

		Response noJoins = this.http.postJson("/leaderboards/open/join", null, this.http.token("alice", "Alice"));
		Response anonymous = this.http.postJson("/leaderboards/cup/join", null, null);

		assertProblem(noJoins, 409, "join-not-required");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(this.jdbc.sql("SELECT count(*) FROM tournament_players").query(Long.class).single()).isZero();
	}

	@Test
	void attemptsAreCappedPerPlayerAndPeriod() {
		defineBoard("trials",
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"," + "\"maxAttempts\":2}");
		String alice = this.http.token("alice", "Alice");
		this.clock.set(Instant.parse("2026-12-07T08:00:00Z"));

		Response first = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 10}", alice);
		Response second = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 30}", alice);
		Response third = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 50}", alice);
		Response bob = submit("trials", "bob", 20);
		this.clock.set(Instant.parse("2026-12-08T08:00:00Z"));
		Response nextDay = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 5}", alice);

		assertThat(first.json().get("attemptsLeft").asInt()).isEqualTo(1);
		assertThat(second.json().get("attemptsLeft").asInt()).isZero();
		assertProblem(third, 409, "attempts-exhausted");
		assertThat(third.json().get("detail").asString()).contains("2 submissions");
		assertThat(bob.json().get("attemptsLeft").asInt()).isEqualTo(1);
		assertThat(nextDay.json().get("attemptsLeft").asInt()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT score FROM board_scores WHERE user_id = 1 AND period = '2026-12-07'")
			.query(Long.class)
			.single()).isEqualTo(30);
		assertThat(this.jdbc.sql("SELECT count(*) FROM submissions WHERE user_id = 1").query(Long.class).single())
			.isEqualTo(3);
	}

	@Test
	void anIdempotencyKeyReplayUsesNoAttempt() {
		defineBoard("trials", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxAttempts\":2}");
		String alice = this.http.token("alice", "Alice");

		Response first = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 10}", alice,
				Map.of("Idempotency-Key", "run-1"));
		Response replay = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 10}", alice,
				Map.of("Idempotency-Key", "run-1"));
		Response next = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 20}", alice,
				Map.of("Idempotency-Key", "run-2"));
		Response exhausted = this.http.postJson("/leaderboards/trials/scores", "{\"score\": 30}", alice,
				Map.of("Idempotency-Key", "run-3"));

		assertThat(first.json().get("attemptsLeft").asInt()).isEqualTo(1);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.json()).isEqualTo(first.json());
		assertThat(next.json().get("attemptsLeft").asInt()).isZero();
		assertProblem(exhausted, 409, "attempts-exhausted");
		assertThat(this.jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'run-3'")
			.query(Long.class)
			.single()).as("a refused submission leaves its key unused").isZero();
	}

	@Test
	void aPlainBoardsAnswerHasNoAttemptsLeft() {
		defineBoard("arena", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");

		Response response = submit("arena", "alice", 10);

		assertThat(response.json().has("attemptsLeft")).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM tournament_players").query(Long.class).single()).isZero();
	}

	@Test
	void participantsArePagedInTheOrderTheyJoined() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"maxSize\":10}");
		for (String player : List.of("ann", "ben", "cal", "dee", "eve")) {
			join("cup", player);
		}

		List<String> seen = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		String cursor = null;
		do {
			Response page = this.http
				.get("/leaderboards/cup/participants?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			JsonNode body = page.json();
			assertThat(body.get("size").asInt()).isEqualTo(5);
			assertThat(body.get("maxSize").asInt()).isEqualTo(10);
			assertThat(body.get("period").asString()).isEqualTo("all");
			seen.addAll(names(body.get("participants")));
			pageSizes.add(body.get("participants").size());
			cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asString();
		}
		while (cursor != null);

		assertThat(seen).containsExactly("ann", "ben", "cal", "dee", "eve");
		assertThat(pageSizes).containsExactly(2, 2, 1);
		assertThat(this.http.get("/leaderboards/cup/participants?limit=0").status()).isEqualTo(400);
		assertThat(this.http.get("/leaderboards/cup/participants?cursor=bm9wZQ").status()).isEqualTo(400);
	}

	private void join(String board, String player) {
		Response response = this.http.postJson("/leaderboards/" + board + "/join", null,
				this.http.token(player, player));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("type").asString()).isEqualTo(PROBLEMS + type);
	}

	private void assertNothingWritten() {
		assertThat(this.jdbc.sql("SELECT count(*) FROM submissions").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM board_scores").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isZero();
	}

}
