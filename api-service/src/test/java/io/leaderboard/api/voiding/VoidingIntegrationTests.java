package io.leaderboard.api.voiding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class VoidingIntegrationTests extends ApiTestBase {

	private static final Instant MONDAY = Instant.parse("2026-11-16T10:00:00Z");

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Alice's values (with metadata on some, outcomes on some), Bob's and Carol's; one of
	 * Alice's is voided. Her entry, and the board around it, must be what her counted
	 * submissions alone make, replayed through the operator as the history lists them.
	 */
	@ParameterizedTest
	@CsvSource({ "best,desc,1", "best,asc,0", "best,desc,3", "latest,desc,4", "latest,desc,2", "increment,desc,1",
			"increment,asc,4" })
	void aVoidedSubmissionLeavesTheBoardThatTheCountedOnesMake(String operator, String order, int voided) {
		defineBoard("arena", "{\"sortOrder\":\"" + order + "\",\"operator\":\"" + operator + "\"}");
		String[] alice = { "{\"score\": 50, \"outcome\": \"win\", \"metadata\": {\"game\": 0}}",
				"{\"score\": 80, \"outcome\": \"loss\"}", "{\"score\": 70, \"metadata\": {\"game\": 2}}",
				"{\"score\": 70, \"outcome\": \"draw\", \"metadata\": {\"game\": 3}}",
				"{\"score\": 20, \"outcome\": \"win\"}" };
		List<Long> ids = new ArrayList<>();
		int second = 0;
		for (String body : alice) {
			this.clock.set(MONDAY.plusSeconds(second++));
			ids.add(submit("arena", "alice", body).json().get("submissionId").asLong());
			this.clock.set(MONDAY.plusSeconds(second++));
			submit("arena", "bob", 60 + second);
		}
		this.clock.set(MONDAY.plusSeconds(second++));
		submit("arena", "carol", 70);
		this.clock.set(MONDAY.plusSeconds(100));

		Response answer = voidSubmission("arena", ids.get(voided), "exploit in game " + voided);
		this.projection.sync();

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().get("voided").get(0).get("submissionId").asLong()).isEqualTo(ids.get(voided));
		assertThat(answer.json().get("voided").get(0).get("voidedBy").asString()).isEqualTo("admin");
		assertBoardIsItsCountedHistory("arena", operator, order, List.of(1L, 2L, 3L));
		JsonNode entry = answer.json().get("entries").get(0);
		JsonNode standing = this.http.get("/leaderboards/arena/users/1").json();
		assertThat(entry.get("score")).isEqualTo(standing.get("score"));
		assertThat(entry.get("gamesPlayed").asLong()).isEqualTo(4);
		assertThat(entry.get("version").asLong()).isEqualTo(6);
	}

	@Test
	void voidingALinkedSubmissionRecomputesEveryBoardItFed() {
		defineBoard("mode-weekly", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"resetSchedule\":\"weekly\"}");
		defineBoard("mode-latest", "{\"sortOrder\":\"asc\",\"operator\":\"latest\"}");
		defineBoard("mode",
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"mode-weekly\",\"mode-latest\"]}");
		List<Long> ids = new ArrayList<>();
		for (int game = 0; game < 4; game++) {
			this.clock.set(MONDAY.plusSeconds(game));
			ids.add(submit("mode", "alice",
					"{\"score\": " + (new int[] { 30, 90, 40, 10 })[game] + ", \"metadata\": {\"game\": " + game + "}}")
				.json()
				.get("submissionId")
				.asLong());
			submit("mode", "bob", 35 + game);
		}

		// named by a board it fed through the link
		Response answer = voidSubmission("mode-weekly", ids.get(1), "speed hack");
		this.projection.sync();

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().get("entries")).extracting((entry) -> entry.get("board").asString())
			.containsExactlyInAnyOrder("mode", "mode-weekly", "mode-latest");
		assertBoardIsItsCountedHistory("mode", "best", "desc", List.of(1L, 2L));
		assertBoardIsItsCountedHistory("mode-weekly", "increment", "desc", List.of(1L, 2L));
		assertBoardIsItsCountedHistory("mode-latest", "latest", "asc", List.of(1L, 2L));
		assertThat(this.http.get("/leaderboards/mode/users/1").json().get("score").asLong()).isEqualTo(40);
		assertThat(this.http.get("/leaderboards/mode-weekly/users/1").json().get("score").asLong()).isEqualTo(80);
	}

	@Test
	void voidingOnASubscoreBoardRecomputesThePairAndItsRank() {
		defineBoard("race", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"subscore\":{\"sortOrder\":\"asc\"}}");
		this.clock.set(MONDAY);
		submit("race", "bob", "{\"score\": 10, \"subscore\": 45}");
		this.clock.set(MONDAY.plusSeconds(1));
		submit("race", "alice", "{\"score\": 10, \"subscore\": 50}");
		this.clock.set(MONDAY.plusSeconds(2));
		long best = submit("race", "alice", "{\"score\": 10, \"subscore\": 40}").json().get("submissionId").asLong();

		Response answer = voidSubmission("race", best, "tampered timer");
		this.projection.sync();

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode top = this.http.get("/leaderboards/race/top").json().get("entries");
		assertThat(names(top)).containsExactly("bob", "alice");
		assertThat(top).extracting((entry) -> entry.get("subscore").asLong()).containsExactly(45L, 50L);
		assertThat(ranks(top)).containsExactly(1L, 2L);
		assertThat(this.jdbc
			.sql("SELECT payload ->> 'subscore' FROM score_events_outbox WHERE user_id = 2 ORDER BY id DESC LIMIT 1")
			.query(String.class)
			.single()).isEqualTo("50");
	}

	@Test
	void aWindowVoidTakesThePlayersSubmissionsInItAndNothingElse() {
		defineBoard("points", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"}");
		for (int minute = 0; minute < 6; minute++) {
			this.clock.set(MONDAY.plusSeconds(60L * minute));
			submit("points", "alice", 10L << minute);
			submit("points", "bob", 1);
		}

		Response answer = this.http.postJson("/admin/leaderboards/points/users/1/void",
				"{\"from\": \"2026-11-16T10:01:00Z\", \"to\": \"2026-11-16T10:03:00Z\", \"reason\": \"duplication exploit\"}",
				admin());
		this.projection.sync();

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().get("voided")).extracting((each) -> each.get("score").asLong())
			.containsExactly(20L, 40L, 80L);
		assertThat(this.http.get("/leaderboards/points/users/1").json().get("score").asLong())
			.isEqualTo(10 + 160 + 320);
		assertThat(this.http.get("/leaderboards/points/users/2").json().get("score").asLong()).isEqualTo(6);
		assertThat(this.http.get("/leaderboards/points/users/2/history").json().get("entries"))
			.allSatisfy((entry) -> assertThat(entry.get("status").asString()).isEqualTo("counted"));
		assertBoardIsItsCountedHistory("points", "increment", "desc", List.of(1L, 2L));
	}

	@Test
	void voidingTheOnlySubmissionRemovesTheEntryThroughItsOwnEvent() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		long aliceId = submit("cup", "alice", 100).json().get("submissionId").asLong();
		submit("cup", "bob", 50);
		this.projection.sync();
		assertThat(names(this.http.get("/leaderboards/cup/top").json().get("entries"))).containsExactly("alice", "bob");

		Response answer = voidSubmission("cup", aliceId, "account shared");
		this.projection.sync();

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().get("entries")).isEmpty();
		assertThat(answer.json().get("removed").get(0).get("board").asString()).isEqualTo("cup");
		assertThat(answer.json().get("removed").get(0).get("userId").asLong()).isEqualTo(1);
		assertThat(this.jdbc
			.sql("SELECT payload::text FROM score_events_outbox WHERE event_type = 'EntryRemoved' ORDER BY id")
			.query(String.class)
			.list())
			.singleElement()
			.satisfies((payload) -> assertThat(json.readTree(payload)).isEqualTo(json.readTree(
					"{\"schemaVersion\":1,\"board\":\"cup\",\"period\":\"all\",\"sortOrder\":\"desc\",\"userId\":1,"
							+ "\"version\":2,\"occurredAt\":\"" + json.readTree(payload).get("occurredAt").asString()
							+ "\"}")));
		assertThat(this.http.get("/leaderboards/cup/users/1").status()).isEqualTo(404);
		JsonNode top = this.http.get("/leaderboards/cup/top").json().get("entries");
		assertThat(names(top)).containsExactly("bob");
		assertThat(ranks(top)).containsExactly(1L);

		// a later score starts a new entry
		submit("cup", "alice", 20);
		this.projection.sync();
		assertThat(this.http.get("/leaderboards/cup/users/1").json().get("gamesPlayed").asLong()).isEqualTo(1);
	}

	@Test
	void aSecondVoidAnswersTheSameAndWritesNothing() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"latest\"}");
		submit("cup", "alice", 10);
		long id = submit("cup", "alice", 99).json().get("submissionId").asLong();
		this.clock.set(MONDAY);
		Response first = voidSubmission("cup", id, "cheat");
		long events = outboxRows();
		this.clock.set(MONDAY.plusSeconds(60));

		Response second = voidSubmission("cup", id, "another reason");
		long eventsAfterSecond = outboxRows();
		Response window = this.http.postJson("/admin/leaderboards/cup/users/1/void",
				"{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2027-01-01T00:00:00Z\", \"reason\": \"again\"}",
				admin());

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json()).isEqualTo(first.json());
		assertThat(first.json().get("voided").get(0).get("reason").asString()).isEqualTo("cheat");
		assertThat(Instant.parse(first.json().get("voided").get(0).get("voidedAt").asString())).isEqualTo(MONDAY);
		assertThat(eventsAfterSecond).isEqualTo(events);
		// the window holds 10 too, which it voids: the entry goes
		assertThat(window.json().get("voided")).hasSize(2);
		assertThat(window.json().get("removed")).hasSize(1);
		assertThat(outboxRows()).isEqualTo(events + 1);
	}

	@Test
	void historyShowsAVoidedSubmissionWithItsReason() {
		long id = submit("global", "alice", 10).json().get("submissionId").asLong();
		submit("global", "alice", 5);
		this.clock.set(MONDAY);

		voidSubmission("global", id, "impossible score for level 1");

		JsonNode entries = this.http.get("/leaderboards/global/users/1/history").json().get("entries");
		assertThat(entries.get(0).get("status").asString()).isEqualTo("counted");
		assertThat(entries.get(0).get("voidReason").isNull()).isTrue();
		assertThat(entries.get(1).get("status").asString()).isEqualTo("voided");
		assertThat(entries.get(1).get("voidReason").asString()).isEqualTo("impossible score for level 1");
		assertThat(Instant.parse(entries.get(1).get("voidedAt").asString())).isEqualTo(MONDAY);
	}

	@Test
	void aVoidedSubmissionsIdempotencyKeyStillReplaysTheOriginalAnswer() {
		String token = this.http.token("alice", "alice");
		Response original = this.http.postJson("/leaderboards/global/scores", "{\"score\": 700}", token,
				Map.of("Idempotency-Key", "game-42"));
		voidSubmission("global", original.json().get("submissionId").asLong(), "replayed match");

		Response replay = this.http.postJson("/leaderboards/global/scores", "{\"score\": 700}", token,
				Map.of("Idempotency-Key", "game-42"));

		assertThat(replay.status()).isEqualTo(200);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.json()).isEqualTo(original.json());
		assertThat(this.jdbc.sql("SELECT count(*) FROM submissions").query(Long.class).single()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM board_scores").query(Long.class).single()).isZero();
	}

	@Test
	void refusedVoidsAreProblemsAndChangeNothing() {
		defineBoard("other", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		long id = submit("global", "alice", 10).json().get("submissionId").asLong();
		String path = "/admin/leaderboards/global/submissions/" + id + "/void";
		String window = "/admin/leaderboards/global/users/1/void";
		long events = outboxRows();

		assertThat(this.http.postJson(path, "{\"reason\": \"x\"}", null).status()).isEqualTo(401);
		assertThat(this.http.postJson(path, "{\"reason\": \"x\"}", this.http.token("alice", "alice")).status())
			.isEqualTo(403);
		for (Response response : List.of(
				this.http.postJson(path.replace("global", "nope"), "{\"reason\": \"x\"}", admin()),
				this.http.postJson(path.replace("/global/", "/other/"), "{\"reason\": \"x\"}", admin()),
				this.http.postJson(path.replace(id + "/", "999/"), "{\"reason\": \"x\"}", admin()),
				this.http.postJson(window.replace("/1/", "/42/"),
						"{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2027-01-01T00:00:00Z\", \"reason\": \"x\"}",
						admin()))) {
			assertThat(response.status()).as(response.body()).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
		}
		for (Response response : List.of(this.http.postJson(path, "{}", admin()),
				this.http.postJson(path, "{\"reason\": \"  \"}", admin()),
				this.http.postJson(path, "{\"reason\": \"" + "x".repeat(501) + "\"}", admin()),
				this.http.postJson(window,
						"{\"from\": \"2027-01-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\", \"reason\": \"x\"}",
						admin()),
				this.http.postJson(window,
						"{\"from\": \"yesterday\", \"to\": \"2026-01-01T00:00:00Z\", \"reason\": \"x\"}", admin()),
				this.http.postJson(window, "{\"to\": \"2026-01-01T00:00:00Z\", \"reason\": \"x\"}", admin()))) {
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
		}
		assertThat(outboxRows()).isEqualTo(events);
		assertThat(this.jdbc.sql("SELECT status FROM submissions").query(String.class).single()).isEqualTo("counted");
	}

	/**
	 * The submit statement locks a best board's entry before an increment board's: the
	 * void must lock them in the same order, though "a-points" sorts first by key.
	 */
	@Test
	void aVoidRacingThePlayersSubmissionsLosesNoneAndWaitsForNoneInACycle() {
		defineBoard("z-best", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		defineBoard("a-points", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"linkedBoards\":[\"z-best\"]}");
		String token = this.http.token("alice", "alice");
		long voided = submit("a-points", "alice", 1000).json().get("submissionId").asLong();

		CompletableFuture<Response> moderation = CompletableFuture
			.supplyAsync(() -> voidSubmission("a-points", voided, "bot"));
		List<Response> scores = IntStream.range(0, 30)
			.mapToObj((i) -> CompletableFuture
				.supplyAsync(() -> this.http.postJson("/leaderboards/a-points/scores", "{\"score\": 1}", token)))
			.toList()
			.stream()
			.map(CompletableFuture::join)
			.toList();

		assertThat(moderation.join().status()).as(moderation.join().body()).isEqualTo(200);
		assertThat(scores).allSatisfy((response) -> assertThat(response.status()).isEqualTo(200));
		this.projection.sync();
		JsonNode points = this.http.get("/leaderboards/a-points/users/1").json();
		JsonNode best = this.http.get("/leaderboards/z-best/users/1").json();
		assertThat(points.get("score").asLong()).isEqualTo(30);
		assertThat(points.get("gamesPlayed").asLong()).isEqualTo(30);
		assertThat(best.get("score").asLong()).isEqualTo(1);
		assertThat(best.get("gamesPlayed").asLong()).isEqualTo(30);
	}

	@Test
	void anEntryOlderThanItsHistoryIsNotGuessedAndNothingIsVoided() {
		long id = submit("global", "alice", 10).json().get("submissionId").asLong();
		submit("global", "alice", 20);
		// games counted before the history existed
		this.jdbc.sql("UPDATE board_scores SET games_played = games_played + 5").update();
		long events = outboxRows();

		Response response = voidSubmission("global", id, "cheat");

		assertThat(response.status()).as(response.body()).isEqualTo(409);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(outboxRows()).isEqualTo(events);
		assertThat(this.jdbc.sql("SELECT DISTINCT status FROM submissions").query(String.class).list())
			.containsExactly("counted");
	}

	private Response voidSubmission(String board, long id, String reason) {
		return this.http.postJson("/admin/leaderboards/" + board + "/submissions/" + id + "/void",
				"{\"reason\": \"" + reason + "\"}", admin());
	}

	private long outboxRows() {
		return this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single();
	}

	/**
	 * The board's top and each player's standing, as served after projection, against the
	 * entries the counted submissions of each player's history make when replayed through
	 * the operator one by one, as the submit statement applies them.
	 */
	private void assertBoardIsItsCountedHistory(String board, String operator, String order, List<Long> players) {
		boolean desc = "desc".equals(order);
		List<Expected> expected = new ArrayList<>();
		for (long player : players) {
			JsonNode entries = this.http.get("/leaderboards/" + board + "/users/" + player + "/history?limit=100")
				.json()
				.get("entries");
			List<JsonNode> counted = new ArrayList<>();
			entries.forEach((entry) -> {
				if ("counted".equals(entry.get("status").asString())) {
					counted.add(0, entry);
				}
			});
			Expected state = null;
			for (JsonNode submission : counted) {
				state = replay(state, player, operator, desc, submission);
			}
			if (state != null) {
				expected.add(state);
			}
		}
		expected.sort(Comparator.comparingLong((Expected each) -> desc ? -each.score() : each.score())
			.thenComparing(Expected::reachedAt)
			.thenComparingLong(Expected::userId));
		JsonNode top = this.http.get("/leaderboards/" + board + "/top?limit=100").json().get("entries");
		assertThat(top).hasSize(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			Expected want = expected.get(i);
			long rank = 1 + expected.stream()
				.filter((other) -> desc ? other.score() > want.score() : other.score() < want.score())
				.count();
			JsonNode entry = top.get(i);
			assertThat(entry.get("userId").asLong()).as("place %d of %s", i, board).isEqualTo(want.userId());
			assertThat(entry.get("score").asLong()).as("score of %d", want.userId()).isEqualTo(want.score());
			assertThat(entry.get("rank").asLong()).isEqualTo(rank);
			assertThat(Instant.parse(entry.get("updatedAt").asString())).isEqualTo(want.updatedAt());
			assertThat(entry.get("metadata")).isEqualTo(want.metadata());
			JsonNode standing = this.http.get("/leaderboards/" + board + "/users/" + want.userId()).json();
			assertThat(standing.get("score").asLong()).isEqualTo(want.score());
			assertThat(standing.get("rank").asLong()).isEqualTo(rank);
			assertThat(standing.get("gamesPlayed").asLong()).isEqualTo(want.gamesPlayed());
			assertThat(Instant.parse(standing.get("updatedAt").asString())).isEqualTo(want.updatedAt());
			assertThat(standing.get("metadata")).isEqualTo(want.metadata());
		}
	}

	/**
	 * One submission applied to an entry, as the submit statement's upsert applies it.
	 */
	private static Expected replay(Expected entry, long player, String operator, boolean desc, JsonNode submission) {
		long value = submission.get("score").asLong();
		Instant at = Instant.parse(submission.get("submittedAt").asString());
		JsonNode metadata = submission.get("metadata");
		if (entry == null) {
			return new Expected(player, value, at, at, metadata, 1);
		}
		long games = entry.gamesPlayed() + 1;
		return switch (operator) {
			case "best" -> (desc ? value > entry.score() : value < entry.score())
					? new Expected(player, value, at, at, metadata, games) : new Expected(player, entry.score(),
							entry.reachedAt(), entry.updatedAt(), entry.metadata(), games);
			case "latest" ->
				new Expected(player, value, (value == entry.score()) ? entry.reachedAt() : at, at, metadata, games);
			case "increment" -> new Expected(player, entry.score() + value, (value == 0) ? entry.reachedAt() : at, at,
					(metadata == null || metadata.isNull()) ? entry.metadata() : metadata, games);
			default -> throw new IllegalArgumentException(operator);
		};
	}

	private record Expected(long userId, long score, Instant reachedAt, Instant updatedAt, JsonNode metadata,
			long gamesPlayed) {

		Expected {
			Objects.requireNonNull(reachedAt);
		}

	}

}
