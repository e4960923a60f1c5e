package io.leaderboard.api.voiding;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leaderboard.api.board.Board;
import io.leaderboard.api.board.BoardCatalog;
import io.leaderboard.api.voiding.EntryRecompute.Recomputed;
import io.leaderboard.events.EntryRemoved;
import io.leaderboard.events.EventCodec;
import io.leaderboard.events.Outcomes;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.support.EventTracing;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Voids submissions and recomputes the entries they fed, in one transaction: the
 * submissions are marked voided (who, when, why), every entry they counted in (their
 * board's and each linked board's) is locked in key order, as the submit statement locks
 * them, then rebuilt from the submissions that still count ({@link EntryRecompute}) with
 * its version bumped, or deleted when none is left, and each change writes its outbox row
 * ({@code ScoreChanged}, or {@code EntryRemoved}). A submission racing the void either
 * committed before the entry's lock was granted, and is among those read after it, or
 * waits for the lock and applies its operator to the recomputed entry: neither is lost.
 * Voiding what is already voided changes nothing and writes no event.
 */
@Service
class SubmissionVoiding {

	/**
	 * Marks one submission voided when it counts and fed the board (submitted to it, or
	 * to a board that links to it). Locks the row, so a concurrent void of the same
	 * submission waits here and then finds it voided.
	 */
	private static final String SQL_VOID_SUBMISSION = """
			UPDATE submissions s
			SET status = 'voided', voided_by = :voidedBy, voided_at = :voidedAt, void_reason = :reason
			WHERE s.id = :id AND (s.board = :board OR :board = ANY (s.linked_boards)) AND s.status = 'counted'
			RETURNING s.id
			""";

	private static final String SQL_FIND_SUBMISSION = """
			SELECT s.id, s.board, s.period, s.user_id, s.score, s.outcome, s.accepted_at, s.linked_boards, s.linked_periods,
			       s.status, s.voided_by, s.voided_at, s.void_reason
			FROM submissions s
			WHERE s.id = :id AND (s.board = :board OR :board = ANY (s.linked_boards))
			""";

	/**
	 * Marks a player's counted submissions from one source board that fed the board
	 * within the window: a range of the history index (user, board, accepted_at), and
	 * only the months of the window's partitions.
	 */
	private static final String SQL_VOID_WINDOW = """
			UPDATE submissions s
			SET status = 'voided', voided_by = :voidedBy, voided_at = :voidedAt, void_reason = :reason
			WHERE s.user_id = :userId AND s.board = :source AND s.accepted_at >= :from AND s.accepted_at <= :to
			  AND (s.board = :board OR :board = ANY (s.linked_boards)) AND s.status = 'counted'
			RETURNING s.id
			""";

	/** Every voided submission of the window, by this request or an earlier one. */
	private static final String SQL_FIND_WINDOW = """
			SELECT h.* FROM unnest(CAST(:sources AS varchar[])) AS source(board)
			CROSS JOIN LATERAL (
			  SELECT s.id, s.board, s.period, s.user_id, s.score, s.outcome, s.accepted_at, s.linked_boards,
			         s.linked_periods, s.status, s.voided_by, s.voided_at, s.void_reason
			  FROM submissions s
			  WHERE s.user_id = :userId AND s.board = source.board AND s.accepted_at >= :from AND s.accepted_at <= :to
			    AND (s.board = :board OR :board = ANY (s.linked_boards)) AND s.status = 'voided'
			  OFFSET 0
			) h
			ORDER BY h.accepted_at, h.id
			""";

	private static final String SQL_FIND_PLAYER = """
			SELECT id FROM users WHERE id = :userId
			""";

	/**
	 * Locks the player's entries in the order the submit statement locks them: the
	 * entries of {@code best} boards, then {@code latest}, then {@code increment} (one
	 * upsert each, in that order), each sorted by key (board, period, user), so the two
	 * never wait for each other in a cycle; the sorted subquery drives the lookups in its
	 * order, and sorts as the database does.
	 */
	private static final String SQL_LOCK_ENTRIES = """
			SELECT e.board, e.period, e.games_played
			FROM (SELECT k.board, k.period
			      FROM unnest(CAST(:operators AS int[]), CAST(:boards AS varchar[]), CAST(:periods AS varchar[]))
			        AS k(operator, board, period)
			      ORDER BY k.operator, k.board, k.period) k
			CROSS JOIN LATERAL (
			  SELECT b.board, b.period, b.games_played FROM board_scores b
			  WHERE b.board = k.board AND b.period = k.period AND b.user_id = :userId
			  FOR UPDATE
			) e
			""";

