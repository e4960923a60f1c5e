package io.leaderboard.api.tournament;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.leaderboard.InvalidParameterException;
import io.leaderboard.api.web.OpaqueCursors;

/**
 * Where a page of participants ended: the period listed and the last one's place in the
 * join order. Later joins take later places, so they cannot shift the pages that follow.
 * Opaque to clients.
 */
record ParticipantsCursor(String period, int position) {

	private static final Pattern FORMAT = Pattern.compile("j1\\|([A-Za-z0-9:-]{1,32})\\|(\\d{1,10})");

	String encode() {
		return OpaqueCursors.encode("j1|" + this.period + "|" + this.position);
	}

	/**
	 * @throws InvalidParameterException when the text is not a participants cursor this
	 * API issued
	 */
	static ParticipantsCursor decode(String text) {
		try {
			Optional<Matcher> match = OpaqueCursors.match(text, FORMAT);
			if (match.isPresent()) {
				return new ParticipantsCursor(match.get().group(1), Integer.parseInt(match.get().group(2)));
			}
		}
		catch (NumberFormatException ex) {
			// out of range: reported below
		}
		throw new InvalidParameterException("cursor",
				"is not a participants cursor from this API; pass nextCursor from the previous page unchanged");
	}

}
