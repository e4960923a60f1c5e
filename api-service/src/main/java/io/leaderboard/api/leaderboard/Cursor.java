package io.leaderboard.api.leaderboard;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.web.OpaqueCursors;

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
		return OpaqueCursors.encode("1|" + this.period + "|" + this.stored + "|" + this.member);
	}

	/**
	 * @throws InvalidParameterException when the text is not a cursor this API issued
	 */
	static Cursor decode(String text) {
		try {
			Optional<Matcher> match = OpaqueCursors.match(text, FORMAT);
			if (match.isPresent()) {
				return new Cursor(match.get().group(1), Long.parseLong(match.get().group(2)), match.get().group(3));
			}
		}
		catch (NumberFormatException ex) {
			// out of range: reported below
		}
		throw new InvalidParameterException("cursor",
				"is not a cursor from this API; pass nextCursor from the previous page unchanged");
	}

}
