package io.leaderboard.projection.rebuild;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.Rankings;
import io.leaderboard.events.SortOrder;
import io.leaderboard.projection.layout.DeclaredShards;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads what the projection should hold from PostgreSQL. Read-only: the projector never
 * writes the source of truth.
 */
@Component
public class ProjectionSource implements DeclaredShards {

	private static final String SQL_PERIODS = """
			SELECT DISTINCT s.board, s.period, l.sort_order
			FROM board_scores s JOIN leaderboards l ON l.id = s.board
			WHERE NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.board = s.board AND c.period = s.period AND NOT c.hot)
			ORDER BY s.board, s.period
			""";

	private static final String SQL_BOARD_PERIODS = """
			SELECT DISTINCT s.board, s.period, l.sort_order
			FROM board_scores s JOIN leaderboards l ON l.id = s.board
			WHERE s.board = ?
			  AND NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.board = s.board AND c.period = s.period AND NOT c.hot)
			ORDER BY s.period
			""";

	private static final String SQL_COLD_PERIODS = "SELECT board, period FROM closed_periods WHERE NOT hot";

	private static final String SQL_BOARDS = "SELECT id, shards FROM leaderboards";

	private static final String SQL_SHARDS = "SELECT shards FROM leaderboards WHERE id = ?";

	private static final String SQL_HIDDEN = "SELECT board, user_id FROM hidden_players";

	/**
	 * Streamed: the driver fetches a chunk at a time inside the read-only transaction.
	 * Times come as microseconds since the epoch, which the rebuild formats itself. The
	 * board's subscore order (null on a plain board) is looked up once, not per row.
	 */
	private static final String SQL_ENTRIES = """
			SELECT s.user_id, s.rank_score, s.version, s.games_played, CAST(s.metadata AS text) AS metadata,
			       CAST(EXTRACT(EPOCH FROM s.reached_at) * 1000000 AS bigint) AS reached_micros,
			       CAST(EXTRACT(EPOCH FROM s.updated_at) * 1000000 AS bigint) AS updated_micros,
			       u.nick_name, (h.user_id IS NOT NULL) AS hidden, s.wins, s.losses, s.draws, s.rank_subscore,
			       (SELECT l.subscore_order FROM leaderboards l WHERE l.id = ?) AS subscore_order
			FROM board_scores s
			JOIN users u ON u.id = s.user_id
			LEFT JOIN hidden_players h ON h.board = s.board AND h.user_id = s.user_id
			WHERE s.board = ? AND s.period = ?
			""";

	/** The period's cohort placements (V14): every placed player, with a score or not. */
	private static final String SQL_COHORTS = "SELECT user_id, cohort FROM board_cohorts WHERE board = ? AND period = ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	private final EventCodec codec;

	ProjectionSource(DataSource dataSource, PlatformTransactionManager transactions, EventCodec codec,
			RebuildProperties properties) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(properties.chunkSize());
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		// one snapshot for the whole read, whatever the statements
		this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.codec = codec;
	}

	/**
	 * Every board period that holds scores and belongs in Redis: closed periods older
	 * than their board's hot ones are read from their frozen results instead.
	 */
	public List<BoardPeriod> periods() {
		return this.jdbc.query(SQL_PERIODS, ProjectionSource::boardPeriod);
	}

	/**
	 * The closed periods that have left their board's hot ones (api-service decides
	 * which, when it closes a period): Redis no longer holds them.
	 */
	public List<LeaderboardKeys> coldPeriods() {
		return this.jdbc.query(SQL_COLD_PERIODS,
				(rs, n) -> LeaderboardKeys.of(rs.getString("board"), rs.getString("period")));
	}

	/** Every board, with its shards. */
	public List<BoardShards> boards() {
		return this.jdbc.query(SQL_BOARDS, (rs, row) -> BoardShards.of(rs.getString("id"), rs.getInt("shards")));
	}

	@Override
	public Optional<BoardShards> declared(String board) {
		return this.jdbc.queryForList(SQL_SHARDS, Integer.class, board)
			.stream()
			.findFirst()
			.map((count) -> BoardShards.of(board, count));
	}

	/**
	 * The board's shards as PostgreSQL holds them now: one when it has no definition
	 * (then its entries can only be in the board's own keys).
	 */
	public BoardShards shards(String board) {
		return declared(board).orElseGet(() -> BoardShards.single(board));
	}

	/** The periods of one board that hold scores and belong in Redis. */
	public List<BoardPeriod> periods(String board) {
		return this.jdbc.query(SQL_BOARD_PERIODS, ProjectionSource::boardPeriod, board);
	}

	/** Board id → hidden user ids. */
	public Map<String, List<String>> hiddenPlayers() {
		return this.jdbc.query(SQL_HIDDEN, (rs, row) -> Map.entry(rs.getString("board"), rs.getString("user_id")))
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
	}

	/**
	 * Hands the period's entries to {@code sink} in chunks, from one consistent snapshot.
	 * The sink owns each chunk.
	 */
	public void entries(BoardPeriod period, int chunkSize, Consumer<List<StoredEntry>> sink) {
		this.readOnly.executeWithoutResult(
				(status) -> this.jdbc.query(SQL_ENTRIES, (ResultSetExtractor<Void>) (rs) -> read(rs, chunkSize, sink),
						period.board(), period.board(), period.period()));
	}

	/** The period's cohort placements: user id → cohort id. */
	public Map<Long, String> cohorts(BoardPeriod period) {
		Map<Long, String> cohorts = new HashMap<>();
		this.jdbc.query(SQL_COHORTS, (RowCallbackHandler) (rs) -> cohorts.put(rs.getLong(1), rs.getString(2)),
				period.board(), period.period());
		return cohorts;
	}

	/**
	 * The loop a rebuild spends its time in, kept small so that a fresh JVM compiles it
	 * (on-stack replacement) early in the first rebuild.
	 */
	private Void read(ResultSet rs, int chunkSize, Consumer<List<StoredEntry>> sink) throws SQLException {
		List<StoredEntry> chunk = new ArrayList<>(chunkSize);
		SortOrder subscoreOrder = null;
		boolean first = true;
		while (rs.next()) {
			if (first) {
				String order = rs.getString(14);
				subscoreOrder = (order != null) ? SortOrder.of(order) : null;
				first = false;
			}
			long userId = rs.getLong(1);
			String details = EntryFormat.details(rs.getString(8), rs.getLong(7), rs.getLong(4),
					new Outcomes(rs.getLong(10), rs.getLong(11), rs.getLong(12)), rs.getString(5), this.codec);
			String member = EntryFormat.member(rs.getLong(6), userId);
			if (subscoreOrder != null) {
				member = Rankings.tieBreakOfStored(subscoreOrder, rs.getLong(13)) + member;
			}
			chunk.add(new StoredEntry(userId, rs.getLong(2), member, rs.getLong(3), details, rs.getBoolean(9)));
			if (chunk.size() == chunkSize) {
				sink.accept(chunk);
				chunk = new ArrayList<>(chunkSize);
			}
		}
		if (!chunk.isEmpty()) {
			sink.accept(chunk);
		}
		return null;
	}

	private static BoardPeriod boardPeriod(ResultSet rs, int row) throws SQLException {
		return new BoardPeriod(rs.getString("board"), rs.getString("period"), SortOrder.of(rs.getString("sort_order")));
	}

	/** A board's ranking in one period. */
	public record BoardPeriod(String board, String period, SortOrder order) {

	}

}
