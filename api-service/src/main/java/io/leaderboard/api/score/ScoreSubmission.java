package io.leaderboard.api.score;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Writes submissions to their boards and the boards linked to them. Every player row,
 * board entry and outbox row of a whole batch of submissions is one statement: one round
 * trip, in the caller's transaction, so no acknowledged score can exist without its
 * events.
 */
@Service
class ScoreSubmission {

	/**
	 * CTEs {@code existing} and {@code inserted}: finds or registers the players of an
	 * {@code input} CTE with {@code subject} and {@code nick_name} columns, without
	 * rewriting an existing users row. A subject whose concurrent first submission wins
	 * the insert is in neither: the caller runs its statement again for it.
	 */
	static final String REGISTERED_PLAYERS = """
			existing AS (
			  -- one unique-index lookup per player, planned the same with or without statistics:
			  -- as a join or "= ANY", a planner that never analysed users scans all of it
			  SELECT u.id, u.subject, u.nick_name FROM (SELECT DISTINCT subject FROM input) i
			  CROSS JOIN LATERAL (
			    SELECT u.id, u.subject, u.nick_name FROM users u WHERE u.subject = i.subject OFFSET 0
			  ) u
			), inserted AS (
			  INSERT INTO users (subject, nick_name)
			  SELECT DISTINCT ON (i.subject) i.subject, i.nick_name FROM input i
			  WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.subject = i.subject)
			  ORDER BY i.subject
			  ON CONFLICT (subject) DO NOTHING
			  RETURNING id, subject, nick_name
			)
			""";

