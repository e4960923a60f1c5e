package io.leaderboard.api.period;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.leaderboard.InvalidParameterException;

/**
 * Where a page of periods or results ended, opaque to clients (base64url). The next page
 * starts strictly after it, by position in a fixed order, never by offset: closed periods
 * and frozen results do not move, so pages never repeat or skip an entry.
 */
final class PageCursor {

	private static final Pattern PERIOD = Pattern.compile("p1\\|(-?\\d{1,18})\\|([A-Za-z0-9:-]{1,32})");

	private static final Pattern RESULT = Pattern.compile("r1\\|(\\d{1,18})\\|(\\d{1,18})");

	private PageCursor() {
	}

	/** After a period, in the order newest first: its end, then its id. */
	record AfterPeriod(Instant endsAt, String period) {

		String encode() {
			return PageCursor.encode("p1|" + this.endsAt.toEpochMilli() + "|" + this.period);
		}

		static AfterPeriod decode(String text) {
			Matcher match = PageCursor.decode(text, PERIOD);
			return new AfterPeriod(Instant.ofEpochMilli(Long.parseLong(match.group(1))), match.group(2));
		}

	}

	/** After a result, in rank order: its rank, then its place among equal ranks. */
	record AfterResult(long rank, long position) {

		String encode() {
			return PageCursor.encode("r1|" + this.rank + "|" + this.position);
		}

		static AfterResult decode(String text) {
			Matcher match = PageCursor.decode(text, RESULT);
			return new AfterResult(Long.parseLong(match.group(1)), Long.parseLong(match.group(2)));
		}

	}

	private static String encode(String plain) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws InvalidParameterException when the text is not a cursor of this kind
	 */
	private static Matcher decode(String text, Pattern format) {
		try {
			Matcher match = format.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
			if (match.matches()) {
				return match;
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64: reported below
		}
		throw new InvalidParameterException("cursor",
				"is not a cursor of this list; pass nextCursor from the previous page unchanged");
	}

}
