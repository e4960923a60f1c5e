package io.leaderboard.api.leaderboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.leaderboard.api.leaderboard.RedisRankings.Found;
import io.leaderboard.api.leaderboard.RedisRankings.Players;
import io.leaderboard.api.leaderboard.RedisRankings.Ranked;
import io.leaderboard.api.leaderboard.RedisRankings.Stats;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardEntry;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.Rankings.Scored;
import io.leaderboard.events.SortOrder;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads of a closed period that has left Redis, answered from its frozen results
 * ({@code period_results}). The results keep every entry's rank, its place in the ranking
 * order and what the live reads show of it, so these answers are the JSON, the ranks and
 * the cursors the projection gave before the period left Redis.
 */
@Component
class FrozenRankings {

	private static final String SQL_IS_FROZEN = """
			SELECT NOT hot FROM closed_periods WHERE board = :board AND period = :period
			""";

	private static final String SQL_FIND_PAGE = """
			SELECT user_id, nick_name, score, metadata::text AS metadata, rank, position, rank_score, reached_at,
			       updated_at, games_played, wins, losses, draws, subscore, rank_subscore, (SELECT l.subscore_order FROM leaderboards l WHERE l.id = :board) AS subscore_order
			FROM period_results
			WHERE board = :board AND period = :period
			  AND (NOT :hasCursor OR (rank_score, rank_subscore, reached_at, user_id)
			                         > (:afterStored, :afterStoredSubscore, :afterReachedAt, :afterUserId))
			ORDER BY rank_score, rank_subscore, reached_at, user_id
			LIMIT :count
			""";

	private static final String SQL_FIND_AROUND = """
			SELECT r.user_id, r.nick_name, r.score, r.metadata::text AS metadata, r.rank, r.position, r.rank_score,
			       r.reached_at, r.updated_at, r.games_played, r.wins, r.losses, r.draws, r.subscore, r.rank_subscore,
			       (SELECT l.subscore_order FROM leaderboards l WHERE l.id = :board) AS subscore_order
			FROM period_results me
			JOIN period_results r ON r.board = me.board AND r.period = me.period
			  AND r.position BETWEEN me.position - :radius AND me.position + :radius
			WHERE me.board = :board AND me.period = :period AND me.user_id = :userId
			ORDER BY r.position
			""";

	/** In the ranking order, as the projection answers them. */
	private static final String SQL_FIND_PLAYERS = """
			SELECT r.user_id, r.nick_name, r.score, r.metadata::text AS metadata, r.rank, r.position, r.rank_score,
			       r.reached_at, r.updated_at, r.games_played, r.wins, r.losses, r.draws, r.subscore, r.rank_subscore,
			       (SELECT l.subscore_order FROM leaderboards l WHERE l.id = :board) AS subscore_order, c.players
			FROM closed_periods c
			JOIN period_results r ON r.board = c.board AND r.period = c.period
			  AND r.user_id = ANY (CAST(:userIds AS bigint[]))
			WHERE c.board = :board AND c.period = :period
			ORDER BY r.position
			""";

	private static final String SQL_COUNT_PLAYERS = """
			SELECT players FROM closed_periods WHERE board = :board AND period = :period
			""";

	private static final String SQL_FIND_AT_POSITIONS = """
			SELECT position, score FROM period_results
			WHERE board = :board AND period = :period AND position = ANY (CAST(:positions AS bigint[]))
			""";

	private final JdbcClient jdbc;

	private final EventCodec codec;

	FrozenRankings(JdbcClient jdbc, EventCodec codec) {
		this.jdbc = jdbc;
		this.codec = codec;
	}

