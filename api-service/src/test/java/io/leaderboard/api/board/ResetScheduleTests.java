package io.leaderboard.api.board;

import java.time.Instant;

import io.leaderboard.api.board.ResetSchedule.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResetScheduleTests {

	@Test
	void aPeriodIdHasTheBoundsOfItsPeriod() {
		assertThat(ResetSchedule.parse("daily").window("2026-11-22")).contains(
				new Window("2026-11-22", Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")));
		assertThat(ResetSchedule.parse("weekly").window("2026-W53")).contains(
				new Window("2026-W53", Instant.parse("2026-12-28T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z")));
		assertThat(ResetSchedule.parse("monthly").window("2026-02")).contains(
				new Window("2026-02", Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z")));
		assertThat(ResetSchedule.parse("0 */6 * * *").window("2026-11-22T06:00:00Z")).contains(new Window(
				"2026-11-22T06:00:00Z", Instant.parse("2026-11-22T06:00:00Z"), Instant.parse("2026-11-22T12:00:00Z")));
		assertThat(ResetSchedule.parse("weekly").window("2026-11-22")).isEmpty();
		assertThat(ResetSchedule.NONE.window("all")).isEmpty();
	}

	@Test
	void theLastEndedPeriodIsTheOneBeforeTheCurrent() {
		assertThat(ResetSchedule.parse("weekly").lastEndedBefore(Instant.parse("2026-11-23T00:00:00Z"))).map(Window::id)
			.contains("2026-W47");
		assertThat(ResetSchedule.parse("monthly").lastEndedBefore(Instant.parse("2026-03-01T00:00:00Z")))
			.map(Window::id)
			.contains("2026-02");
		assertThat(ResetSchedule.NONE.lastEndedBefore(Instant.parse("2026-03-01T00:00:00Z"))).isEmpty();
	}

}
