package io.leaderboard.api.leaderboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.leaderboard.api.leaderboard.RedisRankings.CohortRanking;
import io.leaderboard.api.leaderboard.RedisRankings.CohortStanding;
import io.leaderboard.api.leaderboard.RedisRankings.Found;
import io.leaderboard.api.leaderboard.RedisRankings.Ranked;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.Rankings.Scored;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages and standings answered by PostgreSQL, the source of truth, for when Redis cannot
 * answer. The order is the one Redis keeps: stored score, then stored subscore (0 on a
 * plain board), then when the pair was reached, then user id; hidden players are left out
 * the same way, and only strictly better pairs rank better.
 */
@Component
class PostgresRankings {

	private static final String VISIBLE = """
			WITH visible AS (
			  SELECT s.* FROM board_scores s
			  WHERE s.board = :board AND s.period = :period
			    AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id)
			)
			""";

	private static final String SQL_FIND_PAGE = VISIBLE + """
			, page AS (
			  SELECT * FROM visible
			  WHERE NOT :hasCursor OR (rank_score, rank_subscore, reached_at, user_id)
			                          > (:afterStored, :afterStoredSubscore, :afterReachedAt, :afterUserId)
			  ORDER BY rank_score, rank_subscore, reached_at, user_id
			  LIMIT :count
			), first AS (
			  SELECT rank_score, rank_subscore, reached_at, user_id FROM page
			  ORDER BY rank_score, rank_subscore, reached_at, user_id LIMIT 1
			), counts AS (
			  SELECT (SELECT count(*) FROM visible b
			          WHERE (b.rank_score, b.rank_subscore) < (f.rank_score, f.rank_subscore)) AS better,
			         (SELECT count(*) FROM visible b
			          WHERE (b.rank_score, b.rank_subscore, b.reached_at, b.user_id)
			                < (f.rank_score, f.rank_subscore, f.reached_at, f.user_id)) AS position
			  FROM first f
			)
			SELECT p.user_id, u.nick_name, p.score, p.rank_score, p.subscore, p.rank_subscore, p.reached_at,
			       p.updated_at, p.metadata::text AS metadata, p.games_played, p.wins, p.losses, p.draws, c.better,
			       c.position, (SELECT l.subscore_order FROM leaderboards l WHERE l.id = :board) AS subscore_order
			FROM page p JOIN users u ON u.id = p.user_id CROSS JOIN counts c
			ORDER BY p.rank_score, p.rank_subscore, p.reached_at, p.user_id
			""";

	/**
	 * The entry by its primary key first: a player with no (visible) entry costs one
	 * lookup, not a count over the board. The counts walk the ranking index.
	 */
	private static final String SQL_FIND_PLAYER = """
			SELECT me.user_id, u.nick_name, me.score, me.rank_score, me.subscore, me.rank_subscore, me.reached_at,
			       me.updated_at, me.metadata::text AS metadata, me.games_played, me.wins, me.losses, me.draws, (SELECT l.subscore_order FROM leaderboards l WHERE l.id = :board) AS subscore_order,
			       (SELECT count(*) FROM board_scores b
			        WHERE b.board = me.board AND b.period = me.period
			          AND (b.rank_score, b.rank_subscore) < (me.rank_score, me.rank_subscore)
			          AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = b.board AND h.user_id = b.user_id)
			       ) AS better,
			       (SELECT count(*) FROM board_scores b
			        WHERE b.board = me.board AND b.period = me.period
			          AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = b.board AND h.user_id = b.user_id)
			       ) AS total
			FROM board_scores me JOIN users u ON u.id = me.user_id
			WHERE me.board = :board AND me.period = :period AND me.user_id = :userId
			  AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = me.board AND h.user_id = me.user_id)
			""";

	private static final String SQL_COUNT_VISIBLE = VISIBLE + "SELECT count(*) FROM visible";

	/**
	 * The visible entries of the cohort of {@code me} (a board_cohorts row): its placed
	 * players with a score, hidden players left out.
	 */
	private static final String COHORT_ENTRIES = """
			board_cohorts c
			JOIN board_scores s ON s.board = c.board AND s.period = c.period AND s.user_id = c.user_id
			  AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id)
			""";

	private static final String SQL_FIND_COHORT_STANDING = """
			SELECT me.cohort,
			       1 + (SELECT count(*) FROM
			""" + COHORT_ENTRIES + """
			            WHERE c.board = me.board AND c.period = me.period AND c.cohort = me.cohort
			              AND (s.rank_score, s.rank_subscore) < (mine.rank_score, mine.rank_subscore)) AS rank,
			       (SELECT count(*) FROM
			""" + COHORT_ENTRIES + """
			        WHERE c.board = me.board AND c.period = me.period AND c.cohort = me.cohort) AS ranked
			FROM board_cohorts me
			JOIN board_scores mine ON mine.board = me.board AND mine.period = me.period AND mine.user_id = me.user_id
			WHERE me.board = :board AND me.period = :period AND me.user_id = :userId
			""";