	/**
	 * One row per submission and target board comes in as parallel arrays, the board
	 * submitted to first ({@code target} 0). Finds or registers each player without
	 * rewriting an existing users row, records each submission once in its history (the
	 * boards linked to it and its period there with it), then applies each target board's
	 * operator under the entry's row lock (so concurrent writers serialise per player and
	 * board), bumps version, games played and the outcome's counter, points the entry at
	 * the submission, and writes one {@code ScoreChanged} event per entry. Entries are
	 * written in key order, so two writers never wait for each other in a cycle.
	 * {@code rank_score} is the score as it sorts (negated on desc boards), so "better"
	 * is "lower" for every board. An entry keeps {@code reached_at} while its score does
	 * not change: among equal scores the earlier ranks first. A batch holds each player
	 * at most once, so the player identifies a submission's history row. On a board with
	 * a subscore the pair (rank_score, rank_subscore) is what sorts: best keeps the
	 * better pair, latest replaces both, increment adds to both, and reached_at is kept
	 * while the pair does not change. On a plain board subscore is null and rank_subscore
	 * 0, so each comparison of pairs is the comparison of scores it was.
	 */
	private static final String SQL_SUBMIT_SCORES = """
			WITH input AS (
			  SELECT * FROM unnest(CAST(:submission AS int[]), CAST(:target AS int[]), CAST(:subject AS varchar[]),
			                       CAST(:nickName AS varchar[]), CAST(:board AS varchar[]), CAST(:period AS varchar[]),
			                       CAST(:operator AS varchar[]), CAST(:sortOrder AS varchar[]), CAST(:score AS bigint[]),
			                       CAST(:metadata AS jsonb[]), CAST(:outcome AS varchar[]), CAST(:now AS timestamptz[]),
			                       CAST(:traceParent AS varchar[]), CAST(:idempotencyKey AS varchar[]),
			                       CAST(:linkedBoards AS varchar[]), CAST(:linkedPeriods AS varchar[]),
			                       CAST(:subscoreOrder AS varchar[]), CAST(:subscore AS bigint[]), CAST(:cohort AS varchar[]))
			    AS i(submission, target, subject, nick_name, board, period, operator, sort_order, score, metadata, outcome,
			         now, trace_parent, idempotency_key, linked_boards, linked_periods, subscore_order, subscore, cohort)
			), """
			+ REGISTERED_PLAYERS
			+ """
					, players AS (
					  SELECT i.submission, i.target, i.board, i.period, i.operator, i.sort_order, i.score, i.metadata, i.outcome,
					         i.now, i.trace_parent, i.idempotency_key, i.linked_boards, i.linked_periods, i.cohort,
					         p.id AS user_id, p.nick_name, CASE i.sort_order WHEN 'asc' THEN 1 ELSE -1 END * i.score AS rank_score,
					         i.subscore_order, i.subscore,
					         CASE i.subscore_order WHEN 'asc' THEN i.subscore WHEN 'desc' THEN -i.subscore ELSE 0 END AS rank_subscore
					  FROM input i
					  JOIN (SELECT * FROM existing UNION ALL SELECT * FROM inserted) p ON p.subject = i.subject
					), history AS (
					  -- appended to its month's partition: no index lookup, nothing read
					  INSERT INTO submissions (board, period, user_id, score, metadata, outcome, accepted_at, linked_boards,
					                           linked_periods, trace_parent, idempotency_key, subscore)
					  SELECT board, period, user_id, score, metadata, outcome, now, string_to_array(linked_boards, ','),
					         string_to_array(linked_periods, ','), trace_parent, idempotency_key, subscore
					  FROM players WHERE target = 0
					  RETURNING id, user_id
					), targets AS (
					  SELECT t.*, h.id AS submission_id,
					         CASE t.outcome WHEN 'win' THEN 1 ELSE 0 END AS wins,
					         CASE t.outcome WHEN 'loss' THEN 1 ELSE 0 END AS losses,
					         CASE t.outcome WHEN 'draw' THEN 1 ELSE 0 END AS draws
					  FROM players t JOIN history h ON h.user_id = t.user_id
					), best AS (
					  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, subscore, rank_subscore, metadata,
					                                 reached_at, updated_at, submission_id, wins, losses, draws)
					  SELECT board, period, user_id, score, rank_score, subscore, rank_subscore, metadata, now, now, submission_id,
					         wins, losses, draws
					  FROM targets WHERE operator = 'best' ORDER BY board, period, user_id
					  ON CONFLICT (board, period, user_id) DO UPDATE
					    SET previous_score = s.score, previous_subscore = s.subscore,
					        score = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                THEN EXCLUDED.score ELSE s.score END,
					        rank_score = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                     THEN EXCLUDED.rank_score ELSE s.rank_score END,
					        subscore = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                   THEN EXCLUDED.subscore ELSE s.subscore END,
					        rank_subscore = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                        THEN EXCLUDED.rank_subscore ELSE s.rank_subscore END,
					        metadata = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                   THEN EXCLUDED.metadata ELSE s.metadata END,
					        reached_at = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                     THEN EXCLUDED.reached_at ELSE s.reached_at END,
					        updated_at = CASE WHEN (EXCLUDED.rank_score, EXCLUDED.rank_subscore) < (s.rank_score, s.rank_subscore)
					                     THEN EXCLUDED.updated_at ELSE s.updated_at END,
					        version = s.version + 1, games_played = s.games_played + 1, submission_id = EXCLUDED.submission_id,
					        wins = s.wins + EXCLUDED.wins, losses = s.losses + EXCLUDED.losses, draws = s.draws + EXCLUDED.draws
					  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.subscore, s.previous_subscore,
					            s.version, s.games_played, s.metadata, s.reached_at, s.updated_at, s.submission_id, s.wins,
					            s.losses, s.draws
					), latest AS (
					  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, subscore, rank_subscore, metadata,
					                                 reached_at, updated_at, submission_id, wins, losses, draws)
					  SELECT board, period, user_id, score, rank_score, subscore, rank_subscore, metadata, now, now, submission_id,
					         wins, losses, draws
					  FROM targets WHERE operator = 'latest' ORDER BY board, period, user_id
					  ON CONFLICT (board, period, user_id) DO UPDATE
					    SET previous_score = s.score, score = EXCLUDED.score, rank_score = EXCLUDED.rank_score,
					        previous_subscore = s.subscore, subscore = EXCLUDED.subscore, rank_subscore = EXCLUDED.rank_subscore,
					        metadata = EXCLUDED.metadata,
					        reached_at = CASE WHEN EXCLUDED.score = s.score AND EXCLUDED.rank_subscore = s.rank_subscore
					                     THEN s.reached_at ELSE EXCLUDED.reached_at END,
					        updated_at = EXCLUDED.updated_at, version = s.version + 1, games_played = s.games_played + 1,
					        submission_id = EXCLUDED.submission_id,
					        wins = s.wins + EXCLUDED.wins, losses = s.losses + EXCLUDED.losses, draws = s.draws + EXCLUDED.draws
					  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.subscore, s.previous_subscore,
					            s.version, s.games_played, s.metadata, s.reached_at, s.updated_at, s.submission_id, s.wins,
					            s.losses, s.draws
					), increment AS (
					  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, subscore, rank_subscore, metadata,
					                                 reached_at, updated_at, submission_id, wins, losses, draws)
					  SELECT board, period, user_id, score, rank_score, subscore, rank_subscore, metadata, now, now, submission_id,
					         wins, losses, draws
					  FROM targets WHERE operator = 'increment' ORDER BY board, period, user_id
					  ON CONFLICT (board, period, user_id) DO UPDATE
					    SET previous_score = s.score, score = s.score + EXCLUDED.score,
					        rank_score = s.rank_score + EXCLUDED.rank_score,
					        previous_subscore = s.subscore, subscore = s.subscore + EXCLUDED.subscore,
					        rank_subscore = s.rank_subscore + EXCLUDED.rank_subscore,
					        metadata = coalesce(EXCLUDED.metadata, s.metadata),
					        reached_at = CASE WHEN EXCLUDED.score = 0 AND EXCLUDED.rank_subscore = 0
					                     THEN s.reached_at ELSE EXCLUDED.reached_at END,
					        updated_at = EXCLUDED.updated_at, version = s.version + 1, games_played = s.games_played + 1,
					        submission_id = EXCLUDED.submission_id,
					        wins = s.wins + EXCLUDED.wins, losses = s.losses + EXCLUDED.losses, draws = s.draws + EXCLUDED.draws
					  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.subscore, s.previous_subscore,
					            s.version, s.games_played, s.metadata, s.reached_at, s.updated_at, s.submission_id, s.wins,
					            s.losses, s.draws
					), written AS (
					  SELECT * FROM best UNION ALL SELECT * FROM latest UNION ALL SELECT * FROM increment
					), outbox AS (
					  INSERT INTO score_events_outbox (user_id, score, version, occurred_at, trace_parent, payload)
					  SELECT w.user_id, w.score, w.version, t.now, t.trace_parent,
					         jsonb_build_object('schemaVersion', 3, 'board', w.board, 'period', w.period,
					           'sortOrder', t.sort_order, 'userId', w.user_id, 'nickName', t.nick_name, 'score', w.score,
					           'previousScore', w.previous_score, 'version', w.version, 'gamesPlayed', w.games_played,
					           'outcomes', jsonb_build_object('wins', w.wins, 'losses', w.losses, 'draws', w.draws),
					           'metadata', w.metadata, 'reachedAt', w.reached_at, 'updatedAt', w.updated_at,
					           'occurredAt', t.now)
					         -- only a board with a subscore has these: a plain board's event is as it was
					         || CASE WHEN t.subscore_order IS NULL THEN '{}'::jsonb
					                 ELSE jsonb_build_object('subscoreOrder', t.subscore_order, 'subscore', w.subscore,
					                                         'previousSubscore', w.previous_subscore) END
					         || jsonb_strip_nulls(jsonb_build_object('cohort', t.cohort))
					  FROM written w
					  JOIN targets t ON t.board = w.board AND t.user_id = w.user_id
					  ORDER BY t.submission, w.board
					  RETURNING id
					)
					SELECT t.submission, w.board, w.period, w.user_id, t.nick_name, w.score, w.updated_at,
					       w.previous_score, w.submission_id, w.subscore, w.previous_subscore
					FROM written w
					JOIN targets t ON t.board = w.board AND t.user_id = w.user_id
					""";

