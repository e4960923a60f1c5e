package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.SortOrder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SubscoreIntegrationTests extends ApiTestBase {

	private static final long MAX = 9007199254740991L;

	/** Most laps first; among equal laps the lower time first. */
	private static final String RACE = "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"subscore\":{\"sortOrder\":\"asc\"}}";

	@Autowired
	private RedisRankings redisRankings;

	@Autowired
	private PostgresRankings postgresRankings;

	@Test
	void entriesOrderByScoreThenSubscoreAndOnlyEqualPairsShareARank() {
		defineBoard("race", RACE);
		submit("race", "ann", pair(10, 50));
		submit("race", "ben", pair(10, 40));
		submit("race", "cat", pair(10, 50));
		submit("race", "dan", pair(12, 99));
		submit("race", "eve", pair(10, 40));
		this.projection.sync();

		Response fay = submit("race", "fay", pair(10, 45));
		this.projection.sync();

		JsonNode top = this.http.get("/leaderboards/race/top?limit=100").json().get("entries");
		assertThat(names(top)).containsExactly("dan", "ben", "eve", "fay", "ann", "cat");
		assertThat(ranks(top)).containsExactly(1L, 2L, 2L, 4L, 5L, 5L);
		assertThat(subscores(top)).containsExactly(99L, 40L, 40L, 45L, 50L, 50L);
		assertThat(fay.json().get("rank").asLong()).isEqualTo(4);
		assertThat(fay.json().get("subscore").asLong()).isEqualTo(45);
		JsonNode around = this.http.get("/leaderboards/race/users/3/around?radius=50").json().get("entries");
		JsonNode chosen = this.http.postJson("/leaderboards/race/ranks", "{\"userIds\":[6,5,4,3,2,1]}", null)
			.json()
			.get("entries");
		assertThat(around).isEqualTo(top);
		assertThat(chosen).isEqualTo(top);
		for (JsonNode entry : top) {
			JsonNode standing = this.http.get("/leaderboards/race/users/" + entry.get("userId").asLong()).json();
			assertThat(standing.get("rank")).isEqualTo(entry.get("rank"));
			assertThat(standing.get("subscore")).isEqualTo(entry.get("subscore"));
		}
	}

	@Test
	void bestKeepsTheBetterPairLatestReplacesBothAndIncrementAddsToBoth() {
		defineBoard("race", RACE);
		defineBoard("rating", "{\"sortOrder\":\"desc\",\"operator\":\"latest\",\"subscore\":{\"sortOrder\":\"desc\"}}");
		defineBoard("points",
				"{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"subscore\":{\"sortOrder\":\"desc\"}}");

		assertThat(pairs("race", pair(10, 50), pair(10, 40), pair(10, 45), pair(9, 1), pair(11, 99)))
			.containsExactly("10/50", "10/40", "10/40", "10/40", "11/99");
		assertThat(pairs("rating", pair(1500, 7), pair(1500, 3), pair(1400, 9))).containsExactly("1500/7", "1500/3",
				"1400/9");
		assertThat(pairs("points", pair(5, 1), pair(5, -3), "{\"score\": 2}")).containsExactly("5/1", "10/-2", "12/-2");
	}

	@Test
	void aSubscoreBoardTakesAMissingSubscoreAsZeroAndKeepsItInTheHistoryAndTheEvent() {
		defineBoard("race", RACE);
		defineBoard("plain", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");

		Response none = submit("race", "ann", "{\"score\": 10}");
		submit("race", "ben", pair(10, -MAX));
		submit("plain", "ann", 10);

		assertThat(none.json().get("subscore").asLong()).isZero();
		assertThat(this.jdbc.sql("SELECT subscore FROM submissions WHERE board = 'race' ORDER BY id")
			.query(Long.class)
			.list()).containsExactly(0L, -MAX);
		long ben = none.json().get("userId").asLong() + 1;
		assertThat(this.http.get("/leaderboards/race/users/" + ben + "/history")
			.json()
			.get("entries")
			.get(0)
			.get("subscore")
			.asLong()).isEqualTo(-MAX);
		assertThat(this.http.get("/leaderboards/plain/users/" + none.json().get("userId").asLong() + "/history")
			.json()
			.get("entries")
			.get(0)
			.has("subscore")).isFalse();
		assertThat(this.jdbc.sql("SELECT payload ->> 'subscore' FROM score_events_outbox ORDER BY id")
			.query(String.class)
			.list()).containsExactly("0", Long.toString(-MAX), null);
		assertThat(this.jdbc.sql("SELECT payload ->> 'subscoreOrder' FROM score_events_outbox ORDER BY id LIMIT 1")
			.query(String.class)
			.single()).isEqualTo("asc");
	}

	@Test
	void aSubscoreToABoardWithoutOneOrOutOfRangeIsABadRequestThatChangesNothing() {
		defineBoard("race", RACE);
		defineBoard("plain", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		String token = this.http.token("ann", "ann");

		Response onPlain = this.http.postJson("/leaderboards/plain/scores", pair(10, 1), token);
		Response tooLow = this.http.postJson("/leaderboards/race/scores", pair(10, -MAX - 1), token);
		Response tooHigh = this.http.postJson("/leaderboards/race/scores", pair(10, MAX + 1), token);

		for (Response response : List.of(onPlain, tooLow, tooHigh)) {
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.body()).contains("subscore");
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM board_scores").query(Long.class).single()).isZero();
	}

	@Test
	void anIncrementPastTheLargestSubscoreIsRefusedAndChangesNothing() {
		defineBoard("points",
				"{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"subscore\":{\"sortOrder\":\"asc\"}}");
		submit("points", "ann", pair(1, MAX));

		Response response = this.http.postJson("/leaderboards/points/scores", pair(1, 1),
				this.http.token("ann", "ann"));

		assertThat(response.status()).as(response.body()).isEqualTo(422);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(this.jdbc.sql("SELECT count(*) FROM score_events_outbox").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void redisAndPostgresqlAgreeOnEveryPageRankAndCursorAtTheExtremesOfTheSubscore() {
		for (String order : List.of("asc", "desc")) {
			String board = "extreme-" + order;
			defineBoard(board,
					"{\"sortOrder\":\"asc\",\"operator\":\"latest\",\"subscore\":{\"sortOrder\":\"" + order + "\"}}");
			long[] subscores = { MAX, -MAX, 0, MAX - 1, -MAX + 1, MAX, 1, -1, -MAX, 0 };
			List<String> periods = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				long score = (i % 3 == 0) ? -MAX : 7;
				periods.add(submit(board, "p" + order + i, pair(score, subscores[i % subscores.length])).json()
					.get("period")
					.asString());
			}
			String period = periods.get(0);
			this.projection.sync();
			LeaderboardKeys keys = LeaderboardKeys.of(board, period);

			List<Slice> fromRedis = pages((after) -> this.redisRankings.page(keys, SortOrder.ASC, 3, after));
			List<Slice> fromPostgres = pages((after) -> this.postgresRankings.page(board, period, 3, after));

			assertThat(fromPostgres).isEqualTo(fromRedis);
			List<Long> ranks = fromRedis.stream()
				.flatMap((page) -> page.ranked().stream())
				.map((e) -> e.rank())
				.toList();
			List<Long> userIds = fromRedis.stream()
				.flatMap((page) -> page.ranked().stream())
				.map((e) -> e.userId())
				.toList();
			assertThat(ranks).hasSize(20);
			// ten distinct pairs of a score's 7 entries and 3 pairs among the -MAX ones
			assertThat(ranks.stream().distinct()).hasSizeLessThan(20);
			for (int i = 0; i < userIds.size(); i++) {
				long userId = userIds.get(i);
				assertThat(this.postgresRankings.player(board, period, userId))
					.isEqualTo(this.redisRankings.player(keys, SortOrder.ASC, userId));
				assertThat(this.redisRankings.player(keys, SortOrder.ASC, userId).orElseThrow().entry().entry().rank())
					.isEqualTo(ranks.get(i));
			}
			// best first: score, then the subscore in its own order
			List<Long> listed = fromRedis.stream()
				.flatMap((page) -> page.players().stream())
				.map((player) -> player.subscore())
				.toList();
			List<Long> within = listed.subList(0, 7);
			assertThat(within)
				.isSortedAccordingTo((a, b) -> order.equals("asc") ? Long.compare(a, b) : Long.compare(b, a));
		}
	}

	private static List<Slice> pages(java.util.function.Function<Cursor, Slice> read) {
		List<Slice> pages = new ArrayList<>();
		Cursor after = null;
		while (true) {
			Slice page = read.apply(after);
			if (page.players().isEmpty()) {
				return pages;
			}
			pages.add(page);
			after = Cursor.decode(page.cursors().get(page.cursors().size() - 1).encode());
		}
	}

	private List<String> pairs(String board, String... bodies) {
		List<String> pairs = new ArrayList<>();
		for (String body : bodies) {
			JsonNode answer = submit(board, "ann", body).json();
			pairs.add(answer.get("score").asLong() + "/" + answer.get("subscore").asLong());
		}
		return pairs;
	}

	private static String pair(long score, long subscore) {
		return "{\"score\": " + score + ", \"subscore\": " + subscore + "}";
	}

	private static List<Long> subscores(JsonNode entries) {
		List<Long> subscores = new ArrayList<>();
		entries.forEach((entry) -> subscores.add(entry.get("subscore").asLong()));
		return subscores;
	}

}