	/**
	 * Every submission of the player that fed each entry, counted or voided, oldest
	 * first: per entry and source board one walk of the history index, planned the same
	 * with or without statistics. A submission feeds an entry of its own board and
	 * period, or of a linked board and the period it counted in there.
	 */
	private static final String SQL_FEEDERS = """
			SELECT k.board AS entry_board, k.period AS entry_period, f.id, f.score, f.outcome,
			       CAST(f.metadata AS text) AS metadata, f.accepted_at, f.status, f.subscore
			FROM unnest(CAST(:boards AS varchar[]), CAST(:periods AS varchar[])) AS k(board, period)
			CROSS JOIN unnest(CAST(:sources AS varchar[])) AS source(board)
			CROSS JOIN LATERAL (
			  SELECT s.id, s.score, s.outcome, s.metadata, s.accepted_at, s.status, s.subscore FROM submissions s
			  WHERE s.user_id = :userId AND s.board = source.board
			    AND ((s.board = k.board AND s.period = k.period)
			         OR s.linked_periods[array_position(s.linked_boards, k.board)] = k.period)
			  OFFSET 0
			) f
			ORDER BY f.accepted_at, f.id
			""";

	/**
	 * Writes a recomputed entry and its {@code ScoreChanged}, shaped exactly as the
	 * submit statement shapes it; {@code previousScore} is the score before the void.
	 */
	private static final String SQL_RECOMPUTE_ENTRY = """
			WITH written AS (
			  UPDATE board_scores s
			  SET previous_score = s.score, score = :score, rank_score = :rankScore, metadata = CAST(:metadata AS jsonb),
			      previous_subscore = s.subscore, subscore = CAST(:subscore AS bigint), rank_subscore = :rankSubscore,
			      reached_at = :reachedAt, updated_at = :updatedAt, version = s.version + 1, games_played = :gamesPlayed,
			      submission_id = :submissionId, wins = :wins, losses = :losses, draws = :draws
			  WHERE s.board = :board AND s.period = :period AND s.user_id = :userId
			  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.version, s.games_played, s.metadata,
			            s.reached_at, s.updated_at, s.wins, s.losses, s.draws, s.subscore, s.previous_subscore
			)
			INSERT INTO score_events_outbox (user_id, score, version, occurred_at, trace_parent, payload)
			SELECT w.user_id, w.score, w.version, :now, CAST(:traceParent AS varchar),
			       jsonb_build_object('schemaVersion', :schemaVersion, 'board', w.board, 'period', w.period,
			         'sortOrder', CAST(:sortOrder AS varchar), 'userId', w.user_id, 'nickName', u.nick_name,
			         'score', w.score, 'previousScore', w.previous_score, 'version', w.version,
			         'gamesPlayed', w.games_played,
			         'outcomes', jsonb_build_object('wins', w.wins, 'losses', w.losses, 'draws', w.draws),
			         'metadata', w.metadata, 'reachedAt', w.reached_at, 'updatedAt', w.updated_at,
			         'occurredAt', CAST(:now AS timestamptz))
			       || CASE WHEN CAST(:subscoreOrder AS varchar) IS NULL THEN '{}'::jsonb
			               ELSE jsonb_build_object('subscoreOrder', CAST(:subscoreOrder AS varchar), 'subscore', w.subscore,
			                                       'previousSubscore', w.previous_subscore) END
			FROM written w JOIN users u ON u.id = w.user_id
			""";

	/** Deletes an entry no submission counts in and writes its {@code EntryRemoved}. */
	private static final String SQL_REMOVE_ENTRY = """
			WITH removed AS (
			  DELETE FROM board_scores s WHERE s.board = :board AND s.period = :period AND s.user_id = :userId
			  RETURNING s.board, s.period, s.user_id, s.version + 1 AS version
			)
			INSERT INTO score_events_outbox (user_id, version, occurred_at, trace_parent, event_type, payload)
			SELECT r.user_id, r.version, :now, CAST(:traceParent AS varchar), :eventType,
			       jsonb_build_object('schemaVersion', :schemaVersion, 'board', r.board, 'period', r.period,
			         'sortOrder', CAST(:sortOrder AS varchar), 'userId', r.user_id, 'version', r.version,
			         'occurredAt', CAST(:now AS timestamptz))
			FROM removed r
			""";