	/** Whether the period is closed and has left Redis. */
	boolean isFrozen(String board, String period) {
		return this.jdbc.sql(SQL_IS_FROZEN)
			.param("board", board)
			.param("period", period)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	Slice page(String board, String period, int count, Cursor after) {
		return slice(period,
				this.jdbc.sql(SQL_FIND_PAGE)
					.param("board", board)
					.param("period", period)
					.param("count", count)
					.param("hasCursor", after != null)
					.param("afterStored", (after != null) ? after.stored() : 0L)
					.param("afterStoredSubscore", (after != null) ? Rankings.storedSubscore(after.member()) : 0L)
					.param("afterReachedAt", OffsetDateTime.ofInstant(
							(after != null) ? Rankings.reachedAt(after.member()) : Instant.EPOCH, ZoneOffset.UTC))
					.param("afterUserId", (after != null) ? Rankings.userId(after.member()) : 0L));
	}

	/** The player and up to {@code radius} players either side; empty when not ranked. */
	Optional<Slice> around(String board, String period, long userId, int radius) {
		Slice slice = slice(period,
				this.jdbc.sql(SQL_FIND_AROUND)
					.param("board", board)
					.param("period", period)
					.param("userId", userId)
					.param("radius", radius));
		return slice.players().isEmpty() ? Optional.empty() : Optional.of(slice);
	}

	Players players(String board, String period, List<Long> userIds) {
		long[] total = { 0 };
		List<Ranked> entries = this.jdbc.sql(SQL_FIND_PLAYERS)
			.param("board", board)
			.param("period", period)
			.param("userIds", userIds.stream().mapToLong(Long::longValue).toArray())
			.query((rs, n) -> {
				total[0] = rs.getLong("players");
				Row row = row(rs, period);
				return new Ranked(row.entry(rs.getLong("rank")), row.cursor(), row.gamesPlayed(), row.outcomes());
			})
			.list();
		return new Players(entries, total[0]);
	}

	Optional<Found> player(String board, String period, long userId) {
		Players found = players(board, period, List.of(userId));
		return found.entries().stream().findFirst().map((entry) -> new Found(entry, found.total()));
	}

	/**
	 * Nearest-rank quantiles of the score values, as the projection computes them: the
	 * k-th lowest score with k = ceil(q·n).
	 */
	Stats stats(String board, String period, SortOrder order, List<Integer> thousandths) {
		long players = this.jdbc.sql(SQL_COUNT_PLAYERS)
			.param("board", board)
			.param("period", period)
			.query(Long.class)
			.optional()
			.orElse(0L);
		if (players == 0) {
			return new Stats(0, List.of());
		}
		long[] positions = thousandths.stream().mapToLong((q) -> {
			long k = Math.max(0, Math.floorDiv(q * players + 999, 1000) - 1);
			// 1-based positions run best first: the lowest scores last on a desc board
			return (order == SortOrder.DESC) ? players - k : k + 1;
		}).toArray();
		Map<Long, Long> scores = new HashMap<>();
		this.jdbc.sql(SQL_FIND_AT_POSITIONS)
			.param("board", board)
			.param("period", period)
			.param("positions", positions)
			.query((RowCallbackHandler) (rs) -> scores.put(rs.getLong("position"), rs.getLong("score")));
		return new Stats(players, Arrays.stream(positions).mapToObj(scores::get).toList());
	}

	private Slice slice(String period, JdbcClient.StatementSpec statement) {
		List<Placed> placed = statement
			.query((rs, n) -> new Placed(row(rs, period), rs.getLong("rank"), rs.getLong("position")))
			.list();
		if (placed.isEmpty()) {
			return Slice.EMPTY;
		}
		Placed first = placed.get(0);
		// who ranks better than the first, and its 0-based position, as the projection
		// counts them
		return new Slice(placed.stream().map((each) -> each.row().scored()).toList(),
				placed.stream().map((each) -> each.row().cursor()).toList(), first.rank() - 1, first.position() - 1);
	}

	private Row row(ResultSet rs, String period) throws SQLException {
		return new Row(rs.getLong("user_id"), rs.getString("nick_name"), rs.getLong("score"),
				(Long) rs.getObject("subscore"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
				this.codec.tree(rs.getString("metadata")), Cursor.of(period, rs), rs.getLong("games_played"),
				new Outcomes(rs.getLong("wins"), rs.getLong("losses"), rs.getLong("draws")));
	}

	private record Row(long userId, String nickName, long score, Long subscore, Instant updatedAt, JsonNode metadata,
			Cursor cursor, long gamesPlayed, Outcomes outcomes) {

		LeaderboardEntry entry(long rank) {
			return new LeaderboardEntry(rank, this.userId, this.nickName, this.score, this.subscore, this.updatedAt,
					this.metadata);
		}

		Scored scored() {
			return new Scored(this.userId, this.nickName, this.score, this.subscore, this.updatedAt, this.metadata);
		}

	}

	private record Placed(Row row, long rank, long position) {

	}

}
