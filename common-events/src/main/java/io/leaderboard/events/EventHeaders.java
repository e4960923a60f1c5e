package io.leaderboard.events;

/**
 * Names of the record headers that travel with every record the outbox publisher sends
 * ({@link Topics#SCORE_EVENTS}, {@link Topics#LEADERBOARD_PERIODS}). (Kept apart from
 * {@link Topics}, whose constants name topics.)
 */
public final class EventHeaders {

	/**
	 * The record header naming the event in a {@link Topics#SCORE_EVENTS} record:
	 * {@link ScoreChanged#TYPE}, {@link EntryRemoved#TYPE}, {@link PlayerHidden#TYPE} or
	 * {@link PlayerShown#TYPE}, and {@link PeriodClosed#TYPE} on
	 * {@link Topics#LEADERBOARD_PERIODS}. A record without it is a {@code ScoreChanged},
	 * the only event there used to be.
	 */
	public static final String EVENT_TYPE = "eventType";

	/** The record header with the payload's schema version. */
	public static final String SCHEMA_VERSION = "schemaVersion";

	private EventHeaders() {
	}

}
