package io.leaderboard.api.board;

import java.time.Instant;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.events.Boards;
import org.junit.jupiter.api.Test;
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
			"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"linkedBoards\":\"global\"}", "[]", "not json" })
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

}
