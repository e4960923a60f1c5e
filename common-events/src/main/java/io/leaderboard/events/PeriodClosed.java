package io.leaderboard.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A board period ended and its final standings were frozen in PostgreSQL
 * ({@code period_results}), committed together with this event. Travels on
 * {@link Topics#LEADERBOARD_PERIODS}, keyed by board; this is what a studio's reward
 * service consumes.
 *
 * <p>
 * The outbox delivers at least once, so a consumer may see a revision twice: the pair
 * ({@code board}, {@code period}) names the period and {@code revision} its version of
 * the results (1 when it closed; a correction, such as a voided score, publishes the
 * corrected results with a higher revision). A consumer acts on a revision once and
 * ignores any revision not newer than the last it applied.
 *
 * @param nextPeriod the period that follows, the one spectators see next
 * @param closedAt when this revision was frozen: the time it happened
 * @param players how many visible players the frozen results hold
 * @param top the first {@value #TOP_SIZE} of the results in rank order (ties share a
 * rank, so the last rank may continue past them)
 */
public record PeriodClosed(int schemaVersion, String board, String period, String nextPeriod, Instant startsAt,
		Instant endsAt, Instant closedAt, long revision, long players, List<PeriodResult> top) {

	public static final int SCHEMA_VERSION = 1;

	/** The {@code eventType} header and the outbox's {@code event_type}. */
	public static final String TYPE = "PeriodClosed";

	/** How many of the results the event carries; the rest are read over HTTP. */
	public static final int TOP_SIZE = 100;

	public PeriodClosed {
		Objects.requireNonNull(board, "board");
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(closedAt, "closedAt");
		if (revision < 1) {
			throw new IllegalArgumentException("revision must be positive: " + revision);
		}
		top = List.copyOf(top);
	}

	/** The Kafka key: every revision of a board's periods on one partition, in order. */
	public String key() {
		return this.board;
	}

}
