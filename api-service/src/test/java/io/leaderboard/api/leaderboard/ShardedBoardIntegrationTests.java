package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model test: the same writes go to a board spread over four shards and to an unsharded
 * copy, and every read (each page of the ranking by cursor, every player's standing and
 * neighbourhood, rank lists, quantiles, and the rank each write answered) must be the
 * same on both.
 */
class ShardedBoardIntegrationTests extends ApiTestBase {

	private static final int PLAYERS = 60;

	@ParameterizedTest
	@ValueSource(strings = { "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"subscore\":{\"sortOrder\":\"asc\"}",
			"{\"sortOrder\":\"asc\",\"operator\":\"latest\"", "{\"sortOrder\":\"desc\",\"operator\":\"increment\"" })
	void everyReadOfAShardedBoardIsTheReadOfTheUnshardedOne(String definition) {
		defineBoard("giant", definition + ",\"shards\":4}");
		defineBoard("model", definition + ",\"shards\":1}");
		Random random = new Random(definition.hashCode());
		for (int i = 0; i < 3 * PLAYERS; i++) {
			// few distinct values, so many scores (and pairs) tie
			String body = "{\"score\": " + random.nextInt(12) + ", \"subscore\": " + random.nextInt(3) + "}";
			if (!definition.contains("subscore")) {
				body = "{\"score\": " + random.nextInt(12) + "}";
			}
			String player = "p" + random.nextInt(PLAYERS);
			assertThat(placed(submit("giant", player, body))).isEqualTo(placed(submit("model", player, body)));
			if (i % 40 == 0) {
				this.projection.sync();
			}
		}
		this.projection.sync();

		List<JsonNode> pages = pages("giant");
		assertThat(pages).isEqualTo(pages("model"));
		assertThat(read("/leaderboards/giant/top?limit=100")).isEqualTo(read("/leaderboards/model/top?limit=100"));
		assertThat(read("/leaderboards/giant/stats")).isEqualTo(read("/leaderboards/model/stats"));
		List<Long> users = new ArrayList<>();
		pages.forEach((page) -> page.forEach((entry) -> users.add(entry.get("userId").asLong())));
		for (long user : users) {
			assertThat(read("/leaderboards/giant/users/" + user)).isEqualTo(read("/leaderboards/model/users/" + user));
			assertThat(read("/leaderboards/giant/users/" + user + "/around?radius=3"))
				.isEqualTo(read("/leaderboards/model/users/" + user + "/around?radius=3"));
		}
		String someUsers = "{\"userIds\":" + users.subList(0, users.size() / 3) + "}";
		assertThat(withoutBoard(this.http.postJson("/leaderboards/giant/ranks", someUsers, null).json()))
			.isEqualTo(withoutBoard(this.http.postJson("/leaderboards/model/ranks", someUsers, null).json()));

		BoardShards shards = BoardShards.of("giant", 4);
		String period = pages.isEmpty() ? null : read("/leaderboards/giant/top").get("period").asString();
		List<Long> sizes = shards.all(period)
			.stream()
			.map((keys) -> this.redis.opsForZSet().zCard(keys.scores()))
			.toList();
		assertThat(sizes).allSatisfy((size) -> assertThat(size).isPositive());
		assertThat(sizes.stream().mapToLong(Long::longValue).sum())
			.isEqualTo(this.redis.opsForZSet().zCard(LeaderboardKeys.of("model", period).scores()))
			.isEqualTo(users.size());
	}

	/** Where a write placed the player, as its answer says. */
	private static List<String> placed(Response write) {
		JsonNode answer = write.json();
		return List.of(answer.get("score").toString(), answer.path("subscore").toString(),
				answer.get("rank").toString(), answer.get("previousRank").toString());
	}

	/** Every page of the ranking, seven entries each, following the cursors. */
	private List<JsonNode> pages(String board) {
		List<JsonNode> pages = new ArrayList<>();
		String next = "";
		do {
			JsonNode page = read("/leaderboards/" + board + "/top?limit=7" + next);
			pages.add(page.get("entries"));
			next = page.get("nextCursor").isNull() ? null : "&cursor=" + page.get("nextCursor").asString();
		}
		while (next != null);
		return pages;
	}

	private JsonNode read(String path) {
		Response response = this.http.get(path);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return withoutBoard(response.json());
	}

	/**
	 * The answer without what the two boards differ in: the board's id, and when each
	 * write happened (each write went to one board, then the other).
	 */
	private static JsonNode withoutBoard(JsonNode answer) {
		if (answer instanceof ObjectNode object) {
			object.remove("board");
			object.remove("updatedAt");
		}
		answer.forEach(ShardedBoardIntegrationTests::withoutBoard);
		return answer;
	}

}