	/** The entries as they stand, for the answer; a missing one was removed. */
	private static final String SQL_ENTRIES = """
			SELECT k.board, k.period, e.score, e.version, e.games_played, e.wins, e.losses, e.draws,
			       CAST(e.metadata AS text) AS metadata, e.reached_at, e.updated_at, e.nick_name
			FROM unnest(CAST(:boards AS varchar[]), CAST(:periods AS varchar[])) AS k(board, period)
			LEFT JOIN LATERAL (
			  SELECT b.score, b.version, b.games_played, b.wins, b.losses, b.draws, b.metadata, b.reached_at,
			         b.updated_at, u.nick_name
			  FROM board_scores b JOIN users u ON u.id = b.user_id
			  WHERE b.board = k.board AND b.period = k.period AND b.user_id = :userId
			  OFFSET 0
			) e ON true
			ORDER BY k.board, k.period
			""";

	private final JdbcClient jdbc;

	private final BoardCatalog catalog;

	private final EventCodec codec;

	private final EventTracing tracing;

	private final Clock clock;

	private final PeriodReclosing reclosing;

	SubmissionVoiding(JdbcClient jdbc, BoardCatalog catalog, EventCodec codec, EventTracing tracing, Clock clock,
			PeriodReclosing reclosing) {
		this.jdbc = jdbc;
		this.catalog = catalog;
		this.codec = codec;
		this.tracing = tracing;
		this.clock = clock;
		this.reclosing = reclosing;
	}

	/**
	 * Voids one submission that fed the board.
	 * @param moderator the subject of the moderator's token
	 * @throws ErrorResponseException 404 when no such submission fed the board
	 */
	@Transactional
	public VoidResult voidSubmission(Board board, long submissionId, String moderator, String reason) {
		Instant now = now();
		List<Long> voidedNow = this.jdbc.sql(SQL_VOID_SUBMISSION)
			.param("id", submissionId)
			.param("board", board.id())
			.param("voidedBy", moderator)
			.param("voidedAt", at(now))
			.param("reason", reason)
			.query(Long.class)
			.list();
		Voided submission = this.jdbc.sql(SQL_FIND_SUBMISSION)
			.param("id", submissionId)
			.param("board", board.id())
			.query(SubmissionVoiding::voided)
			.optional()
			.orElseThrow(() -> notFound("Submission not found",
					"No submission " + submissionId + " counted on board \"" + board.id() + "\"."));
		return settle(board, submission.userId(), List.of(submission), Set.copyOf(voidedNow), now);
	}

	/**
	 * Voids every submission of the player that fed the board within the window, bounds
	 * included.
	 * @throws ErrorResponseException 404 for an unknown player
	 */
	@Transactional
	public VoidResult voidWindow(Board board, long userId, Instant from, Instant to, String moderator, String reason) {
		if (this.jdbc.sql(SQL_FIND_PLAYER).param("userId", userId).query(Long.class).optional().isEmpty()) {
			throw notFound("Player not found", "There is no player " + userId + ".");
		}
		Instant now = now();
		List<String> sources = sources(board);
		Set<Long> voidedNow = new LinkedHashSet<>();
		for (String source : sources) {
			voidedNow.addAll(this.jdbc.sql(SQL_VOID_WINDOW)
				.param("userId", userId)
				.param("source", source)
				.param("board", board.id())
				.param("from", at(from))
				.param("to", at(to))
				.param("voidedBy", moderator)
				.param("voidedAt", at(now))
				.param("reason", reason)
				.query(Long.class)
				.list());
		}
		List<Voided> voided = this.jdbc.sql(SQL_FIND_WINDOW)
			.param("sources", sources.toArray(String[]::new))
			.param("userId", userId)
			.param("board", board.id())
			.param("from", at(from))
			.param("to", at(to))
			.query(SubmissionVoiding::voided)
			.list();
		return settle(board, userId, voided, voidedNow, now);
	}

	/**
	 * Recomputes the entries that the submissions voided now fed, then reads every entry
	 * the request's voided submissions fed, for the answer.
	 */
	private VoidResult settle(Board board, long userId, List<Voided> voided, Set<Long> voidedNow, Instant now) {
		List<EntryKey> changed = new ArrayList<>(
				keysOf(voided.stream().filter((submission) -> voidedNow.contains(submission.id())).toList()));
		if (!changed.isEmpty()) {
			recompute(userId, changed, voidedNow, now);
			// the one call site where closed periods get re-frozen, in this transaction
			this.reclosing.recomputed(changed);
		}
		return answer(board, userId, voided);
	}

