package io.leaderboard.api.period;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three closed days of a daily board and the open one, read as a client reads them:
 * periods newest first, a day's frozen results, a player's rank history, page by page.
 */
class PeriodReadsIntegrationTests extends ApiTestBase {

	@Autowired
	private PeriodClosing closing;

	@Autowired
	private PeriodsProperties properties;

	@BeforeEach
	void threeClosedDaysAndAnOpenOne() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		// alice (1), bob (2), cleo (3), dave (4)
		day("2026-11-20", "alice", 30, "bob", 20, "cleo", 10, "dave", 5);
		day("2026-11-21", "bob", 40, "alice", 40, "cleo", 10);
		day("2026-11-22", "cleo", 90, "alice", 10);
		this.clock.set(Instant.parse("2026-11-23T00:00:10Z"));
		new PeriodCloser(this.catalog, this.closing, this.jdbc, this.clock, this.properties).closeDue();
		submit("daily", "bob", 7);
		this.projection.sync();
	}

	@Test
	void periodsAreListedNewestFirstWithTheOpenOneFirst() {
		JsonNode first = this.http.get("/leaderboards/daily/periods?limit=2").json();
		JsonNode second = this.http.get("/leaderboards/daily/periods?limit=2&cursor=" + cursor(first)).json();

		assertThat(first.get("board").asString()).isEqualTo("daily");
		assertThat(periods(first)).containsExactly("2026-11-23", "2026-11-22");
		assertThat(periods(second)).containsExactly("2026-11-21", "2026-11-20");
		assertThat(second.get("nextCursor").isNull()).isTrue();
		JsonNode open = first.get("entries").get(0);
		assertThat(open.get("state").asString()).isEqualTo("open");
		assertThat(open.get("startsAt").asString()).isEqualTo("2026-11-23T00:00:00Z");
		assertThat(open.get("endsAt").asString()).isEqualTo("2026-11-24T00:00:00Z");
		assertThat(open.get("players").asLong()).isEqualTo(1);
		JsonNode closed = second.get("entries").get(1);
		assertThat(closed.get("state").asString()).isEqualTo("closed");
		assertThat(closed.get("startsAt").asString()).isEqualTo("2026-11-20T00:00:00Z");
		assertThat(closed.get("players").asLong()).isEqualTo(4);
		assertThat(periods(this.http.get("/leaderboards/daily/periods").json())).hasSize(4);
	}

	@Test
	void aBoardThatNeverResetsHasOneOpenPeriod() {
		JsonNode periods = this.http.get("/leaderboards/global/periods").json();

		assertThat(periods.get("entries")).singleElement().satisfies((period) -> {
			assertThat(period.get("period").asString()).isEqualTo("all");
			assertThat(period.get("state").asString()).isEqualTo("open");
			assertThat(period.get("endsAt").isNull()).isTrue();
		});
		assertThat(periods.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void aClosedPeriodsResultsArePagedInRankOrder() {
		JsonNode first = this.http.get("/leaderboards/daily/periods/2026-11-20/results?limit=3").json();
		JsonNode second = this.http
			.get("/leaderboards/daily/periods/2026-11-20/results?limit=3&cursor=" + cursor(first))
			.json();

		assertThat(first.get("board").asString()).isEqualTo("daily");
		assertThat(first.get("period").asString()).isEqualTo("2026-11-20");
		assertThat(first.get("closedAt").asString()).isEqualTo("2026-11-23T00:00:10Z");
		assertThat(first.get("revision").asLong()).isEqualTo(1);
		assertThat(names(first.get("entries"))).containsExactly("alice", "bob", "cleo");
		assertThat(names(second.get("entries"))).containsExactly("dave");
		assertThat(ranks(second.get("entries"))).containsExactly(4L);
		assertThat(second.get("nextCursor").isNull()).isTrue();
		JsonNode winner = first.get("entries").get(0);
		assertThat(winner.get("userId").asLong()).isEqualTo(1);
		assertThat(winner.get("score").asLong()).isEqualTo(30);
		assertThat(winner.has("metadata")).isTrue();
	}

	@Test
	void tiedPlayersArePagedApartWithoutRepeatsOrGaps() {
		JsonNode first = this.http.get("/leaderboards/daily/periods/2026-11-21/results?limit=1").json();
		JsonNode second = this.http
			.get("/leaderboards/daily/periods/2026-11-21/results?limit=1&cursor=" + cursor(first))
			.json();

		// bob reached 40 first, so he is listed first; both are first
		assertThat(names(first.get("entries"))).containsExactly("bob");
		assertThat(names(second.get("entries"))).containsExactly("alice");
		assertThat(ranks(second.get("entries"))).containsExactly(1L);
	}

	@Test
	void aPlayersResultsAreTheirRankHistoryNewestFirst() {
		JsonNode first = this.http.get("/leaderboards/daily/users/1/results?limit=2").json();
		JsonNode second = this.http.get("/leaderboards/daily/users/1/results?limit=2&cursor=" + cursor(first)).json();

		assertThat(periods(first)).containsExactly("2026-11-22", "2026-11-21");
		assertThat(periods(second)).containsExactly("2026-11-20");
		assertThat(first.get("bestRank").asLong()).isEqualTo(1);
		assertThat(second.get("bestRank").asLong()).isEqualTo(1);
		JsonNode last = first.get("entries").get(0);
		assertThat(last.get("rank").asLong()).isEqualTo(2);
		assertThat(last.get("score").asLong()).isEqualTo(10);
		assertThat(last.get("players").asLong()).isEqualTo(2);
		assertThat(last.get("percentile").asDouble()).isEqualTo(50.0);
		assertThat(second.get("entries").get(0).get("percentile").asDouble()).isEqualTo(100.0);
		JsonNode stranger = this.http.get("/leaderboards/daily/users/99/results").json();
		assertThat(stranger.get("entries")).isEmpty();
		assertThat(stranger.get("bestRank").isNull()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/leaderboards/daily/periods/2026-11-23/results 404",
			"/leaderboards/daily/periods/2026-11-19/results 404", "/leaderboards/daily/periods/yesterday/results 404",
			"/leaderboards/nope/periods 404", "/leaderboards/nope/periods/2026-11-20/results 404",
			"/leaderboards/nope/users/1/results 404", "/leaderboards/daily/periods?limit=0 400",
			"/leaderboards/daily/periods?limit=101 400", "/leaderboards/daily/periods?limit=x 400",
			"/leaderboards/daily/periods?cursor=garbage 400",
			"/leaderboards/daily/periods/2026-11-20/results?limit=101 400",
			"/leaderboards/daily/periods/2026-11-20/results?cursor=cDF8MXxhbGw 400",
			"/leaderboards/daily/users/0/results 400", "/leaderboards/daily/users/x/results 400",
			"/leaderboards/daily/users/1/results?limit=0 400", "/leaderboards/daily/users/1/results?cursor=%25 400" })
	void badRequestsAreProblems(String request) {
		String[] parts = request.split(" ");

		Response response = this.http.get(parts[0]);

		assertThat(response.status()).as(response.body()).isEqualTo(Integer.parseInt(parts[1]));
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").asString()).isNotBlank();
	}

	private void day(String day, Object... playersAndScores) {
		for (int i = 0; i < playersAndScores.length; i += 2) {
			// one second apart: the first to reach a score is listed first among equals
			this.clock.set(Instant.parse(day + "T12:00:00Z").plusSeconds(i));
			submit("daily", (String) playersAndScores[i], ((Number) playersAndScores[i + 1]).longValue());
		}
	}

	private static String cursor(JsonNode page) {
		assertThat(page.get("nextCursor").isNull()).as("a next page").isFalse();
		return page.get("nextCursor").asString();
	}

	private static List<String> periods(JsonNode page) {
		List<String> periods = new ArrayList<>();
		page.get("entries").forEach((entry) -> periods.add(entry.get("period").asString()));
		return periods;
	}

}
