package io.leaderboard.api.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.leaderboard.InvalidParameterException;
import io.leaderboard.api.web.OpaqueCursors;

/**
 * Where a history page ended: the last submission's accepted time and id, the order the
 * history is listed in (newest first), not an offset. The next page starts strictly after
 * it, so submissions arriving meanwhile cannot shift later pages. Opaque to clients.
 */
record HistoryCursor(Instant acceptedAt, long id) {

	private static final Pattern FORMAT = Pattern.compile("h1\\|(-?\\d{1,19})\\|(\\d{1,19})");

	String encode() {
		return OpaqueCursors.encode("h1|" + ChronoUnit.MICROS.between(Instant.EPOCH, this.acceptedAt) + "|" + this.id);
	}

	/**
	 * @throws InvalidParameterException when the text is not a history cursor this API
	 * issued
	 */
	static HistoryCursor decode(String text) {
		try {
			Optional<Matcher> match = OpaqueCursors.match(text, FORMAT);
			if (match.isPresent()) {
				return new HistoryCursor(Instant.EPOCH.plus(Long.parseLong(match.get().group(1)), ChronoUnit.MICROS),
						Long.parseLong(match.get().group(2)));
			}
		}
		catch (NumberFormatException | ArithmeticException | DateTimeException ex) {
			// out of range: reported below
		}
		throw new InvalidParameterException("cursor",
				"is not a history cursor from this API; pass nextCursor from the previous page unchanged");
	}

}
