package io.leaderboard.api.board;

import java.time.Instant;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.events.Boards;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "leaderboard.boards.declared.arena.sort-order=asc",
		"leaderboard.boards.declared.arena.operator=latest",
		"leaderboard.boards.declared.arena.reset-schedule=monthly" })
class BoardDefinitionIntegrationTests extends ApiTestBase {

	@Test
	void anAdminCreatesThenChangesABoard() {
		Response created = this.http.putJson("/admin/leaderboards/speedrun",
				"{\"sortOrder\":\"asc\",\"operator\":\"best\",\"resetSchedule\":\"weekly\",\"maxScore\":600000}",
				admin());
		Response changed = this.http.putJson("/admin/leaderboards/speedrun",
				"{\"sortOrder\":\"asc\",\"operator\":\"latest\",\"resetSchedule\":\"daily\"}", admin());

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/leaderboards/speedrun");
		assertThat(created.json().get("maxScore").asLong()).isEqualTo(600000);
		assertThat(changed.status()).isEqualTo(200);
		Response read = this.http.get("/leaderboards/speedrun");
		assertThat(read.json().get("operator").asString()).isEqualTo("latest");
		assertThat(read.json().get("resetSchedule").asString()).isEqualTo("daily");
		assertThat(read.json().get("maxScore").isNull()).isTrue();
		assertThat(this.redis.opsForHash().hasKey(Boards.DEFINITIONS_KEY, "speedrun")).isTrue();
	}

	@Test
	void boardsNameTheirCurrentPeriodAndNextReset() {
		this.clock.set(Instant.parse("2026-11-22T15:00:00Z"));
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		defineBoard("weekly", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"weekly\"}");
		defineBoard("sixam", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"0 6 * * *\"}");

		assertThat(this.http.get("/leaderboards/daily").json().get("currentPeriod").asString()).isEqualTo("2026-11-22");
		assertThat(this.http.get("/leaderboards/daily").json().get("nextResetAt").asString())
			.isEqualTo("2026-11-23T00:00:00Z");
		// 2026-11-22 is a Sunday: the week began on Monday the 16th
		assertThat(this.http.get("/leaderboards/weekly").json().get("currentPeriod").asString()).isEqualTo("2026-W47");
		assertThat(this.http.get("/leaderboards/weekly").json().get("nextResetAt").asString())
			.isEqualTo("2026-11-23T00:00:00Z");
		assertThat(this.http.get("/leaderboards/sixam").json().get("currentPeriod").asString())
			.isEqualTo("2026-11-22T06:00:00Z");
		assertThat(this.http.get("/leaderboards/global").json().get("currentPeriod").asString()).isEqualTo("all");
		assertThat(this.http.get("/leaderboards/global").json().get("nextResetAt").isNull()).isTrue();
	}

	@Autowired
	DeclaredBoards declaredBoards;

