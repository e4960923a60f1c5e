package io.leaderboard.api.score;

import java.time.Instant;
import java.util.List;

import io.leaderboard.api.support.ApiTestBase;
import io.leaderboard.api.support.Http.Response;
import io.leaderboard.api.support.Outbox;
import io.leaderboard.events.ScoreChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A stopped clock moved across resets: daily, weekly (Monday, ISO years) and monthly. */
class PeriodRolloverIntegrationTests extends ApiTestBase {

	@Test
	void aScoreCountsInThePeriodItWasAcceptedIn() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"increment\",\"resetSchedule\":\"daily\"}");
		String token = this.http.token("alice", "Alice");

		this.clock.set(Instant.parse("2026-11-22T23:59:59.999999Z"));
		Response before = this.http.postJson("/leaderboards/daily/scores", "{\"score\": 5}", token);
		this.clock.set(Instant.parse("2026-11-23T00:00:00Z"));
		Response after = this.http.postJson("/leaderboards/daily/scores", "{\"score\": 7}", token);

		assertThat(before.json().get("period").asString()).isEqualTo("2026-11-22");
		assertThat(after.json().get("period").asString()).isEqualTo("2026-11-23");
		// a new period starts from nothing: the increment is not added to yesterday's 5
		assertThat(after.json().get("score").asLong()).isEqualTo(7);
		assertThat(after.json().get("previousRank").isNull()).isTrue();
		assertThat(outboxEvents()).extracting(ScoreChanged::period).containsExactly("2026-11-22", "2026-11-23");
		assertThat(this.http.get("/leaderboards/daily").json().get("currentPeriod").asString()).isEqualTo("2026-11-23");
		assertThat(this.http.get("/leaderboards/daily").json().get("nextResetAt").asString())
			.isEqualTo("2026-11-24T00:00:00Z");
	}

	@Test
	void pastPeriodsStayReadable() {
		defineBoard("daily", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"daily\"}");
		this.clock.set(Instant.parse("2026-11-22T12:00:00Z"));
		submit("daily", "alice", 90);
		this.clock.set(Instant.parse("2026-11-23T12:00:00Z"));
		submit("daily", "bob", 10);
		this.projection.sync();

		Response today = this.http.get("/leaderboards/daily/top");
		Response yesterday = this.http.get("/leaderboards/daily/top?period=2026-11-22");

		assertThat(today.json().get("period").asString()).isEqualTo("2026-11-23");
		assertThat(names(today.json().get("entries"))).containsExactly("bob");
		assertThat(yesterday.json().get("period").asString()).isEqualTo("2026-11-22");
		assertThat(names(yesterday.json().get("entries"))).containsExactly("alice");
		assertThat(this.http.get("/leaderboards/daily/users/1?period=2026-11-22").json().get("score").asLong())
			.isEqualTo(90);
		assertThat(this.http.get("/leaderboards/daily/users/1").status()).isEqualTo(404);
	}

	@Test
	void weeksStartOnMondayAndBelongToTheirIsoYear() {
		defineBoard("weekly", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"weekly\"}");
		defineBoard("monthly", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"monthly\"}");

		assertThat(periodAt("weekly", "2026-11-22T23:59:59Z")).isEqualTo("2026-W47");
		assertThat(periodAt("weekly", "2026-11-23T00:00:00Z")).isEqualTo("2026-W48");
		// Thursday 31 December 2026 is in week 53 of 2026; Friday 1 January 2027 too
		assertThat(periodAt("weekly", "2027-01-01T10:00:00Z")).isEqualTo("2026-W53");
		assertThat(periodAt("weekly", "2027-01-04T00:00:00Z")).isEqualTo("2027-W01");
		assertThat(periodAt("monthly", "2026-11-30T23:59:59Z")).isEqualTo("2026-11");
		assertThat(periodAt("monthly", "2026-12-01T00:00:00Z")).isEqualTo("2026-12");
	}

	@Test
	void cronBoardsResetWhenTheExpressionFires() {
		defineBoard("shift", "{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"0 */6 * * *\"}");

		assertThat(periodAt("shift", "2026-11-22T05:59:59Z")).isEqualTo("2026-11-22T00:00:00Z");
		assertThat(periodAt("shift", "2026-11-22T06:00:00Z")).isEqualTo("2026-11-22T06:00:00Z");
		this.clock.set(Instant.parse("2026-11-22T07:00:00Z"));
		assertThat(this.http.get("/leaderboards/shift").json().get("nextResetAt").asString())
			.isEqualTo("2026-11-22T12:00:00Z");
	}

	private String periodAt(String board, String instant) {
		this.clock.set(Instant.parse(instant));
		return this.http.get("/leaderboards/" + board).json().get("currentPeriod").asString();
	}

	private List<ScoreChanged> outboxEvents() {
		return Outbox.events(this.jdbc);
	}

}
