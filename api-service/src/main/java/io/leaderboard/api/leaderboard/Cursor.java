package io.leaderboard.api.leaderboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leaderboard.api.web.OpaqueCursors;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;

/**
 * Where a page ended: the last entry's position in the ranking order (stored score, then
 * member), not an offset. The next page starts strictly after it, so entries that move or
 * arrive above it cannot shift later pages. Opaque to clients.
 *
 * @param period the period paged, so a page never jumps to a new period mid-way
 * @param stored the last entry's stored score
 * @param member the last entry's member (with its tie break on a board with a subscore)
 */
record Cursor(String period, long stored, String member) {

	private static final Pattern FORMAT = Pattern
		.compile("1\\|([A-Za-z0-9:-]{1,32})\\|(-?\\d{1,19})\\|((?:[ad]\\d{17})?\\d{35})");

	/**
	 * The place of a row of PostgreSQL's ranking, byte for byte the member the projection
	 * gives the entry: the row's {@code rank_score}, {@code rank_subscore},
	 * {@code subscore_order} (the board's, null on a plain board), {@code reached_at} and
	 * {@code user_id}.
	 */
	static Cursor of(String period, ResultSet rs) throws SQLException {
		String subscoreOrder = rs.getString("subscore_order");
		String tieBreak = (subscoreOrder != null)
				? Rankings.tieBreakOfStored(SortOrder.of(subscoreOrder), rs.getLong("rank_subscore")) : "";
		return new Cursor(period, rs.getLong("rank_score"), Rankings.member(tieBreak,
				rs.getObject("reached_at", OffsetDateTime.class).toInstant(), rs.getLong("user_id")));
	}

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