	private void recompute(long userId, List<EntryKey> keys, Set<Long> voidedNow, Instant now) {
		String[] boards = keys.stream().map(EntryKey::board).toArray(String[]::new);
		String[] periods = keys.stream().map(EntryKey::period).toArray(String[]::new);
		Map<EntryKey, Long> gamesPlayed = new LinkedHashMap<>();
		this.jdbc.sql(SQL_LOCK_ENTRIES)
			// BEST, LATEST, INCREMENT: the order of the submit statement's upserts
			.param("operators",
					keys.stream().mapToInt((key) -> this.catalog.require(key.board()).operator().ordinal()).toArray())
			.param("boards", boards)
			.param("periods", periods)
			.param("userId", userId)
			.query((rs, row) -> gamesPlayed.put(new EntryKey(rs.getString("board"), rs.getString("period")),
					rs.getLong("games_played")))
			.list();
		// read after the locks: every submission committed before them is here
		Map<EntryKey, List<Feeder>> counted = new LinkedHashMap<>();
		Map<EntryKey, Long> countedBefore = new LinkedHashMap<>();
		this.jdbc.sql(SQL_FEEDERS)
			.param("boards", boards)
			.param("periods", periods)
			.param("sources", this.catalog.all().stream().map(Board::id).sorted().toArray(String[]::new))
			.param("userId", userId)
			.query((rs, row) -> {
				EntryKey key = new EntryKey(rs.getString("entry_board"), rs.getString("entry_period"));
				long id = rs.getLong("id");
				boolean counts = "counted".equals(rs.getString("status"));
				if (counts) {
					counted.computeIfAbsent(key, (k) -> new ArrayList<>())
						.add(new Feeder(id, rs.getLong("score"), rs.getString("outcome"), rs.getString("metadata"),
								rs.getObject("accepted_at", OffsetDateTime.class).toInstant(),
								(Long) rs.getObject("subscore")));
				}
				if (counts || voidedNow.contains(id)) {
					countedBefore.merge(key, 1L, Long::sum);
				}
				return null;
			})
			.list();
		for (Map.Entry<EntryKey, Long> entry : gamesPlayed.entrySet()) {
			EntryKey key = entry.getKey();
			if (countedBefore.getOrDefault(key, 0L) != entry.getValue()) {
				// an entry older than the history (written before it existed, or fed by
				// submissions past the retention) cannot be rebuilt from what is left
				throw new ErrorResponseException(HttpStatus.CONFLICT,
						problem(HttpStatus.CONFLICT, "History incomplete",
								"The entry of player " + userId + " on \"" + key.board() + "\" (" + key.period()
										+ ") counts " + entry.getValue() + " games, but its history holds "
										+ countedBefore.getOrDefault(key, 0L)
										+ " submissions: it cannot be recomputed; nothing was voided."),
						null);
			}
			Board board = this.catalog.require(key.board());
			List<Feeder> left = counted.getOrDefault(key, List.of());
			if (left.isEmpty()) {
				remove(board, key, userId, now);
			}
			else {
				write(board, key, userId, EntryRecompute.of(board.operator(), board.sortOrder(),
						board.competition().subscoreOrder(), left), now);
			}
		}
	}

