package io.leaderboard.api.period;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.Period;
import io.leaderboard.api.board.ResetSchedule.Window;
import io.leaderboard.api.period.PageCursor.AfterPeriod;
import io.leaderboard.api.period.PageCursor.AfterResult;
import io.leaderboard.api.period.Views.HistoryPage;
import io.leaderboard.api.period.Views.PeriodSummary;
import io.leaderboard.api.period.Views.PeriodsPage;
import io.leaderboard.api.period.Views.PlayerResult;
import io.leaderboard.api.period.Views.ResultsPage;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.PeriodResult;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of closed periods, from PostgreSQL, where they are frozen; each page is one
 * statement, so it shows one revision of a period. Only the open period's player count
 * comes from Redis (the visible players of the projection), counted in PostgreSQL when
 * Redis cannot answer.
 */
@Service
class PeriodReads {

	private static final Logger logger = LoggerFactory.getLogger(PeriodReads.class);

	private static final String SQL_FIND_CLOSED = """
			SELECT period, starts_at, ends_at, players FROM closed_periods
			WHERE board = :board AND (NOT :hasCursor OR (ends_at, period) < (:afterEndsAt, :afterPeriod))
			ORDER BY ends_at DESC, period DESC
			LIMIT :count
			""";

	private static final String SQL_FIND_RESULTS = """
			SELECT c.closed_at, c.revision, r.rank, r.position, r.user_id, r.nick_name, r.score, r.subscore,
			       r.metadata::text AS metadata, r.tier
			FROM closed_periods c
			LEFT JOIN LATERAL (
			  SELECT * FROM period_results r
			  WHERE r.board = c.board AND r.period = c.period AND (r.rank, r.position) > (:afterRank, :afterPosition)
			  ORDER BY r.rank, r.position
			  LIMIT :count
			) r ON true
			WHERE c.board = :board AND c.period = :period
			ORDER BY r.rank, r.position
			""";

	private static final String SQL_FIND_HISTORY = """
			WITH best AS (
			  SELECT min(rank) AS best_rank FROM period_results WHERE board = :board AND user_id = :userId
			)
			SELECT b.best_rank, h.period, h.rank, h.score, h.players, h.ends_at, h.tier, h.cohort, h.cohort_rank
			FROM best b
			LEFT JOIN LATERAL (
			  SELECT r.period, r.rank, r.score, c.players, c.ends_at, r.tier, r.cohort, r.cohort_rank
			  FROM period_results r JOIN closed_periods c ON c.board = r.board AND c.period = r.period
			  WHERE r.board = :board AND r.user_id = :userId
			    AND (NOT :hasCursor OR (c.ends_at, c.period) < (:afterEndsAt, :afterPeriod))
			  ORDER BY c.ends_at DESC, c.period DESC
			  LIMIT :count
			) h ON true
			ORDER BY h.ends_at DESC, h.period DESC
			""";

	private static final String SQL_COUNT_VISIBLE = """
			SELECT count(*) FROM board_scores s
			WHERE s.board = :board AND s.period = :period
			  AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id)
			""";

	/** After the open period, for a board that never resets: before every closed one. */
	static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

	private final JdbcClient jdbc;

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	private final Clock clock;

	PeriodReads(JdbcClient jdbc, StringRedisTemplate redis, EventCodec codec, Clock clock) {
		this.jdbc = jdbc;
		this.redis = redis;
		this.codec = codec;
		this.clock = clock;
	}

	/** The open period first (on the first page), then the closed ones, newest first. */
	@Transactional(readOnly = true)
	PeriodsPage periods(Board board, int limit, String cursorText) {
		AfterPeriod after = (cursorText != null) ? AfterPeriod.decode(cursorText) : null;
		List<PeriodSummary> entries = new ArrayList<>();
		if (after == null) {
			Period current = board.periodAt(this.clock.instant());
			Optional<Window> window = board.resetSchedule().window(current.id());
			entries.add(new PeriodSummary(current.id(), window.map(Window::startsAt).orElse(null),
					window.map(Window::endsAt).orElse(null), "open", openPlayers(board, current.id())));
			after = new AfterPeriod(window.map(Window::endsAt).orElse(END_OF_TIME), current.id());
		}
		int wanted = limit - entries.size();
		// one more than asked tells whether another page follows
		List<PeriodSummary> closed = this.jdbc.sql(SQL_FIND_CLOSED)
			.param("board", board.id())
			.param("hasCursor", true)
			.param("afterEndsAt", utc(after.endsAt()))
			.param("afterPeriod", after.period())
			.param("count", wanted + 1)
			.query((rs, row) -> new PeriodSummary(rs.getString("period"), instant(rs, "starts_at"),
					instant(rs, "ends_at"), "closed", rs.getLong("players")))
			.list();
		entries.addAll(closed.subList(0, Math.min(wanted, closed.size())));
		String nextCursor = null;
		if (closed.size() > wanted) {
			PeriodSummary last = entries.get(entries.size() - 1);
			nextCursor = new AfterPeriod((last.endsAt() != null) ? last.endsAt() : END_OF_TIME, last.period()).encode();
		}
		return new PeriodsPage(board.id(), entries, nextCursor);
	}

