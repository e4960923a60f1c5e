package io.leaderboard.api.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class RankingReadIntegrationTests extends ApiTestBase {

	@BeforeEach
	void board() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"latest\"}");
	}

	@Test
	void equalScoresShareARankAndTheFirstToReachItIsListedFirst() {
		submit("cup", "ann", 200);
		submit("cup", "ben", 300);
		submit("cup", "cat", 200);
		submit("cup", "dan", 100);
		submit("cup", "ann", 200); // the same score again: she reached it first all the
									// same
		this.projection.sync();

		JsonNode entries = this.http.get("/leaderboards/cup/top").json().get("entries");

		assertThat(names(entries)).containsExactly("ben", "ann", "cat", "dan");
		assertThat(ranks(entries)).containsExactly(1L, 2L, 2L, 4L);
	}

	@Test
	void everyReadAgreesOnEveryRank() {
		for (String player : List.of("a", "b", "c", "d", "e", "f")) {
			submit("cup", player, (player.charAt(0) % 3) * 10);
		}
		this.projection.sync();

		JsonNode top = this.http.get("/leaderboards/cup/top?limit=100").json().get("entries");
		JsonNode around = this.http.get("/leaderboards/cup/users/3/around?radius=50").json().get("entries");
		JsonNode chosen = this.http.postJson("/leaderboards/cup/ranks", "{\"userIds\":[6,5,4,3,2,1,99]}", null)
			.json()
			.get("entries");

		assertThat(around).isEqualTo(top);
		assertThat(chosen).isEqualTo(top);
		for (JsonNode entry : top) {
			JsonNode standing = this.http.get("/leaderboards/cup/users/" + entry.get("userId").asLong()).json();
			assertThat(standing.get("rank")).isEqualTo(entry.get("rank"));
		}
	}

	@Test
	void aroundShowsThePlayerAndUpToRadiusOnEachSide() {
		for (int i = 1; i <= 10; i++) {
			submit("cup", "p" + i, 1000 - i);
		}
		this.projection.sync();

		JsonNode middle = this.http.get("/leaderboards/cup/users/5/around?radius=2").json().get("entries");
		JsonNode first = this.http.get("/leaderboards/cup/users/1/around?radius=2").json().get("entries");

		assertThat(names(middle)).containsExactly("p3", "p4", "p5", "p6", "p7");
		assertThat(ranks(middle)).containsExactly(3L, 4L, 5L, 6L, 7L);
		assertThat(names(first)).containsExactly("p1", "p2", "p3");
		assertThat(this.http.get("/leaderboards/cup/users/77/around").status()).isEqualTo(404);
	}

	@Test
	void standingsCarryPercentileAndGamesPlayed() {
		for (int i = 1; i <= 4; i++) {
			submit("cup", "p" + i, 100 * i);
		}
		submit("cup", "p4", 400);
		this.projection.sync();

		JsonNode best = this.http.get("/leaderboards/cup/users/4").json();
		JsonNode last = this.http.get("/leaderboards/cup/users/1").json();

		assertThat(best.get("rank").asLong()).isEqualTo(1);
		assertThat(best.get("percentile").asDouble()).isEqualTo(100.0);
		assertThat(best.get("gamesPlayed").asLong()).isEqualTo(2);
		assertThat(last.get("percentile").asDouble()).isEqualTo(25.0);
	}

	@Test
	void statsGiveNearestRankQuantiles() {
		for (int i = 1; i <= 100; i++) {
			this.jdbc.sql("INSERT INTO users (subject, nick_name) VALUES (:s, :s)").param("s", "p" + i).update();
			this.jdbc.sql("""
					INSERT INTO board_scores (board, period, user_id, score, rank_score, reached_at, updated_at)
					VALUES ('cup', 'all', :id, :score, -:score, now(), now())
					""").param("id", i).param("score", i * 10).update();
		}
		this.projection.sync();

		JsonNode stats = this.http.get("/leaderboards/cup/stats").json();
		JsonNode empty = this.http.get("/leaderboards/global/stats").json();

		assertThat(stats.get("players").asLong()).isEqualTo(100);
		assertThat(stats.get("scoreQuantiles").get("p50").asLong()).isEqualTo(500);
		assertThat(stats.get("scoreQuantiles").get("p90").asLong()).isEqualTo(900);
		assertThat(stats.get("scoreQuantiles").get("p99").asLong()).isEqualTo(990);
		assertThat(empty.get("players").asLong()).isZero();
		assertThat(empty.get("scoreQuantiles").get("p50").isNull()).isTrue();
	}

	@Test
	void cursorPagesNeverSkipOrRepeatWhileOthersChange() {
		for (int i = 1; i <= 25; i++) {
			submit("cup", "p" + i, 100 + (i % 5) * 10);
		}
		this.projection.sync();
		List<String> expected = names(this.http.get("/leaderboards/cup/top?limit=1000").json().get("entries"));

		Set<String> seen = new LinkedHashSet<>();
		List<String> pages = new ArrayList<>();
		String cursor = null;
		int newcomers = 0;
		do {
			JsonNode page = this.http
				.get("/leaderboards/cup/top?limit=4" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.json();
			page.get("entries").forEach((entry) -> {
				pages.add(entry.get("nickName").asString());
				seen.add(entry.get("nickName").asString());
			});
			// between pages, new players arrive above and below where the reader is
			submit("cup", "new" + newcomers++, 1000);
			submit("cup", "new" + newcomers++, 0);
			this.projection.sync();
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);

		List<String> original = pages.stream().filter((name) -> !name.startsWith("new")).toList();
		assertThat(original).containsExactlyElementsOf(expected);
		assertThat(pages).hasSameSizeAs(seen);
	}

	@Test
	void hiddenPlayersVanishFromEveryReadAndTheRanksBehindCloseUp() {
		submit("cup", "ann", 300);
		submit("cup", "ben", 200);
		submit("cup", "cat", 100);
		this.projection.sync();

		Response hide = this.http.put("/admin/leaderboards/cup/hidden/1", admin());
		Response ownWrite = submit("cup", "ann", 310);
		this.projection.sync();

		assertThat(hide.status()).isEqualTo(204);
		assertThat(names(this.http.get("/leaderboards/cup/top").json().get("entries"))).containsExactly("ben", "cat");
		assertThat(ranks(this.http.get("/leaderboards/cup/top").json().get("entries"))).containsExactly(1L, 2L);
		assertThat(this.http.get("/leaderboards/cup/users/1").status()).isEqualTo(404);
		assertThat(this.http.get("/leaderboards/cup/users/1/around").status()).isEqualTo(404);
		assertThat(this.http.get("/leaderboards/cup/users/3").json().get("rank").asLong()).isEqualTo(2);
		assertThat(this.http.postJson("/leaderboards/cup/ranks", "{\"userIds\":[1,2]}", null).json().get("entries"))
			.hasSize(1);
		assertThat(this.http.get("/leaderboards/cup/stats").json().get("players").asLong()).isEqualTo(2);
		// a shadow ban: her own answer looks normal
		assertThat(ownWrite.json().get("rank").asLong()).isEqualTo(1);
		assertThat(ownWrite.json().get("score").asLong()).isEqualTo(310);

		assertThat(this.http.delete("/admin/leaderboards/cup/hidden/1", admin()).status()).isEqualTo(204);
		// the projection worker applies the decision (ModerationIntegrationTests there)
		this.projection.sync();
		assertThat(names(this.http.get("/leaderboards/cup/top").json().get("entries"))).containsExactly("ann", "ben",
				"cat");
		assertThat(this.http.get("/leaderboards/cup/users/1").json().get("score").asLong()).isEqualTo(310);
	}

	@Test
	void moderationNeedsTheAdminScopeAndAKnownPlayer() {
		submit("cup", "ann", 300);

		assertThat(this.http.put("/admin/leaderboards/cup/hidden/1", this.http.token("ann", "ann")).status())
			.isEqualTo(403);
		assertThat(this.http.put("/admin/leaderboards/cup/hidden/42", admin()).status()).isEqualTo(404);
		assertThat(this.http.put("/admin/leaderboards/nope/hidden/1", admin()).status()).isEqualTo(404);
	}

	@Test
	void theSeedPathsAreAliasesOfTheGlobalBoard() {
		Response posted = this.http.postJson("/scores", "{\"score\": 42}", this.http.token("alice", "Alice"));
		this.projection.sync();

		assertThat(posted.json().get("board").asString()).isEqualTo("global");
		assertThat(this.http.get("/leaderboard/top").json().get(0).get("score").asLong()).isEqualTo(42);
		assertThat(this.http.get("/leaderboard/1").json().get("rank").asLong()).isEqualTo(1);
		assertThat(this.http.get("/leaderboards/global/top").json().get("entries").get(0).get("userId").asLong())
			.isEqualTo(1);
	}

}
