package io.leaderboard.api.period;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.leaderboard.InvalidParameterException;
import io.leaderboard.api.web.OpaqueCursors;

/**
 * Where a page of periods or results ended, opaque to clients (base64url). The next page
 * starts strictly after it, by position in a fixed order, never by offset: closed periods
 * and frozen results do not move, so pages never repeat or skip an entry.
 */
final class PageCursor {

	private static final Pattern PERIOD = Pattern.compile("p1\\|(-?\\d{1,18})\\|([A-Za-z0-9:-]{1,32})");

	/**
	 * The earliest end a period can have in PostgreSQL's timestamps, with room to spare.
	 */
	private static final Instant FIRST_END = Instant.parse("0001-01-01T00:00:00Z");

	private static final Pattern RESULT = Pattern.compile("r1\\|(\\d{1,18})\\|(\\d{1,18})");

	private PageCursor() {
	}

	/** After a period, in the order newest first: its end, then its id. */
	record AfterPeriod(Instant endsAt, String period) {

		String encode() {
			return OpaqueCursors.encode("p1|" + this.endsAt.toEpochMilli() + "|" + this.period);
		}

		/**
		 * Every end this API puts in a cursor is a period's end or {@code END_OF_TIME},
		 * within PostgreSQL's timestamps; any other is refused, not sent to the database
		 * (which failed on it: a 500 found by {@code HttpRequestFuzzIntegrationTests}).
		 */
		static AfterPeriod decode(String text) {
			Matcher match = PageCursor.decode(text, PERIOD);
			Instant endsAt = Instant.ofEpochMilli(Long.parseLong(match.group(1)));
			if (endsAt.isBefore(FIRST_END) || endsAt.isAfter(PeriodReads.END_OF_TIME)) {
				throw notACursor();
			}
			return new AfterPeriod(endsAt, match.group(2));
		}

	}

	/** After a result, in rank order: its rank, then its place among equal ranks. */
	record AfterResult(long rank, long position) {

		String encode() {
			return OpaqueCursors.encode("r1|" + this.rank + "|" + this.position);
		}

		static AfterResult decode(String text) {
			Matcher match = PageCursor.decode(text, RESULT);
			return new AfterResult(Long.parseLong(match.group(1)), Long.parseLong(match.group(2)));
		}

	}

	/**
	 * @throws InvalidParameterException when the text is not a cursor of this kind
	 */
	private static Matcher decode(String text, Pattern format) {
		return OpaqueCursors.match(text, format).orElseThrow(PageCursor::notACursor);
	}

	private static InvalidParameterException notACursor() {
		return new InvalidParameterException("cursor",
				"is not a cursor of this list; pass nextCursor from the previous page unchanged");
	}

}