	@Test
	void theListHoldsGlobalDeclaredAndCreatedBoards() throws Exception {
		// what start-up does; the clean slate of each test removed it
		this.declaredBoards.run(null);
		defineBoard("speedrun", "{\"sortOrder\":\"asc\",\"operator\":\"best\"}");

		Response list = this.http.get("/leaderboards");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().findValuesAsString("id")).contains("arena", "global", "speedrun");
		Response arena = this.http.get("/leaderboards/arena");
		assertThat(arena.json().get("sortOrder").asString()).isEqualTo("asc");
		assertThat(arena.json().get("operator").asString()).isEqualTo("latest");
		assertThat(arena.json().get("resetSchedule").asString()).isEqualTo("monthly");
	}

	@Test
	void boardAdministrationNeedsTheAdminScope() {
		String body = "{\"sortOrder\":\"desc\",\"operator\":\"best\"}";

		Response anonymous = this.http.putJson("/admin/leaderboards/x", body, null);
		Response player = this.http.putJson("/admin/leaderboards/x", body, this.http.token("alice", "Alice"));

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(player.status()).isEqualTo(403);
		assertThat(player.contentType()).isEqualTo("application/problem+json");
		assertThat(player.json().get("detail").asString()).contains("leaderboard:admin");
		assertThat(this.http.get("/leaderboards/x").status()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"sortOrder\":\"up\",\"operator\":\"best\"}", "{\"operator\":\"best\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"sum\"}", "{\"sortOrder\":\"desc\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"hourly\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"61 * * * *\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxScore\":\"ten\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxScore\":9007199254740992}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"nope\"]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"cup\"]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":[\"Bad Id\"]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":\"global\"}", "[]", "not json",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"subscore\":{\"sortOrder\":\"up\"}}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"subscore\":{}}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"startsAt\":\"2026-12-05T00:00:00Z\",\"endsAt\":\"2026-12-04T00:00:00Z\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"startsAt\":\"tomorrow\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxSize\":50}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"joinRequired\":true,\"maxSize\":0}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"maxAttempts\":0}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":1}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":1001}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortKey\":\"region\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":10,\"cohortKey\":\"a b\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"gold\",\"topPercent\":10},{\"name\":\"diamond\",\"topPercent\":1},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"topRank\":100},{\"name\":\"b\",\"topRank\":10},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"minScore\":10},{\"name\":\"b\",\"minScore\":100},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"asc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"minScore\":100},{\"name\":\"b\",\"minScore\":10},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"topRank\":1,\"topPercent\":5},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"topRank\":1},{\"name\":\"b\",\"topRank\":5}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\"},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"topRank\":1},{\"name\":\"a\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"a\",\"topPercent\":101},{\"name\":\"rest\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"tiers\":[{\"name\":\"only\"}]}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":0}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":65}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":\"four\"}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":4,\"cohortSize\":10}" })
	void invalidDefinitionsAreProblemsAndChangeNothing(String body) {
		Response response = this.http.putJson("/admin/leaderboards/cup", body, admin());

		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").asString()).isNotBlank();
		assertThat(this.http.get("/leaderboards/cup").status()).isEqualTo(404);
	}

	@Test
	void badBoardIdsAreRefused() {
		for (String id : new String[] { "Global", "-x", "a_b", "x".repeat(65) }) {
			Response response = this.http.putJson("/admin/leaderboards/" + id,
					"{\"sortOrder\":\"desc\",\"operator\":\"best\"}", admin());
			assertThat(response.status()).as(id).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
		}
	}

	@Test
	void theSortOrderOfABoardWithScoresIsFixed() {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		submit("cup", "alice", 10);

		Response response = this.http.putJson("/admin/leaderboards/cup",
				"{\"sortOrder\":\"asc\",\"operator\":\"best\"}", admin());

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(this.http.get("/leaderboards/cup").json().get("sortOrder").asString()).isEqualTo("desc");
	}

	@Test
	void aCompetitionIsShownBackAsDefined() {
		Response created = this.http.putJson("/admin/leaderboards/cup", """
				{"sortOrder":"desc","operator":"best","resetSchedule":"daily","subscore":{"sortOrder":"asc"},
				 "startsAt":"2026-12-01T00:00:00Z","endsAt":"2026-12-08T00:00:00Z","joinRequired":true,
				 "maxSize":50,"maxAttempts":3,"cohortSize":20,"cohortKey":"region",
				 "tiers":[{"name":"diamond","topPercent":1},{"name":"gold","topPercent":10},
				          {"name":"silver","topRank":1000},{"name":"bronze"}]}
				""", admin());

		assertThat(created.status()).isEqualTo(201);
		JsonNode read = this.http.get("/leaderboards/cup").json();
		assertThat(read.get("subscore").get("sortOrder").asString()).isEqualTo("asc");
		assertThat(read.get("startsAt").asString()).isEqualTo("2026-12-01T00:00:00Z");
		assertThat(read.get("endsAt").asString()).isEqualTo("2026-12-08T00:00:00Z");
		assertThat(read.get("joinRequired").asBoolean()).isTrue();
		assertThat(read.get("maxSize").asInt()).isEqualTo(50);
		assertThat(read.get("maxAttempts").asInt()).isEqualTo(3);
		assertThat(read.get("cohortSize").asInt()).isEqualTo(20);
		assertThat(read.get("cohortKey").asString()).isEqualTo("region");
		assertThat(read.get("tiers").toString()).isEqualTo("[{\"name\":\"diamond\",\"topPercent\":1.0},"
				+ "{\"name\":\"gold\",\"topPercent\":10.0},{\"name\":\"silver\",\"topRank\":1000},{\"name\":\"bronze\"}]");
		JsonNode plain = this.http.get("/leaderboards/global").json();
		assertThat(plain.get("subscore").isNull()).isTrue();
		assertThat(plain.get("joinRequired").asBoolean()).isFalse();
		assertThat(plain.get("tiers").isEmpty()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"cohortSize\":10}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"subscore\":{\"sortOrder\":\"desc\"}}",
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":4}" })
	void cohortsAndSubscoresCannotBeAddedToABoardThatHoldsScores(String body) {
		defineBoard("cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}");
		submit("cup", "alice", 10);

		Response response = this.http.putJson("/admin/leaderboards/cup", body, admin());

		assertThat(response.status()).as(body).isEqualTo(409);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("field").asString()).isIn("cohortSize", "subscore", "shards");
		assertThat(response.json().get("detail").asString()).contains(response.json().get("field").asString());
		assertThat(this.http.get("/leaderboards/cup").json().get("cohortSize").isNull()).isTrue();
		assertThat(this.http.get("/leaderboards/cup").json().get("subscore").isNull()).isTrue();
		assertThat(this.http.get("/leaderboards/cup").json().get("shards").asInt()).isEqualTo(1);
	}

	@Test
	void aBoardIsShardedUntilItHoldsScoresAndShowsItsShards() {
		defineBoard("giant", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":2}");
		defineBoard("giant", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":8}");
		submit("giant", "alice", 10);

		assertThat(this.http.get("/leaderboards/giant").json().get("shards").asInt()).isEqualTo(8);
		assertThat(defineBoard("giant", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"shards\":8,\"maxScore\":99}")
			.json()
			.get("shards")
			.asInt()).isEqualTo(8);
		assertThat(this.http.get("/leaderboards/global").json().get("shards").asInt()).isEqualTo(1);
	}

}