	/**
	 * A row of period_results (rank, user_id, nick_name, score, subscore, metadata,
	 * tier).
	 */
	static PeriodResult result(ResultSet rs, EventCodec codec) throws SQLException {
		return new PeriodResult(rs.getLong("rank"), rs.getLong("user_id"), rs.getString("nick_name"),
				rs.getLong("score"), (Long) rs.getObject("subscore"), codec.tree(rs.getString("metadata")),
				rs.getString("tier"));
	}

	/**
	 * @throws PeriodNotClosedException when the board has no closed period of that id
	 */
	@Transactional(readOnly = true)
	ResultsPage results(Board board, String period, int limit, String cursorText) {
		AfterResult after = (cursorText != null) ? AfterResult.decode(cursorText) : new AfterResult(0, 0);
		List<Row> rows = this.jdbc.sql(SQL_FIND_RESULTS)
			.param("board", board.id())
			.param("period", period)
			.param("afterRank", after.rank())
			.param("afterPosition", after.position())
			.param("count", limit + 1)
			.query((rs, row) -> new Row(instant(rs, "closed_at"), rs.getLong("revision"),
					(rs.getObject("rank") != null) ? new Positioned(result(rs, this.codec), rs.getLong("position"))
							: null))
			.list();
		if (rows.isEmpty()) {
			throw new PeriodNotClosedException(board.id(), period);
		}
		List<Positioned> results = rows.stream().map(Row::result).filter((result) -> result != null).toList();
		List<PeriodResult> entries = results.subList(0, Math.min(limit, results.size()))
			.stream()
			.map(Positioned::result)
			.toList();
		String nextCursor = null;
		if (results.size() > limit) {
			Positioned last = results.get(limit - 1);
			nextCursor = new AfterResult(last.result().rank(), last.position()).encode();
		}
		return new ResultsPage(board.id(), period, rows.get(0).closedAt(), rows.get(0).revision(), entries, nextCursor);
	}

	@Transactional(readOnly = true)
	HistoryPage history(Board board, long userId, int limit, String cursorText) {
		AfterPeriod after = (cursorText != null) ? AfterPeriod.decode(cursorText) : null;
		List<HistoryRow> rows = this.jdbc.sql(SQL_FIND_HISTORY)
			.param("board", board.id())
			.param("userId", userId)
			.param("hasCursor", after != null)
			.param("afterEndsAt", utc((after != null) ? after.endsAt() : END_OF_TIME))
			.param("afterPeriod", (after != null) ? after.period() : "")
			.param("count", limit + 1)
			.query((rs, row) -> new HistoryRow(rs.getObject("best_rank", Long.class),
					(rs.getString("period") != null) ? result(rs) : null,
					(rs.getString("period") != null) ? instant(rs, "ends_at") : null))
			.list();
		Long bestRank = rows.get(0).bestRank();
		List<HistoryRow> found = rows.stream().filter((row) -> row.result() != null).toList();
		List<PlayerResult> entries = found.subList(0, Math.min(limit, found.size()))
			.stream()
			.map(HistoryRow::result)
			.toList();
		String nextCursor = null;
		if (found.size() > limit) {
			HistoryRow last = found.get(limit - 1);
			nextCursor = new AfterPeriod(last.endsAt(), last.result().period()).encode();
		}
		return new HistoryPage(board.id(), userId, entries, bestRank, nextCursor);
	}

	private long openPlayers(Board board, String period) {
		try {
			long players = 0;
			for (LeaderboardKeys shard : board.placement().all(period)) {
				Long counted = this.redis.opsForZSet().zCard(shard.scores());
				players += (counted != null) ? counted : 0;
			}
			return players;
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot count the players of {}, counting in PostgreSQL: {}", board.id(),
					ex.getMessage());
			return this.jdbc.sql(SQL_COUNT_VISIBLE)
				.param("board", board.id())
				.param("period", period)
				.query(Long.class)
				.single();
		}
	}

	private static PlayerResult result(ResultSet rs) throws SQLException {
		long rank = rs.getLong("rank");
		long players = Math.max(rs.getLong("players"), rank);
		// as a live standing: the share of players ranked at or below this one
		double percentile = Math.round((players - rank + 1) * 10_000.0 / players) / 100.0;
		return new PlayerResult(rs.getString("period"), rank, rs.getLong("score"), players, percentile,
				rs.getString("tier"), rs.getString("cohort"), rs.getObject("cohort_rank", Long.class));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private record Positioned(PeriodResult result, long position) {

	}

	private record Row(Instant closedAt, long revision, Positioned result) {

	}

	private record HistoryRow(Long bestRank, PlayerResult result, Instant endsAt) {

	}

}
