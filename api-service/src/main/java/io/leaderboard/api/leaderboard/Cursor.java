package io.leaderboard.api.leaderboard;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page ended: the last entry's position in the ranking order (stored score, then
 * member), not an offset. The next page starts strictly after it, so entries that move or
 * arrive above it cannot shift later pages. Opaque to clients.
 *
 * @param period the period paged, so a page never jumps to a new period mid-way
 * @param stored the last entry's stored score
 * @param member the last entry's member
 */
record Cursor(String period, long stored, String member) {

	private static final Pattern FORMAT = Pattern.compile("1\\|([A-Za-z0-9:-]{1,32})\\|(-?\\d{1,19})\\|(\\d{35})");

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					("1|" + this.period + "|" + this.stored + "|" + this.member).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws InvalidParameterException when the text is not a cursor this API issued
	 */
	static Cursor decode(String text) {
		try {
			Matcher match = FORMAT.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
			if (match.matches()) {
				return new Cursor(match.group(1), Long.parseLong(match.group(2)), match.group(3));
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64 or out of range: reported below
		}
		throw new InvalidParameterException("cursor",
				"is not a cursor from this API; pass nextCursor from the previous page unchanged");
	}

}
