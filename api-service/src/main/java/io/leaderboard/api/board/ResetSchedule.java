package io.leaderboard.api.board;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.events.Boards;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a board starts a new ranking, always in UTC; weeks start on Monday (ISO weeks, so
 * {@code 2026-W53} belongs to the week-based year). A cron period is named by the UTC
 * instant it started.
 *
 * @param text the schedule as configured: {@code none}, {@code daily}, {@code weekly},
 * {@code monthly} or a cron expression (5 fields, or 6 with seconds first)
 */
public record ResetSchedule(String text, Kind kind, CronExpression cron) {

	public static final ResetSchedule NONE = new ResetSchedule("none", Kind.NONE, null);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
		.withResolverStyle(ResolverStyle.STRICT);

	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM", Locale.ROOT)
		.withResolverStyle(ResolverStyle.STRICT);

	private static final DateTimeFormatter CRON_START = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'",
			Locale.ROOT);

	private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

	/** How far back a cron period's start is looked for: each step is tried in turn. */
	private static final List<Duration> CRON_LOOKBACK = List.of(Duration.ofMinutes(1), Duration.ofHours(1),
			Duration.ofDays(1), Duration.ofDays(32), Duration.ofDays(367), Duration.ofDays(5 * 366));

	public enum Kind {

		NONE, DAILY, WEEKLY, MONTHLY, CRON

	}

	/**
	 * @throws IllegalArgumentException with a message for the client
	 */
	public static ResetSchedule parse(String text) {
		String value = (text == null) ? "none" : text.trim();
		switch (value) {
			case "none":
				return NONE;
			case "daily":
				return new ResetSchedule(value, Kind.DAILY, null);
			case "weekly":
				return new ResetSchedule(value, Kind.WEEKLY, null);
			case "monthly":
				return new ResetSchedule(value, Kind.MONTHLY, null);
			default:
				return cron(value);
		}
	}

	private static ResetSchedule cron(String value) {
		String[] fields = value.split("\\s+");
		if (fields.length != 5 && fields.length != 6) {
			throw new IllegalArgumentException("resetSchedule must be none, daily, weekly, monthly or a cron "
					+ "expression of 5 fields (or 6 with seconds first), such as \"0 6 * * *\"");
		}
		CronExpression cron;
		try {
			cron = CronExpression.parse((fields.length == 5) ? "0 " + value : value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("resetSchedule is not a valid cron expression: " + ex.getMessage());
		}
		if (cron.next(ZonedDateTime.now(ZoneOffset.UTC)) == null) {
			throw new IllegalArgumentException("resetSchedule never fires: " + value);
		}
		return new ResetSchedule(value, Kind.CRON, cron);
	}

	/** The period an instant belongs to. */
	public Period periodAt(Instant instant) {
		ZonedDateTime now = instant.atZone(ZoneOffset.UTC);
		LocalDate day = now.toLocalDate();
		return switch (this.kind) {
			case NONE -> new Period(Boards.ALL_TIME, null);
			case DAILY -> new Period(DAY.format(day), startOf(day.plusDays(1)));
			case WEEKLY -> {
				LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
				yield new Period(weekId(monday), startOf(monday.plusWeeks(1)));
			}
			case MONTHLY -> new Period(MONTH.format(day), startOf(YearMonth.from(day).plusMonths(1).atDay(1)));
			case CRON -> cronPeriod(now);
		};
	}

	/** Whether {@code id} names a period of this schedule, current or not. */
	public boolean isPeriodId(String id) {
		try {
			return switch (this.kind) {
				case NONE -> Boards.ALL_TIME.equals(id);
				case DAILY -> DAY.format(LocalDate.parse(id, DAY)).equals(id);
				case WEEKLY -> {
					var match = WEEK.matcher(id);
					if (!match.matches()) {
						yield false;
					}
					yield weekId(monday(match)).equals(id);
				}
				case MONTHLY -> MONTH.format(YearMonth.parse(id, MONTH)).equals(id);
				case CRON -> CRON_START.format(Instant.parse(id).atZone(ZoneOffset.UTC)).equals(id);
			};
		}
		catch (DateTimeException | NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * When the period {@code id} of this schedule starts and ends, or empty when the id
	 * is not one of its periods or the schedule never resets (its one period has no
	 * bounds).
	 */
	public Optional<Window> window(String id) {
		if (this.kind == Kind.NONE || !isPeriodId(id)) {
			return Optional.empty();
		}
		Instant start = switch (this.kind) {
			case DAILY -> startOf(LocalDate.parse(id, DAY));
			case WEEKLY -> {
				var match = WEEK.matcher(id);
				match.matches();
				yield startOf(monday(match));
			}
			case MONTHLY -> startOf(YearMonth.parse(id, MONTH).atDay(1));
			default -> Instant.parse(id);
		};
		Instant end = periodAt(start).nextResetAt();
		return (end != null) ? Optional.of(new Window(id, start, end)) : Optional.empty();
	}

	/**
	 * The period that ended last before {@code instant}, or empty for a schedule that
	 * never resets (or a cron that has not fired yet).
	 */
	public Optional<Window> lastEndedBefore(Instant instant) {
		Period current = periodAt(instant);
		return window(current.id()).flatMap((window) -> window(periodAt(window.startsAt().minusNanos(1)).id()))
			.filter((previous) -> !previous.id().equals(current.id()));
	}

	/**
	 * A period with its bounds: it holds the instants from {@code startsAt} to just
	 * before {@code endsAt}.
	 */
	public record Window(String id, Instant startsAt, Instant endsAt) {

	}

	private static LocalDate monday(Matcher week) {
		return LocalDate.of(Integer.parseInt(week.group(1)), 6, 1)
			.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(week.group(2)))
			.with(DayOfWeek.MONDAY);
	}

	private Period cronPeriod(ZonedDateTime now) {
		ZonedDateTime next = this.cron.next(now);
		ZonedDateTime start = null;
		for (Duration lookback : CRON_LOOKBACK) {
			ZonedDateTime fire = this.cron.next(now.minus(lookback));
			while (fire != null && !fire.isAfter(now)) {
				start = fire;
				fire = this.cron.next(fire);
			}
			if (start != null) {
				break;
			}
		}
		// before its first firing in five years a cron board is in one "initial" period
		String id = (start != null) ? CRON_START.format(start) : "1970-01-01T00:00:00Z";
		return new Period(id, (next != null) ? next.toInstant() : null);
	}

	private static String weekId(LocalDate monday) {
		return String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
				monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
	}

	private static Instant startOf(LocalDate day) {
		return day.atStartOfDay(ZoneOffset.UTC).toInstant().truncatedTo(ChronoUnit.SECONDS);
	}

}
