package io.leaderboard.api.cohort;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.leaderboard.api.auth.ClaimedTokens;
import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Outbox;
import io.leaderboard.events.ScoreChanged;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fair cohorts: players fill a period's cohorts in arrival order, per group, and read
 * their rank within their cohort.
 */
class CohortsIntegrationTests extends ApiTestBase {

	private static final String COHORTS_OF_3 = "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":3}";

	@Autowired
	ApplicationContext context;

	@Test
	void playersFillEachCohortInArrivalOrderAndStayInIt() {
		defineBoard("cup", COHORTS_OF_3);
		for (int i = 1; i <= 7; i++) {
			submit("cup", "p" + i, 10 * i);
		}
		submit("cup", "p1", 500);

		assertThat(cohortsByPlayer("cup")).containsExactly("p1=1", "p2=1", "p3=1", "p4=2", "p5=2", "p6=2", "p7=3");
		List<ScoreChanged> events = Outbox.events(this.jdbc);
		assertThat(events).extracting(ScoreChanged::cohort).containsExactly("1", "1", "1", "2", "2", "2", "3", "1");
	}

	@Test
	void concurrentFirstSubmissionsNeverOverfillACohortNorOpenOneEarly() throws Exception {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":50}");
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			tokens.add(this.http.token("racer" + i, "racer" + i));
		}
		ExecutorService clients = Executors.newFixedThreadPool(32);
		try {
			List<CompletableFuture<Response>> answers = tokens.stream()
				.map((token) -> CompletableFuture.supplyAsync(
						() -> this.http.postJson("/leaderboards/cup/scores", "{\"score\": 5}", token), clients))
				.toList();
			for (CompletableFuture<Response> answer : answers) {
				assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdownNow();
		}

		assertThat(this.jdbc.sql("""
				SELECT cohort || ':' || count(*) FROM board_cohorts WHERE board = 'cup' GROUP BY cohort ORDER BY cohort
				""").query(String.class).list()).containsExactly("1:50", "2:50", "3:50", "4:50");
	}

	@Test
	void playersWithTheSameKeyShareCohortsAndPlayersWithoutOneShareTheirOwn() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":2,\"cohortKey\":\"region\"}");
		ClaimedTokens tokens = new ClaimedTokens(this.context);
		List<String> regions = List.of("eu", "us", "eu", "eu", "", "us/west");
		for (int i = 0; i < regions.size(); i++) {
			String token = tokens.token("p" + (i + 1),
					regions.get(i).isEmpty() ? Map.of() : Map.of("region", regions.get(i)));
			Response response = this.http.postJson("/leaderboards/cup/scores", "{\"score\": 1}", token);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
		}

		assertThat(cohortsByPlayer("cup")).containsExactly("p1=eu-1", "p2=us-1", "p3=eu-1", "p4=eu-2", "p5=1",
				"p6=us_west-1");
	}

	@Test
	void aNewCohortSizeAppliesFromTheNextPeriodOn() {
		this.clock.set(Instant.parse("2026-12-01T10:00:00Z"));
		defineBoard("cup",
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\",\"cohortSize\":2}");
		submit("cup", "p1", 1);
		defineBoard("cup",
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\",\"cohortSize\":3}");
		submit("cup", "p2", 1);
		submit("cup", "p3", 1);
		this.clock.set(Instant.parse("2026-12-01T10:00:00Z").plus(Duration.ofDays(1)));
		for (String player : List.of("p1", "p2", "p3", "p4")) {
			submit("cup", player, 2);
		}

		assertThat(this.jdbc.sql("""
				SELECT period || ' ' || string_agg(u.subject || '=' || c.cohort, ' ' ORDER BY u.subject)
				FROM board_cohorts c JOIN users u ON u.id = c.user_id GROUP BY period ORDER BY period
				""").query(String.class).list()).containsExactly("2026-12-01 p1=1 p2=1 p3=2",
				"2026-12-02 p1=1 p2=1 p3=1 p4=2");
	}

	@Test
	void aCohortIsRankedWithinItselfWithItsTiers() {
		defineBoard("cup", """
				{"sortOrder":"desc","operator":"best","cohortSize":3,
				 "tiers":[{"name":"gold","topRank":1},{"name":"silver","topPercent":70},{"name":"bronze"}]}
				""");
		for (int i = 1; i <= 5; i++) {
			submit("cup", "p" + i, 10 * i);
		}
		long p2 = userId("p2");

		for (boolean projected : List.of(false, true)) {
			if (projected) {
				this.projection.sync();
			}
			Response cohort = this.http.get("/leaderboards/cup/users/" + p2 + "/cohort");
			assertThat(cohort.status()).as(cohort.body()).isEqualTo(200);
			assertThat(cohort.headers().firstValue("Leaderboard-Source")).hasValue(projected ? "redis" : "postgresql");
			JsonNode body = cohort.json();
			assertThat(body.get("board").asString()).isEqualTo("cup");
			assertThat(body.get("period").asString()).isEqualTo("all");
			assertThat(body.get("cohort").asString()).isEqualTo("1");
			assertThat(body.get("size").asInt()).isEqualTo(3);
			assertThat(names(body.get("entries"))).containsExactly("p3", "p2", "p1");
			assertThat(ranks(body.get("entries"))).containsExactly(1L, 2L, 3L);
			assertThat(tiers(body.get("entries"))).containsExactly("gold", "silver", "bronze");

			JsonNode standing = this.http.get("/leaderboards/cup/users/" + p2).json();
			assertThat(standing.get("rank").asLong()).isEqualTo(4);
			assertThat(standing.get("cohort").asString()).isEqualTo("1");
			assertThat(standing.get("cohortRank").asLong()).isEqualTo(2);
			assertThat(standing.get("tier").asString()).isEqualTo("silver");
		}
		JsonNode second = this.http.get("/leaderboards/cup/users/" + userId("p5") + "/cohort").json();
		assertThat(names(second.get("entries"))).containsExactly("p5", "p4");
		assertThat(second.get("size").asInt()).isEqualTo(2);
	}

	@Test
	void aPlainBoardShowsNeitherCohortsNorTiersAndHasNoCohortToRead() {
		defineBoard("plain", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		submit("plain", "alice", 10);
		this.projection.sync();

		JsonNode standing = this.http.get("/leaderboards/plain/users/" + userId("alice")).json();
		assertThat(standing.has("cohort")).isFalse();
		assertThat(standing.has("cohortRank")).isFalse();
		assertThat(standing.has("tier")).isFalse();
		assertThat(this.http.get("/leaderboards/plain/top").json().get("entries").get(0).has("tier")).isFalse();
		assertThat(this.jdbc.sql("SELECT jsonb_exists(payload, 'cohort') FROM score_events_outbox")
			.query(Boolean.class)
			.single()).isFalse();
		Response cohort = this.http.get("/leaderboards/plain/users/" + userId("alice") + "/cohort");
		assertThat(cohort.status()).isEqualTo(404);
		assertThat(cohort.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void theTopOfABoardWithTiersShowsEachPlayersTier() {
		defineBoard("tiered", """
				{"sortOrder":"desc","operator":"best",
				 "tiers":[{"name":"diamond","topPercent":10},{"name":"gold","topRank":3},
				          {"name":"silver","minScore":40},{"name":"bronze"}]}
				""");
		for (int i = 1; i <= 10; i++) {
			submit("tiered", "p" + i, 10 * i);
		}
		this.projection.sync();

		JsonNode top = this.http.get("/leaderboards/tiered/top").json();
		assertThat(tiers(top.get("entries"))).containsExactly("diamond", "gold", "gold", "silver", "silver", "silver",
				"silver", "bronze", "bronze", "bronze");
		assertThat(this.http.get("/leaderboards/tiered/users/" + userId("p7")).json().get("tier").asString())
			.isEqualTo("silver");
	}

	private long userId(String subject) {
		return this.jdbc.sql("SELECT id FROM users WHERE subject = :subject")
			.param("subject", subject)
			.query(Long.class)
			.single();
	}

	private List<String> cohortsByPlayer(String board) {
		return this.jdbc.sql("""
				SELECT u.subject || '=' || c.cohort FROM board_cohorts c JOIN users u ON u.id = c.user_id
				WHERE c.board = :board ORDER BY c.placed_at, u.subject
				""").param("board", board).query(String.class).list();
	}

	private static List<String> tiers(JsonNode entries) {
		List<String> tiers = new ArrayList<>();
		entries.forEach((entry) -> tiers.add(entry.get("tier").asString()));
		return tiers;
	}

}
