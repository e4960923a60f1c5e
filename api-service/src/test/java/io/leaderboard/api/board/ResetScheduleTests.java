package io.leaderboard.api.board;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.leaderboard.api.board.ResetSchedule.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ResetScheduleTests {

	private static final Instant NOW = Instant.parse("2026-11-22T14:30:00Z");

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

	/**
	 * A board's {@code resetSchedule} and the {@code period} of a read both come from
	 * clients: any schedule text is a schedule or refused with a message, and any period
	 * id is one of the schedule's periods, with an end after its start, or not. An input
	 * is the schedule, a line break, then the period id.
	 */
	@FuzzTest(maxDuration = "1m")
	void anyScheduleAndPeriodIdIsReadOrRefused(byte[] input) {
		String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 2);
		String text = lines[0];
		String id = (lines.length > 1) ? lines[1] : "";
		Throwable refused = catchThrowable(() -> ResetSchedule.parse(text));
		if (refused != null) {
			assertThat(refused).isInstanceOf(IllegalArgumentException.class);
			assertThat(refused.getMessage()).startsWith("resetSchedule");
			return;
		}
		ResetSchedule schedule = ResetSchedule.parse(text);
		String current = schedule.periodAt(NOW).id();
		assertThat(schedule.isPeriodId(current)).as(current).isTrue();
		if (schedule.isPeriodId(id)) {
			schedule.window(id).ifPresent((window) -> assertThat(window.startsAt()).as(id).isBefore(window.endsAt()));
		}
		else {
			assertThat(schedule.window(id)).as(id).isEmpty();
		}
	}

}