	private final JdbcClient jdbc;

	private final CohortSeats cohortSeats;

	ScoreSubmission(JdbcClient jdbc, CohortSeats cohortSeats) {
		this.jdbc = jdbc;
		this.cohortSeats = cohortSeats;
	}

	/**
	 * Writes every submission to every one of its target boards, in the caller's
	 * transaction.
	 * @param submissions at most one per player
	 * @return per submission, in the same order, the entries as written (one per target)
	 * @throws ScoreRejectedException when a total would leave the range a board keeps
	 */
	List<List<StoredScore>> write(List<Submission> submissions) {
		List<List<StoredScore>> written = attempt(submissions);
		List<Integer> missing = new ArrayList<>();
		for (int i = 0; i < submissions.size(); i++) {
			if (written.get(i).isEmpty()) {
				missing.add(i);
			}
		}
		if (!missing.isEmpty()) {
			// A concurrent first submission of the same subject can win the users insert;
			// the statement then sees neither row, and running it again finds the
			// winner's.
			List<List<StoredScore>> again = attempt(missing.stream().map(submissions::get).toList());
			for (int j = 0; j < missing.size(); j++) {
				written.set(missing.get(j), again.get(j));
			}
		}
		for (int i = 0; i < submissions.size(); i++) {
			if (written.get(i).size() != submissions.get(i).targets().size()) {
				throw new IllegalStateException(
						"player " + submissions.get(i).player().subject() + " could not be registered");
			}
		}
		return written;
	}

