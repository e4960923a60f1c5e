package io.leaderboard.api.period;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed period older than the board's two hot ones leaves Redis; every read of it
 * (pages and their cursors, standings, around a player, chosen players) then answers from
 * its frozen results exactly what the projection answered while it was live.
 */
class ColdPeriodReadsIntegrationTests extends ApiTestBase {

	private static final String DAY = "2026-11-20";

	/** The reads of the day, as a client makes them, by their path. */
	private static final List<String> READS = List.of("/leaderboards/daily/top?limit=2&period=" + DAY,
			"/leaderboards/daily/top?limit=10&period=" + DAY, "/leaderboards/daily/users/2?period=" + DAY,
			"/leaderboards/daily/users/3/around?radius=1&period=" + DAY,
			"/leaderboards/daily/users/1/around?radius=5&period=" + DAY, "/leaderboards/daily/stats?period=" + DAY);

	private static final String RANKS = "/leaderboards/daily/ranks?period=" + DAY;

	private static final String RANKS_BODY = "{\"userIds\":[4,99,1,3]}";

	@Autowired
	private PeriodClosing closing;

	@Autowired
	private PeriodsProperties properties;

	@BeforeEach
	void aDailyBoard() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
	}

	@Test
	void aPeriodThatLeftRedisReadsAsItDidWhileLive() {
		// alice (1), bob (2), cleo (3), dave (4), erin (5): bob and dave tie
		day(DAY, "alice", 30, "bob", 20, "cleo", 10, "dave", 20, "erin", 5);
		this.clock.set(Instant.parse(DAY + "T13:00:00Z"));
		submit("daily", "bob", "{\"score\": 1, \"outcome\": \"loss\"}");
		this.projection.sync();
		// still the day: answered by the projection
		Map<String, Response> live = readAll();
		String secondPage = live.get(READS.get(0)).json().get("nextCursor").asString();
		Response liveSecondPage = this.http.get(READS.get(0) + "&cursor=" + secondPage);
		assertThat(live.get(READS.get(0)).header("Leaderboard-Source")).isEqualTo("redis");
		assertThat(live.get(READS.get(2)).header("Leaderboard-Source")).isEqualTo("redis");

		day("2026-11-21", "alice", 1);
		day("2026-11-22", "bob", 2);
		day("2026-11-23", "cleo", 3);
		this.clock.set(Instant.parse("2026-11-24T00:00:10Z"));
		new PeriodCloser(this.catalog, this.closing, this.jdbc, this.clock, this.properties).closeDue();
		this.projection.sync();

		assertThat(hotPeriods()).containsExactly("2026-11-22", "2026-11-23");
		Map<String, Response> frozen = readAll();
		for (String path : live.keySet()) {
			assertThat(frozen.get(path).status()).as(path).isEqualTo(200);
			assertThat(shown(frozen.get(path))).as(path).isEqualTo(shown(live.get(path)));
		}
		assertThat(frozen.get(READS.get(0)).header("Leaderboard-Source")).isEqualTo("results");
		assertThat(frozen.get(READS.get(2)).header("Leaderboard-Source")).isEqualTo("results");
		assertThat(frozen.get(READS.get(2)).json().get("losses").asLong()).isEqualTo(1);
		assertThat(frozen.get(READS.get(2)).json().get("gamesPlayed").asLong()).isEqualTo(2);
		// a cursor handed out while the period was live goes on where it left off
		assertThat(shown(this.http.get(READS.get(0) + "&cursor=" + secondPage))).isEqualTo(shown(liveSecondPage));
	}

	@Test
	void theHotClosedPeriodsAndTheOpenOneStayWithTheProjection() {
		day("2026-11-21", "alice", 1);
		day("2026-11-22", "bob", 2);
		day("2026-11-23", "cleo", 3);
		this.clock.set(Instant.parse("2026-11-24T00:00:10Z"));
		new PeriodCloser(this.catalog, this.closing, this.jdbc, this.clock, this.properties).closeDue();
		submit("daily", "erin", 4);
		this.projection.sync();

		assertThat(hotPeriods()).containsExactly("2026-11-22", "2026-11-23");
		assertThat(this.http.get("/leaderboards/daily/top?period=2026-11-22").header("Leaderboard-Source"))
			.isEqualTo("redis");
		assertThat(this.http.get("/leaderboards/daily/top").header("Leaderboard-Source")).isEqualTo("redis");
		Response cold = this.http.get("/leaderboards/daily/top?period=2026-11-21");
		assertThat(cold.header("Leaderboard-Source")).isEqualTo("results");
		assertThat(cold.json().get("entries").get(0).get("nickName").asString()).isEqualTo("alice");
		assertThat(this.http.get("/leaderboards/daily/users/2?period=2026-11-21").status()).isEqualTo(404);
		assertThat(this.http.get("/leaderboards/daily/users/2/around?period=2026-11-21").status()).isEqualTo(404);
	}

	private Map<String, Response> readAll() {
		Map<String, Response> reads = new LinkedHashMap<>();
		READS.forEach((path) -> reads.put(path, this.http.get(path)));
		reads.put(RANKS, this.http.postJson(RANKS, RANKS_BODY, null));
		return reads;
	}

	/**
	 * The answer's JSON but for {@code nextResetAt}, which tells when the board's current
	 * period resets, whatever period was read.
	 */
	private static JsonNode shown(Response response) {
		JsonNode json = response.json();
		if (json instanceof ObjectNode page) {
			page.remove("nextResetAt");
		}
		return json;
	}

	private List<String> hotPeriods() {
		return this.jdbc.sql("SELECT period FROM closed_periods WHERE board = 'daily' AND hot ORDER BY period")
			.query(String.class)
			.list();
	}

	private void day(String day, Object... playersAndScores) {
		for (int i = 0; i < playersAndScores.length; i += 2) {
			// one second apart: the first to reach a score is listed first among equals
			this.clock.set(Instant.parse(day + "T12:00:00Z").plusSeconds(i));
			submit("daily", (String) playersAndScores[i], ((Number) playersAndScores[i + 1]).longValue());
		}
	}

}
