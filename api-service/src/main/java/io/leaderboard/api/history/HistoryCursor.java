package io.leaderboard.api.history;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.leaderboard.InvalidParameterException;

/**
 * Where a history page ended: the last submission's accepted time and id, the order the
 * history is listed in (newest first), not an offset. The next page starts strictly after
 * it, so submissions arriving meanwhile cannot shift later pages. Opaque to clients.
 */
record HistoryCursor(Instant acceptedAt, long id) {

	private static final Pattern FORMAT = Pattern.compile("h1\\|(-?\\d{1,19})\\|(\\d{1,19})");

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("h1|" + ChronoUnit.MICROS.between(Instant.EPOCH, this.acceptedAt) + "|" + this.id)
				.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws InvalidParameterException when the text is not a history cursor this API
	 * issued
	 */
	static HistoryCursor decode(String text) {
		try {
			Matcher match = FORMAT.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
			if (match.matches()) {
				return new HistoryCursor(Instant.EPOCH.plus(Long.parseLong(match.group(1)), ChronoUnit.MICROS),
						Long.parseLong(match.group(2)));
			}
		}
		catch (IllegalArgumentException | ArithmeticException | DateTimeException ex) {
			// not base64, or out of range: reported below
		}
		throw new InvalidParameterException("cursor",
				"is not a history cursor from this API; pass nextCursor from the previous page unchanged");
	}

}
