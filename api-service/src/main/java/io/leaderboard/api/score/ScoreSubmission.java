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
	 * One row per submission and target board comes in as parallel arrays. Finds or
	 * registers each player without rewriting an existing users row, then applies each
	 * target board's operator under the entry's row lock (so concurrent writers serialise
	 * per player and board), bumps version and games played, and writes one
	 * {@code ScoreChanged} event per entry. Entries are written in key order, so two
	 * writers never wait for each other in a cycle. {@code rank_score} is the score as it
	 * sorts (negated on desc boards), so "better" is "lower" for every board. An entry
	 * keeps {@code reached_at} while its score does not change: among equal scores the
	 * earlier ranks first. A batch holds each player at most once.
	 */
	private static final String SQL_SUBMIT_SCORES = """
			WITH input AS (
			  SELECT * FROM unnest(CAST(:submission AS int[]), CAST(:subject AS varchar[]),
			                       CAST(:nickName AS varchar[]), CAST(:board AS varchar[]), CAST(:period AS varchar[]),
			                       CAST(:operator AS varchar[]), CAST(:sortOrder AS varchar[]), CAST(:score AS bigint[]),
			                       CAST(:metadata AS jsonb[]), CAST(:now AS timestamptz[]), CAST(:traceParent AS varchar[]))
			    AS i(submission, subject, nick_name, board, period, operator, sort_order, score, metadata, now, trace_parent)
			), existing AS (
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
			), targets AS (
			  SELECT i.submission, i.board, i.period, i.operator, i.sort_order, i.score, i.metadata, i.now, i.trace_parent,
			         p.id AS user_id, p.nick_name, CASE i.sort_order WHEN 'asc' THEN 1 ELSE -1 END * i.score AS rank_score
			  FROM input i
			  JOIN (SELECT * FROM existing UNION ALL SELECT * FROM inserted) p ON p.subject = i.subject
			), best AS (
			  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, metadata, reached_at, updated_at)
			  SELECT board, period, user_id, score, rank_score, metadata, now, now
			  FROM targets WHERE operator = 'best' ORDER BY board, period, user_id
			  ON CONFLICT (board, period, user_id) DO UPDATE
			    SET previous_score = s.score,
			        score = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.score ELSE s.score END,
			        rank_score = least(EXCLUDED.rank_score, s.rank_score),
			        metadata = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.metadata ELSE s.metadata END,
			        reached_at = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.reached_at ELSE s.reached_at END,
			        updated_at = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.updated_at ELSE s.updated_at END,
			        version = s.version + 1, games_played = s.games_played + 1
			  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.version, s.games_played,
			            s.metadata, s.reached_at, s.updated_at
			), latest AS (
			  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, metadata, reached_at, updated_at)
			  SELECT board, period, user_id, score, rank_score, metadata, now, now
			  FROM targets WHERE operator = 'latest' ORDER BY board, period, user_id
			  ON CONFLICT (board, period, user_id) DO UPDATE
			    SET previous_score = s.score, score = EXCLUDED.score, rank_score = EXCLUDED.rank_score,
			        metadata = EXCLUDED.metadata,
			        reached_at = CASE WHEN EXCLUDED.score = s.score THEN s.reached_at ELSE EXCLUDED.reached_at END,
			        updated_at = EXCLUDED.updated_at, version = s.version + 1, games_played = s.games_played + 1
			  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.version, s.games_played,
			            s.metadata, s.reached_at, s.updated_at
			), increment AS (
			  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, metadata, reached_at, updated_at)
			  SELECT board, period, user_id, score, rank_score, metadata, now, now
			  FROM targets WHERE operator = 'increment' ORDER BY board, period, user_id
			  ON CONFLICT (board, period, user_id) DO UPDATE
			    SET previous_score = s.score, score = s.score + EXCLUDED.score,
			        rank_score = s.rank_score + EXCLUDED.rank_score,
			        metadata = coalesce(EXCLUDED.metadata, s.metadata),
			        reached_at = CASE WHEN EXCLUDED.score = 0 THEN s.reached_at ELSE EXCLUDED.reached_at END,
			        updated_at = EXCLUDED.updated_at, version = s.version + 1, games_played = s.games_played + 1
			  RETURNING s.board, s.period, s.user_id, s.score, s.previous_score, s.version, s.games_played,
			            s.metadata, s.reached_at, s.updated_at
			), written AS (
			  SELECT * FROM best UNION ALL SELECT * FROM latest UNION ALL SELECT * FROM increment
			), outbox AS (
			  INSERT INTO score_events_outbox (user_id, score, version, occurred_at, trace_parent, payload)
			  SELECT w.user_id, w.score, w.version, t.now, t.trace_parent,
			         jsonb_build_object('schemaVersion', 2, 'board', w.board, 'period', w.period,
			           'sortOrder', t.sort_order, 'userId', w.user_id, 'nickName', t.nick_name, 'score', w.score,
			           'previousScore', w.previous_score, 'version', w.version, 'gamesPlayed', w.games_played,
			           'metadata', w.metadata, 'reachedAt', w.reached_at, 'updatedAt', w.updated_at,
			           'occurredAt', t.now)
			  FROM written w
			  JOIN targets t ON t.board = w.board AND t.user_id = w.user_id
			  ORDER BY t.submission, w.board
			  RETURNING id
			)
			SELECT t.submission, w.board, w.period, w.user_id, t.nick_name, w.score, w.updated_at,
			       w.previous_score
			FROM written w
			JOIN targets t ON t.board = w.board AND t.user_id = w.user_id
			""";

	private final JdbcClient jdbc;

	ScoreSubmission(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
		Columns columns = new Columns(submissions);
		List<List<StoredScore>> written = new ArrayList<>(submissions.size());
		submissions.forEach((submission) -> written.add(new ArrayList<>(submission.targets().size())));
		try {
			this.jdbc.sql(SQL_SUBMIT_SCORES)
				.param("submission", columns.submission)
				.param("subject", columns.subject)
				.param("nickName", columns.nickName)
				.param("board", columns.board)
				.param("period", columns.period)
				.param("operator", columns.operator)
				.param("sortOrder", columns.sortOrder)
				.param("score", columns.score)
				.param("metadata", columns.metadata)
				.param("now", columns.now)
				.param("traceParent", columns.traceParent)
				.query((RowCallbackHandler) (rs) -> written.get(rs.getInt("submission")).add(stored(rs)));
		}
		catch (DataIntegrityViolationException ex) {
			if (String.valueOf(ex.getMessage()).contains("board_scores_score_range")) {
				throw new ScoreRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Score out of range",
						"The total would pass ±9007199254740991, the largest score a board keeps; nothing was recorded.");
			}
			throw ex;
		}
		return written;
	}

	private static StoredScore stored(ResultSet rs) throws SQLException {
		return new StoredScore(rs.getString("board"), rs.getString("period"), rs.getLong("user_id"),
				rs.getString("nick_name"), rs.getLong("score"),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant(), (Long) rs.getObject("previous_score"));
	}

	/** The statement's parameters: one array per column, one element per target. */
	private static final class Columns {

		final int[] submission;

		final String[] subject;

		final String[] nickName;

		final String[] board;

		final String[] period;

		final String[] operator;

		final String[] sortOrder;

		final long[] score;

		final String[] metadata;

		final String[] now;

		final String[] traceParent;

		Columns(List<Submission> submissions) {
			int rows = submissions.stream().mapToInt((submission) -> submission.targets().size()).sum();
			this.submission = new int[rows];
			this.subject = new String[rows];
			this.nickName = new String[rows];
			this.board = new String[rows];
			this.period = new String[rows];
			this.operator = new String[rows];
			this.sortOrder = new String[rows];
			this.score = new long[rows];
			this.metadata = new String[rows];
			this.now = new String[rows];
			this.traceParent = new String[rows];
			int row = 0;
			for (int i = 0; i < submissions.size(); i++) {
				Submission submission = submissions.get(i);
				// ISO-8601 with the offset: PostgreSQL reads it exactly, to the
				// microsecond
				String now = submission.now().toString();
				for (Target target : submission.targets()) {
					this.submission[row] = i;
					this.subject[row] = submission.player().subject();
					this.nickName[row] = submission.player().nickName();
					this.board[row] = target.board().id();
					this.period[row] = target.period();
					this.operator[row] = target.board().operator().id();
					this.sortOrder[row] = target.board().sortOrder().id();
					this.score[row] = submission.score();
					this.metadata[row] = submission.metadataJson();
					this.now[row] = now;
					this.traceParent[row] = submission.traceParent();
					row++;
				}
			}
		}

	}

}
