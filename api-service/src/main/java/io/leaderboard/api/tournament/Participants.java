package io.leaderboard.api.tournament;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.leaderboard.InvalidParameterException;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the players who joined a board's period from PostgreSQL, where joins live (they
 * change no ranking, so Redis holds none of them). Hidden players are left out, as from
 * every read of the board.
 */
@Component
class Participants {

	/**
	 * The period's size, and a page walked along the join order's index; the size comes
	 * back even when the page is empty (a row with no player).
	 */
	private static final String SQL_FIND_PAGE = """
			SELECT coalesce((SELECT size FROM tournament_sizes WHERE board = :board AND period = :period), 0) AS size,
			       p.position, p.user_id, p.nick_name, p.joined_at
			FROM (SELECT 1) one
			LEFT JOIN LATERAL (
			  SELECT t.position, t.user_id, u.nick_name, t.joined_at
			  FROM tournament_players t JOIN users u ON u.id = t.user_id
			  WHERE t.board = :board AND t.period = :period AND t.position > :after
			    AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = t.board AND h.user_id = t.user_id)
			  ORDER BY t.position
			  LIMIT :count
			) p ON true
			""";

	private final JdbcClient jdbc;

	private final Clock clock;

	Participants(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @param period the period to list, null for the one players join now
	 * @param cursorText where the previous page ended, null for the first page
	 * @throws TournamentRefusal when the board takes no joins
	 */
	@Transactional(readOnly = true)
	ParticipantsPage page(Board board, String period, int limit, String cursorText) {
		if (!board.competition().joinRequired()) {
			throw TournamentRefusal.joinNotRequired(board);
		}
		ParticipantsCursor after = (cursorText != null) ? ParticipantsCursor.decode(cursorText) : null;
		String listed = listed(board, period, after);
		int[] size = new int[1];
		List<Row> rows = new ArrayList<>();
		// one more than asked tells whether another page follows
		this.jdbc.sql(SQL_FIND_PAGE)
			.param("board", board.id())
			.param("period", listed)
			.param("after", (after != null) ? after.position() : 0)
			.param("count", limit + 1)
			.query((RowCallbackHandler) (rs) -> {
				size[0] = rs.getInt("size");
				if (rs.getObject("user_id") != null) {
					rows.add(row(rs));
				}
			});
		List<ParticipantsPage.Participant> participants = rows.stream().limit(limit).map(Row::participant).toList();
		String nextCursor = (rows.size() > limit)
				? new ParticipantsCursor(listed, rows.get(limit - 1).position()).encode() : null;
		return new ParticipantsPage(board.id(), listed, size[0], board.competition().maxSize(), participants,
				nextCursor);
	}

	/** The period asked for, the cursor's, or the one players join now. */
	private String listed(Board board, String period, ParticipantsCursor after) {
		if (period != null && !board.resetSchedule().isPeriodId(period)) {
			throw InvalidParameterException.notAPeriodOf(board, period, this.clock.instant());
		}
		if (after != null) {
			if (period != null && !period.equals(after.period())) {
				throw new InvalidParameterException("cursor",
						"pages period " + after.period() + ", not " + period + "; pass it without period");
			}
			return after.period();
		}
		return (period != null) ? period : Enrolment.periodToJoin(board, this.clock.instant());
	}

	private static Row row(ResultSet rs) throws SQLException {
		return new Row(rs.getInt("position"), new ParticipantsPage.Participant(rs.getLong("user_id"),
				rs.getString("nick_name"), rs.getObject("joined_at", OffsetDateTime.class).toInstant()));
	}

	private record Row(int position, ParticipantsPage.Participant participant) {

	}

}
