package io.leaderboard.api.board;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Tier;
import io.leaderboard.events.Boards;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.SortOrder;
import tools.jackson.databind.JsonNode;

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
			SELECT id, sort_order, operator, reset_schedule, max_score, linked_boards,
			       subscore_order, starts_at, ends_at, join_required, max_size, max_attempts, cohort_size, cohort_key, tiers,
			       shards
			FROM leaderboards ORDER BY id
			""";

	private static final String SQL_FIND_ONE = """
			SELECT id, sort_order, operator, reset_schedule, max_score, linked_boards,
			       subscore_order, starts_at, ends_at, join_required, max_size, max_attempts, cohort_size, cohort_key, tiers,
			       shards
			FROM leaderboards WHERE id = :id
			""";

	/**
	 * What cannot change once the board holds scores, locked, and whether it holds scores
	 * at all.
	 */
	private static final String SQL_LOCK_FOR_CHANGE = """
			SELECT sort_order, subscore_order, cohort_size, shards,
			       EXISTS (SELECT 1 FROM board_scores WHERE board = :id) AS has_scores
			FROM leaderboards WHERE id = :id FOR UPDATE
			""";

	private static final String SQL_SAVE = """
			INSERT INTO leaderboards (id, sort_order, operator, reset_schedule, max_score, linked_boards, subscore_order,
			                          starts_at, ends_at, join_required, max_size, max_attempts, cohort_size, cohort_key,
			                          tiers, shards)
			VALUES (:id, :sortOrder, :operator, :resetSchedule, :maxScore, string_to_array(:linked, ',')::varchar[],
			        :subscoreOrder, :startsAt, :endsAt, :joinRequired, :maxSize, :maxAttempts, :cohortSize, :cohortKey,
			        CAST(:tiers AS jsonb), :shards)
			ON CONFLICT (id) DO UPDATE
			  SET sort_order = EXCLUDED.sort_order, operator = EXCLUDED.operator,
			      reset_schedule = EXCLUDED.reset_schedule, max_score = EXCLUDED.max_score,
			      linked_boards = EXCLUDED.linked_boards, subscore_order = EXCLUDED.subscore_order,
			      starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, join_required = EXCLUDED.join_required,
			      max_size = EXCLUDED.max_size, max_attempts = EXCLUDED.max_attempts,
			      cohort_size = EXCLUDED.cohort_size, cohort_key = EXCLUDED.cohort_key, tiers = EXCLUDED.tiers,
			      shards = EXCLUDED.shards, updated_at = now()
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
		Optional<Board> stored = this.jdbc.sql(SQL_FIND_ONE).param("id", id).query(this::board).optional();
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
		this.jdbc.sql(SQL_FIND_ALL).query(this::board).list().forEach((board) -> loaded.put(board.id(), board));
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
		Optional<Stored> stored = this.jdbc.sql(SQL_LOCK_FOR_CHANGE)
			.param("id", board.id())
			.query((rs, row) -> new Stored(rs.getString("sort_order"), rs.getString("subscore_order"),
					rs.getObject("cohort_size", Integer.class), rs.getInt("shards"), rs.getBoolean("has_scores")))
			.optional();
		stored.filter(Stored::hasScores).ifPresent((existing) -> existing.checkChange(board));
		Competition competition = board.competition();
		this.jdbc.sql(SQL_SAVE)
			.param("id", board.id())
			.param("sortOrder", board.sortOrder().id())
			.param("operator", board.operator().id())
			.param("resetSchedule", board.resetSchedule().text())
			.param("maxScore", board.maxScore())
			.param("linked", String.join(",", board.linkedBoards()))
			.param("subscoreOrder", competition.hasSubscore() ? competition.subscoreOrder().id() : null)
			.param("startsAt", timestamp(competition.startsAt()))
			.param("endsAt", timestamp(competition.endsAt()))
			.param("joinRequired", competition.joinRequired())
			.param("maxSize", competition.maxSize())
			.param("maxAttempts", competition.maxAttempts())
			.param("cohortSize", competition.cohortSize())
			.param("cohortKey", competition.cohortKey())
			.param("tiers", competition.tiers().isEmpty() ? null : this.codec.toJson(competition.tiers()))
			.param("shards", board.shards())
			.update();
		Board previous = this.boards.get(board.id());
		Map<String, Board> updated = new LinkedHashMap<>(this.boards);
		updated.put(board.id(), board);
		this.boards = Map.copyOf(updated);
		if (previous != null && !previous.resetSchedule().equals(board.resetSchedule())) {
			forgetLivePeriod(board.id());
		}
		mirror(updated.values());
		return new Saved(board, stored.isEmpty());
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

	private Board board(ResultSet rs, int row) throws SQLException {
		Array linked = rs.getArray("linked_boards");
		Long maxScore = rs.getObject("max_score", Long.class);
		String subscoreOrder = rs.getString("subscore_order");
		Competition competition = new Competition((subscoreOrder != null) ? SortOrder.of(subscoreOrder) : null,
				instant(rs.getObject("starts_at", OffsetDateTime.class)),
				instant(rs.getObject("ends_at", OffsetDateTime.class)), rs.getBoolean("join_required"),
				rs.getObject("max_size", Integer.class), rs.getObject("max_attempts", Integer.class),
				rs.getObject("cohort_size", Integer.class), rs.getString("cohort_key"), tiers(rs.getString("tiers")));
		return new Board(rs.getString("id"), SortOrder.of(rs.getString("sort_order")),
				Operator.of(rs.getString("operator")), ResetSchedule.parse(rs.getString("reset_schedule")), maxScore,
				Arrays.asList((String[]) linked.getArray()), competition, rs.getInt("shards"));
	}

	private List<Tier> tiers(String json) {
		if (json == null) {
			return List.of();
		}
		List<Tier> tiers = new ArrayList<>();
		for (JsonNode tier : this.codec.tree(json)) {
			tiers.add(new Tier(tier.get("name").asString(), number(tier, "topPercent", JsonNode::asDouble),
					number(tier, "topRank", JsonNode::asLong), number(tier, "minScore", JsonNode::asLong)));
		}
		return tiers;
	}

	private static <T> T number(JsonNode tier, String field, Function<JsonNode, T> value) {
		JsonNode node = tier.get(field);
		return (node == null || node.isNull()) ? null : value.apply(node);
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	/** What a board that holds scores keeps. */
	private record Stored(String sortOrder, String subscoreOrder, Integer cohortSize, int shards, boolean hasScores) {

		void checkChange(Board board) {
			Competition competition = board.competition();
			if (!this.sortOrder.equals(board.sortOrder().id())) {
				throw fixed(board, "sortOrder", "its sortOrder cannot change");
			}
			String subscore = competition.hasSubscore() ? competition.subscoreOrder().id() : null;
			if (!Objects.equals(this.subscoreOrder, subscore)) {
				throw fixed(board, "subscore", "a subscore cannot be added, removed or reordered");
			}
			if (this.cohortSize == null && competition.hasCohorts()) {
				throw fixed(board, "cohortSize", "a cohortSize cannot split players already ranked together");
			}
			if (this.shards != board.shards()) {
				throw fixed(board, "shards", "its shards cannot change (they decide where every entry lives)");
			}
		}

		private static InvalidBoardException fixed(Board board, String field, String what) {
			InvalidBoardException conflict = new InvalidBoardException(HttpStatus.CONFLICT, field + " is fixed",
					"Board \"" + board.id() + "\" holds scores, so " + what + "; create a new board.");
			conflict.getBody().setProperty("field", field);
			return conflict;
		}

	}

	/** A saved board, and whether it was new. */
	public record Saved(Board board, boolean created) {

	}

}