	private void write(Board board, EntryKey key, long userId, Recomputed entry, Instant now) {
		try {
			this.jdbc.sql(SQL_RECOMPUTE_ENTRY)
				.param("board", key.board())
				.param("period", key.period())
				.param("userId", userId)
				.param("score", entry.score())
				.param("rankScore", entry.rankScore())
				.param("subscore", entry.subscore())
				.param("rankSubscore", entry.rankSubscore())
				.param("subscoreOrder",
						board.competition().hasSubscore() ? board.competition().subscoreOrder().id() : null)
				.param("metadata", entry.metadata())
				.param("reachedAt", at(entry.reachedAt()))
				.param("updatedAt", at(entry.updatedAt()))
				.param("gamesPlayed", entry.gamesPlayed())
				.param("submissionId", entry.submissionId())
				.param("wins", entry.wins())
				.param("losses", entry.losses())
				.param("draws", entry.draws())
				.param("now", at(now))
				.param("traceParent", this.tracing.currentTraceParent())
				.param("schemaVersion", ScoreChanged.SCHEMA_VERSION)
				.param("sortOrder", board.sortOrder().id())
				.update();
		}
		catch (DataIntegrityViolationException ex) {
			String message = String.valueOf(ex.getMessage());
			if (message.contains("board_scores_score_range") || message.contains("board_scores_subscore_range")) {
				String what = message.contains("board_scores_score_range") ? "score" : "subscore";
				throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT,
						problem(HttpStatus.UNPROCESSABLE_CONTENT, "Score out of range",
								"Without the voided submissions the total " + what + " on \"" + key.board()
										+ "\" would pass ±9007199254740991, the largest " + what
										+ " a board keeps; nothing was voided."),
						ex);
			}
			throw ex;
		}
	}

	private void remove(Board board, EntryKey key, long userId, Instant now) {
		this.jdbc.sql(SQL_REMOVE_ENTRY)
			.param("board", key.board())
			.param("period", key.period())
			.param("userId", userId)
			.param("now", at(now))
			.param("traceParent", this.tracing.currentTraceParent())
			.param("eventType", EntryRemoved.TYPE)
			.param("schemaVersion", EntryRemoved.SCHEMA_VERSION)
			.param("sortOrder", board.sortOrder().id())
			.update();
	}

	private VoidResult answer(Board board, long userId, List<Voided> voided) {
		List<EntryKey> keys = keysOf(voided);
		List<VoidResult.Entry> entries = new ArrayList<>();
		List<VoidResult.RemovedEntry> removed = new ArrayList<>();
		if (!keys.isEmpty()) {
			this.jdbc.sql(SQL_ENTRIES)
				.param("boards", keys.stream().map(EntryKey::board).toArray(String[]::new))
				.param("periods", keys.stream().map(EntryKey::period).toArray(String[]::new))
				.param("userId", userId)
				.query((rs, row) -> {
					if (rs.getObject("version") == null) {
						removed.add(new VoidResult.RemovedEntry(rs.getString("board"), rs.getString("period"), userId));
					}
					else {
						entries.add(new VoidResult.Entry(rs.getString("board"), rs.getString("period"), userId,
								rs.getString("nick_name"), rs.getLong("score"), rs.getLong("version"),
								rs.getLong("games_played"),
								new Outcomes(rs.getLong("wins"), rs.getLong("losses"), rs.getLong("draws")),
								this.codec.tree(rs.getString("metadata")),
								rs.getObject("reached_at", OffsetDateTime.class).toInstant(),
								rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
					}
					return null;
				})
				.list();
		}
		return new VoidResult(board.id(), voided.stream().map(Voided::view).toList(), entries, removed);
	}

	/** The board and every board linking to it: submissions to those fed it too. */
	private List<String> sources(Board board) {
		List<String> sources = new ArrayList<>();
		sources.add(board.id());
		this.catalog.all()
			.stream()
			.filter((other) -> other.linkedBoards().contains(board.id()) && !other.id().equals(board.id()))
			.map(Board::id)
			.sorted()
			.forEach(sources::add);
		return sources;
	}

	/** Every entry the submissions fed: their own board's, and each linked board's. */
	private static List<EntryKey> keysOf(List<Voided> submissions) {
		Set<EntryKey> keys = new LinkedHashSet<>();
		for (Voided submission : submissions) {
			keys.add(new EntryKey(submission.board(), submission.period()));
			for (int i = 0; i < submission.linkedBoards().length; i++) {
				keys.add(new EntryKey(submission.linkedBoards()[i], submission.linkedPeriods()[i]));
			}
		}
		return List.copyOf(keys);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static OffsetDateTime at(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static ErrorResponseException notFound(String title, String detail) {
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(title);
		problem.setDetail(detail);
		return problem;
	}

	private static Voided voided(ResultSet rs, int row) throws SQLException {
		return new Voided(rs.getLong("id"), rs.getString("board"), rs.getString("period"), rs.getLong("user_id"), rs
			.getLong("score"), rs.getString("outcome"), rs.getObject("accepted_at", OffsetDateTime.class).toInstant(),
				strings(rs.getArray("linked_boards")), strings(rs.getArray("linked_periods")), rs.getString("status"),
				rs.getString("voided_by"), (rs.getObject("voided_at") != null)
						? rs.getObject("voided_at", OffsetDateTime.class).toInstant() : null,
				rs.getString("void_reason"));
	}

	private static String[] strings(Array array) throws SQLException {
		return (array != null) ? (String[]) array.getArray() : new String[0];
	}

	/** An entry of the voiding player: a board and a period. */
	record EntryKey(String board, String period) {

	}

	/** A submission row as a void sees it. */
	private record Voided(long id, String board, String period, long userId, long score, String outcome,
			Instant acceptedAt, String[] linkedBoards, String[] linkedPeriods, String status, String voidedBy,
			Instant voidedAt, String reason) {

		VoidResult.VoidedSubmission view() {
			return new VoidResult.VoidedSubmission(this.id, this.board, this.period, this.userId, this.score,
					this.outcome, this.acceptedAt, this.status, this.voidedBy, this.voidedAt, this.reason);
		}

	}

}
