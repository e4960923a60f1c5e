package io.leaderboard.api.board;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.SortOrder;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Board definitions, kept in PostgreSQL and cached here so that a submission needs no
 * extra round trip to learn its board. Every instance reloads the cache every
 * {@code leaderboard.boards.refresh}, and at once when asked for a board it does not
 * know, so a new board works everywhere immediately and a changed one within one refresh.
 * Definitions are mirrored into Redis ({@link Boards#DEFINITIONS_KEY}) for the services
 * that have no PostgreSQL.
 */
@Component
public class BoardCatalog {

	private static final Logger logger = LoggerFactory.getLogger(BoardCatalog.class);

	private static final String SQL_FIND_ALL = """
			SELECT id, sort_order, operator, reset_schedule, max_score, linked_boards
			FROM leaderboards ORDER BY id
			""";

	private static final String SQL_FIND_ONE = """
			SELECT id, sort_order, operator, reset_schedule, max_score, linked_boards
			FROM leaderboards WHERE id = :id
			""";

	/** The current sort order, locked, and whether the board holds scores at all. */
	private static final String SQL_LOCK_FOR_CHANGE = """
			SELECT sort_order, EXISTS (SELECT 1 FROM board_scores WHERE board = :id) AS has_scores
			FROM leaderboards WHERE id = :id FOR UPDATE
			""";

	private static final String SQL_SAVE = """
			INSERT INTO leaderboards (id, sort_order, operator, reset_schedule, max_score, linked_boards)
			VALUES (:id, :sortOrder, :operator, :resetSchedule, :maxScore, string_to_array(:linked, ',')::varchar[])
			ON CONFLICT (id) DO UPDATE
			  SET sort_order = EXCLUDED.sort_order, operator = EXCLUDED.operator,
			      reset_schedule = EXCLUDED.reset_schedule, max_score = EXCLUDED.max_score,
			      linked_boards = EXCLUDED.linked_boards, updated_at = now()
			""";

	private final JdbcClient jdbc;

	private final StringRedisTemplate redis;

	private final EventCodec codec;

	private final Clock clock;

	/** The built-in board is known before PostgreSQL first answers. */
	private volatile Map<String, Board> boards = Map.of(Boards.GLOBAL,
			new Board(Boards.GLOBAL, SortOrder.DESC, Operator.BEST, ResetSchedule.NONE, null, List.of()));

	private volatile boolean mirrored;

	BoardCatalog(JdbcClient jdbc, StringRedisTemplate redis, EventCodec codec, Clock clock) {
		this.jdbc = jdbc;
		this.redis = redis;
		this.codec = codec;
		this.clock = clock;
	}

	/** The board, or {@link BoardNotFoundException}. */
	public Board require(String id) {
		return find(id).orElseThrow(() -> new BoardNotFoundException(id));
	}

	public Optional<Board> find(String id) {
		Board board = this.boards.get(id);
		if (board != null) {
			return Optional.of(board);
		}
		// created on another instance since the last refresh?
		Optional<Board> stored = this.jdbc.sql(SQL_FIND_ONE).param("id", id).query(BoardCatalog::board).optional();
		stored.ifPresent((found) -> refresh());
		return stored;
	}

	public List<Board> all() {
		return List.copyOf(this.boards.values());
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${leaderboard.boards.refresh}")
	void scheduledRefresh() {
		try {
			refresh();
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot reload board definitions, keeping the cached ones: {}", ex.getMessage());
		}
	}

	public void refresh() {
		Map<String, Board> loaded = new LinkedHashMap<>();
		this.jdbc.sql(SQL_FIND_ALL).query(BoardCatalog::board).list().forEach((board) -> loaded.put(board.id(), board));
		boolean changed = !loaded.equals(this.boards);
		this.boards = Map.copyOf(loaded);
		// a Redis that lost its data (a flush, a restart without persistence) gets the
		// definitions again within one refresh
		if (changed || !this.mirrored || !mirrorPresent()) {
			mirror(loaded.values());
		}
	}

	/**
	 * Creates or changes a board.
	 * @throws InvalidBoardException when a linked board does not exist, or the sort order
	 * of a board that holds scores would change
	 */
	@Transactional
	public Saved save(Board board) {
		for (String linked : board.linkedBoards()) {
			if (find(linked).isEmpty()) {
				throw InvalidBoardException
					.badRequest("linkedBoards names \"" + linked + "\", which does not exist; create it first");
			}
		}
		Optional<Boolean> keepsOrder = this.jdbc.sql(SQL_LOCK_FOR_CHANGE)
			.param("id", board.id())
			.query((rs, row) -> !rs.getBoolean("has_scores")
					|| rs.getString("sort_order").equals(board.sortOrder().id()))
			.optional();
		if (keepsOrder.isPresent() && !keepsOrder.get()) {
			throw new InvalidBoardException(HttpStatus.CONFLICT, "Sort order is fixed",
					"Board \"" + board.id() + "\" holds scores, so its sort order cannot change; create a new board.");
		}
		this.jdbc.sql(SQL_SAVE)
			.param("id", board.id())
			.param("sortOrder", board.sortOrder().id())
			.param("operator", board.operator().id())
			.param("resetSchedule", board.resetSchedule().text())
			.param("maxScore", board.maxScore())
			.param("linked", String.join(",", board.linkedBoards()))
			.update();
		Board previous = this.boards.get(board.id());
		Map<String, Board> updated = new LinkedHashMap<>(this.boards);
		updated.put(board.id(), board);
		this.boards = Map.copyOf(updated);
		if (previous != null && !previous.resetSchedule().equals(board.resetSchedule())) {
			forgetLivePeriod(board.id());
		}
		mirror(updated.values());
		return new Saved(board, keepsOrder.isEmpty());
	}

	private void mirror(Iterable<Board> boards) {
		Map<String, String> definitions = new LinkedHashMap<>();
		for (Board board : boards) {
			definitions.put(board.id(), this.codec.toJson(BoardView.of(board, this.clock.instant())));
		}
		try {
			if (!definitions.isEmpty()) {
				this.redis.opsForHash().putAll(Boards.DEFINITIONS_KEY, definitions);
			}
			this.mirrored = true;
		}
		catch (DataAccessException ex) {
			this.mirrored = false;
			logger.warn("Cannot mirror board definitions to Redis yet: {}", ex.getMessage());
		}
	}

	private boolean mirrorPresent() {
		try {
			return Boolean.TRUE.equals(this.redis.hasKey(Boards.DEFINITIONS_KEY));
		}
		catch (DataAccessException ex) {
			return false;
		}
	}

	/** Period ids of a new schedule do not compare with the old ones. */
	private void forgetLivePeriod(String board) {
		try {
			this.redis.delete(LeaderboardKeys.of(board, Boards.ALL_TIME).livePeriod());
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot reset the live period of {}: {}", board, ex.getMessage());
		}
	}

	private static Board board(ResultSet rs, int row) throws SQLException {
		Array linked = rs.getArray("linked_boards");
		Long maxScore = rs.getObject("max_score", Long.class);
		return new Board(rs.getString("id"), SortOrder.of(rs.getString("sort_order")),
				Operator.of(rs.getString("operator")), ResetSchedule.parse(rs.getString("reset_schedule")), maxScore,
				Arrays.asList((String[]) linked.getArray()));
	}

	/** A saved board, and whether it was new. */
	public record Saved(Board board, boolean created) {

	}

}