	/**
	 * One row per visible player of the cohort in ranking order; one empty row for none.
	 */
	private static final String SQL_FIND_COHORT = """
			SELECT me.cohort,
			       (SELECT count(*) FROM board_cohorts a
			        WHERE a.board = me.board AND a.period = me.period AND a.cohort = me.cohort) AS size,
			       (SELECT l.subscore_order FROM leaderboards l WHERE l.id = me.board) AS subscore_order,
			       s.user_id, u.nick_name, s.score, s.rank_score, s.subscore, s.rank_subscore, s.reached_at,
			       s.updated_at, s.metadata::text AS metadata, s.games_played, s.wins, s.losses, s.draws
			FROM board_cohorts me
			LEFT JOIN (
			""" + COHORT_ENTRIES + """
			  JOIN users u ON u.id = s.user_id
			) ON c.board = me.board AND c.period = me.period AND c.cohort = me.cohort
			WHERE me.board = :board AND me.period = :period AND me.user_id = :userId
			ORDER BY s.rank_score, s.rank_subscore, s.reached_at, s.user_id
			""";

	private final JdbcClient jdbc;

	private final EventCodec codec;

	PostgresRankings(JdbcClient jdbc, EventCodec codec) {
		this.jdbc = jdbc;
		this.codec = codec;
	}

	@Transactional(readOnly = true)
	Slice page(String board, String period, int count, Cursor after) {
		List<Row> rows = this.jdbc.sql(SQL_FIND_PAGE)
			.param("board", board)
			.param("period", period)
			.param("count", count)
			.param("hasCursor", after != null)
			.param("afterStored", (after != null) ? after.stored() : 0L)
			.param("afterStoredSubscore", (after != null) ? Rankings.storedSubscore(after.member()) : 0L)
			.param("afterReachedAt",
					OffsetDateTime.ofInstant((after != null) ? Rankings.reachedAt(after.member()) : Instant.EPOCH,
							ZoneOffset.UTC))
			.param("afterUserId", (after != null) ? Rankings.userId(after.member()) : 0L)
			.query((rs, n) -> new Row(row(rs, period), rs.getLong("better"), rs.getLong("position")))
			.list();
		if (rows.isEmpty()) {
			return Slice.EMPTY;
		}
		List<Scored> players = new ArrayList<>();
		List<Cursor> cursors = new ArrayList<>();
		for (Row row : rows) {
			LeaderboardEntry entry = row.ranked().entry();
			players.add(new Scored(entry.userId(), entry.nickName(), entry.score(), entry.subscore(), entry.updatedAt(),
					entry.metadata()));
			cursors.add(row.ranked().cursor());
		}
		return new Slice(players, cursors, rows.get(0).better(), rows.get(0).position());
	}

	@Transactional(readOnly = true)
	Optional<Found> player(String board, String period, long userId) {
		return this.jdbc.sql(SQL_FIND_PLAYER)
			.param("board", board)
			.param("period", period)
			.param("userId", userId)
			.query((rs, n) -> {
				Ranked ranked = row(rs, period);
				LeaderboardEntry entry = ranked.entry();
				return new Found(new Ranked(
						new LeaderboardEntry(1 + rs.getLong("better"), entry.userId(), entry.nickName(), entry.score(),
								entry.subscore(), entry.updatedAt(), entry.metadata()),
						ranked.cursor(), ranked.gamesPlayed(), ranked.outcomes()), rs.getLong("total"));
			})
			.optional();
	}

	/** The number of visible players. */
	@Transactional(readOnly = true)
	long players(String board, String period) {
		return this.jdbc.sql(SQL_COUNT_VISIBLE)
			.param("board", board)
			.param("period", period)
			.query(Long.class)
			.single();
	}

	@Transactional(readOnly = true)
	Optional<CohortStanding> cohortStanding(String board, String period, long userId) {
		return this.jdbc.sql(SQL_FIND_COHORT_STANDING)
			.param("board", board)
			.param("period", period)
			.param("userId", userId)
			.query((rs, n) -> new CohortStanding(rs.getString("cohort"), rs.getLong("rank"), rs.getLong("ranked")))
			.optional();
	}

	@Transactional(readOnly = true)
	Optional<CohortRanking> cohort(String board, String period, long userId) {
		String[] cohort = { null };
		long[] size = { 0 };
		List<Scored> players = new ArrayList<>();
		this.jdbc.sql(SQL_FIND_COHORT)
			.param("board", board)
			.param("period", period)
			.param("userId", userId)
			.query((RowCallbackHandler) (rs) -> {
				cohort[0] = rs.getString("cohort");
				size[0] = rs.getLong("size");
				if (rs.getObject("user_id") != null) {
					LeaderboardEntry entry = row(rs, period).entry();
					players.add(new Scored(entry.userId(), entry.nickName(), entry.score(), entry.subscore(),
							entry.updatedAt(), entry.metadata()));
				}
			});
		return (cohort[0] != null) ? Optional.of(new CohortRanking(cohort[0], size[0], Rankings.fromTop(players)))
				: Optional.empty();
	}

	/** A row without its rank, which the caller assigns. */
	private Ranked row(ResultSet rs, String period) throws SQLException {
		return new Ranked(
				new LeaderboardEntry(0, rs.getLong("user_id"), rs.getString("nick_name"), rs.getLong("score"),
						(Long) rs.getObject("subscore"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
						this.codec.tree(rs.getString("metadata"))),
				Cursor.of(period, rs), rs.getLong("games_played"),
				new Outcomes(rs.getLong("wins"), rs.getLong("losses"), rs.getLong("draws")));
	}

	private record Row(Ranked ranked, long better, long position) {

	}

}