	private List<List<StoredScore>> attempt(List<Submission> submissions) {
		Columns columns = new Columns(submissions, this.cohortSeats.place(submissions));
		List<List<StoredScore>> written = new ArrayList<>(submissions.size());
		submissions.forEach((submission) -> written.add(new ArrayList<>(submission.targets().size())));
		try {
			this.jdbc.sql(SQL_SUBMIT_SCORES)
				.param("submission", columns.submission)
				.param("target", columns.target)
				.param("subject", columns.subject)
				.param("nickName", columns.nickName)
				.param("board", columns.board)
				.param("period", columns.period)
				.param("operator", columns.operator)
				.param("sortOrder", columns.sortOrder)
				.param("score", columns.score)
				.param("metadata", columns.metadata)
				.param("outcome", columns.outcome)
				.param("now", columns.now)
				.param("traceParent", columns.traceParent)
				.param("idempotencyKey", columns.idempotencyKey)
				.param("linkedBoards", columns.linkedBoards)
				.param("linkedPeriods", columns.linkedPeriods)
				.param("subscoreOrder", columns.subscoreOrder)
				.param("subscore", columns.subscore)
				.param("cohort", columns.cohort)
				.query((RowCallbackHandler) (rs) -> written.get(rs.getInt("submission")).add(stored(rs)));
		}
		catch (DataIntegrityViolationException ex) {
			if (String.valueOf(ex.getMessage()).contains("board_scores_score_range")) {
				throw new ScoreRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Score out of range",
						"The total would pass ±9007199254740991, the largest score a board keeps; nothing was recorded.");
			}
			if (String.valueOf(ex.getMessage()).contains("board_scores_subscore_range")) {
				throw new ScoreRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Subscore out of range",
						"The subscore's total would pass ±9007199254740991, the largest subscore a board keeps; "
								+ "nothing was recorded.");
			}
			throw ex;
		}
		return written;
	}

	private static StoredScore stored(ResultSet rs) throws SQLException {
		return new StoredScore(rs.getString("board"), rs.getString("period"), rs.getLong("user_id"),
				rs.getString("nick_name"), rs.getLong("score"),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant(), (Long) rs.getObject("previous_score"),
				rs.getLong("submission_id"), (Long) rs.getObject("subscore"), (Long) rs.getObject("previous_subscore"));
	}

	/**
	 * The statement's parameters: one array per column, one element per target. The
	 * linked boards and periods of a submission travel comma-separated on its first row
	 * (neither a board id nor a period id holds a comma): PostgreSQL's arrays of arrays
	 * must be rectangular.
	 */
	private static final class Columns {

		final int[] submission;

		final int[] target;

		final String[] subject;

		final String[] nickName;

		final String[] board;

		final String[] period;

		final String[] operator;

		final String[] sortOrder;

		final long[] score;

		final String[] metadata;

		final String[] outcome;

		final String[] now;

		final String[] traceParent;

		final String[] idempotencyKey;

		final String[] linkedBoards;

		final String[] linkedPeriods;

		/** The order of each target board's subscore, null on a plain board. */
		final String[] subscoreOrder;

		/** The subscore each target board takes, null on a plain board. */
		final Long[] subscore;

		final String[] cohort;

		Columns(List<Submission> submissions, String[] cohort) {
			int rows = submissions.stream().mapToInt((submission) -> submission.targets().size()).sum();
			this.submission = new int[rows];
			this.target = new int[rows];
			this.subject = new String[rows];
			this.nickName = new String[rows];
			this.board = new String[rows];
			this.period = new String[rows];
			this.operator = new String[rows];
			this.sortOrder = new String[rows];
			this.score = new long[rows];
			this.metadata = new String[rows];
			this.outcome = new String[rows];
			this.now = new String[rows];
			this.traceParent = new String[rows];
			this.idempotencyKey = new String[rows];
			this.linkedBoards = new String[rows];
			this.linkedPeriods = new String[rows];
			this.subscoreOrder = new String[rows];
			this.subscore = new Long[rows];
			// an all-null column for a batch without cohorts
			this.cohort = (cohort != null) ? cohort : new String[rows];
			int row = 0;
			for (int i = 0; i < submissions.size(); i++) {
				Submission submission = submissions.get(i);
				// ISO-8601 with the offset: PostgreSQL reads it exactly, to the
				// microsecond
				String now = submission.now().toString();
				List<Target> targets = submission.targets();
				List<Target> linked = targets.subList(1, targets.size());
				this.linkedBoards[row] = String.join(",", linked.stream().map((each) -> each.board().id()).toList());
				this.linkedPeriods[row] = String.join(",", linked.stream().map(Target::period).toList());
				for (int t = 0; t < targets.size(); t++) {
					Target target = targets.get(t);
					this.submission[row] = i;
					this.target[row] = t;
					this.subject[row] = submission.player().subject();
					this.nickName[row] = submission.player().nickName();
					this.board[row] = target.board().id();
					this.period[row] = target.period();
					this.operator[row] = target.board().operator().id();
					this.sortOrder[row] = target.board().sortOrder().id();
					this.score[row] = submission.score();
					this.metadata[row] = submission.metadataJson();
					this.outcome[row] = (submission.outcome() != null) ? submission.outcome().id() : null;
					this.now[row] = now;
					this.traceParent[row] = submission.traceParent();
					this.idempotencyKey[row] = submission.idempotencyKey();
					if (target.board().competition().hasSubscore()) {
						this.subscoreOrder[row] = target.board().competition().subscoreOrder().id();
						this.subscore[row] = submission.subscoreOrZero();
					}
					row++;
				}
			}
		}

	}

}
