package io.leaderboard.api.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.leaderboard.InvalidParameterException;
import io.leaderboard.events.EventCodec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a player's submission history on a board from PostgreSQL, where it lives (Redis
 * holds none of it). A board's history lists the submissions made to it and those made to
 * a board that links to it, each with the period it counted in on this board.
 */
@Component
class SubmissionHistory {

	/**
	 * One newest-first walk of the history index per board the submissions may come from
	 * (this one and the boards linking to it), each stopping after a page, then the
	 * newest page of all: a lateral lookup per board is planned the same with or without
	 * statistics, and never reads a player's other boards. A submission to a board that
	 * links here counts only if it fed this board (the link may be newer than it).
	 */
	private static final String SQL_FIND_PAGE = """
			SELECT h.id, h.period, h.score, h.subscore, h.outcome, CAST(h.metadata AS text) AS metadata, h.accepted_at,
			       h.status, h.voided_at, h.void_reason
			FROM unnest(CAST(:sources AS varchar[])) AS source(board)
			CROSS JOIN LATERAL (
			  SELECT s.id, s.accepted_at, s.score, s.subscore, s.outcome, s.metadata, s.status, s.voided_at,
			         s.void_reason,
			         CASE WHEN s.board = :board THEN s.period
			              ELSE s.linked_periods[array_position(s.linked_boards, CAST(:board AS varchar))] END AS period
			  FROM submissions s
			  WHERE s.user_id = :userId AND s.board = source.board
			    AND (s.board = :board OR :board = ANY (s.linked_boards))
			    AND (NOT :hasCursor OR (s.accepted_at, s.id) < (:afterAt, :afterId))
			    AND (NOT :hasPeriod OR :period = CASE WHEN s.board = :board THEN s.period
			         ELSE s.linked_periods[array_position(s.linked_boards, CAST(:board AS varchar))] END)
			  ORDER BY s.accepted_at DESC, s.id DESC
			  LIMIT :count
			) h
			ORDER BY h.accepted_at DESC, h.id DESC
			LIMIT :count
			""";

	private final JdbcClient jdbc;

	private final BoardCatalog catalog;

	private final EventCodec codec;

	private final Clock clock;

	SubmissionHistory(JdbcClient jdbc, BoardCatalog catalog, EventCodec codec, Clock clock) {
		this.jdbc = jdbc;
		this.catalog = catalog;
		this.codec = codec;
		this.clock = clock;
	}

	/**
	 * @param period only submissions that counted in this period of the board, or every
	 * period when null
	 * @param cursorText where the previous page ended, or null for the newest
	 */
	@Transactional(readOnly = true)
	HistoryPage page(Board board, long userId, String period, int limit, String cursorText) {
		HistoryCursor after = (cursorText != null) ? HistoryCursor.decode(cursorText) : null;
		if (period != null && !board.resetSchedule().isPeriodId(period)) {
			throw InvalidParameterException.notAPeriodOf(board, period, this.clock.instant());
		}
		// one more than asked tells whether another page follows
		List<Row> rows = this.jdbc.sql(SQL_FIND_PAGE)
			.param("sources", sources(board))
			.param("board", board.id())
			.param("userId", userId)
			.param("hasCursor", after != null)
			.param("afterAt",
					OffsetDateTime.ofInstant((after != null) ? after.acceptedAt() : Instant.EPOCH, ZoneOffset.UTC))
			.param("afterId", (after != null) ? after.id() : 0L)
			.param("hasPeriod", period != null)
			.param("period", (period != null) ? period : "")
			.param("count", limit + 1)
			.query(this::row)
			.list();
		List<HistoryPage.Entry> entries = rows.stream().limit(limit).map(Row::entry).toList();
		String nextCursor = (rows.size() > limit) ? rows.get(limit - 1).cursor().encode() : null;
		return new HistoryPage(board.id(), userId, entries, nextCursor);
	}

	/** The board, and every board that links to it: submissions to those fed it too. */
	private String[] sources(Board board) {
		List<String> sources = new ArrayList<>();
		sources.add(board.id());
		this.catalog.all()
			.stream()
			.filter((other) -> other.linkedBoards().contains(board.id()) && !other.id().equals(board.id()))
			.forEach((other) -> sources.add(other.id()));
		return sources.toArray(String[]::new);
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		Instant acceptedAt = rs.getObject("accepted_at", OffsetDateTime.class).toInstant();
		long id = rs.getLong("id");
		return new Row(new HistoryPage.Entry(id, rs.getString("period"), rs.getLong("score"),
				(Long) rs.getObject("subscore"), rs.getString("outcome"), this.codec.tree(rs.getString("metadata")),
				acceptedAt, rs.getString("status"), (rs.getObject("voided_at") != null)
						? rs.getObject("voided_at", OffsetDateTime.class).toInstant() : null,
				rs.getString("void_reason")), new HistoryCursor(acceptedAt, id));
	}

	private record Row(HistoryPage.Entry entry, HistoryCursor cursor) {

	}

}
