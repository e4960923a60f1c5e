package io.leaderboard.api.score;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.leaderboard.events.EventCodec;
import io.leaderboard.support.EventTracing;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a submission to its board and the boards linked to it. The player row, every
 * board entry and every outbox row are one statement: one round trip, one transaction, so
 * no acknowledged score can exist without its events.
 */
@Service
class ScoreSubmission {

	/**
	 * Finds or registers the player without rewriting an existing users row, then applies
	 * each target board's operator under the entry's row lock (so concurrent submissions
	 * serialise per player and board), bumps version and games played, and writes one
	 * {@code ScoreChanged} event per entry. {@code rank_score} is the score as it sorts
	 * (negated on desc boards), so "better" is "lower" for every board. An entry keeps
	 * {@code reached_at} while its score does not change: among equal scores the earlier
	 * ranks first.
	 */
	private static final String SQL_SUBMIT_SCORE = """
			WITH existing AS (
			  SELECT id, nick_name FROM users WHERE subject = :subject
			), inserted AS (
			  INSERT INTO users (subject, nick_name)
			  SELECT :subject, :nickName WHERE NOT EXISTS (SELECT 1 FROM existing)
			  ON CONFLICT (subject) DO NOTHING
			  RETURNING id, nick_name
			), player AS (
			  SELECT id, nick_name FROM existing UNION ALL SELECT id, nick_name FROM inserted
			), targets AS (
			  SELECT t.board, t.period, t.operator, t.sort_order, p.id AS user_id,
			         CASE t.sort_order WHEN 'asc' THEN 1 ELSE -1 END * CAST(:score AS bigint) AS rank_score
			  FROM jsonb_to_recordset(CAST(:targets AS jsonb))
			       AS t(board varchar, period varchar, operator varchar, sort_order varchar)
			  CROSS JOIN player p
			), previous AS (
			  -- one primary-key lookup per target: joined, the planner would hash the whole
			  -- table (it takes jsonb_to_recordset for 100 rows); OFFSET 0 keeps it a lookup
			  SELECT t.board, prev.score FROM targets t
			  CROSS JOIN LATERAL (
			    SELECT s.score FROM board_scores s
			    WHERE s.board = t.board AND s.period = t.period AND s.user_id = t.user_id OFFSET 0
			  ) prev
			), best AS (
			  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, metadata, reached_at, updated_at)
			  SELECT board, period, user_id, :score, rank_score, CAST(:metadata AS jsonb), :now, :now
			  FROM targets WHERE operator = 'best'
			  ON CONFLICT (board, period, user_id) DO UPDATE
			    SET score = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.score ELSE s.score END,
			        rank_score = least(EXCLUDED.rank_score, s.rank_score),
			        metadata = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.metadata ELSE s.metadata END,
			        reached_at = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.reached_at ELSE s.reached_at END,
			        updated_at = CASE WHEN EXCLUDED.rank_score < s.rank_score THEN EXCLUDED.updated_at ELSE s.updated_at END,
			        version = s.version + 1, games_played = s.games_played + 1
			  RETURNING s.board, s.period, s.score, s.version, s.games_played, s.metadata, s.reached_at, s.updated_at
			), latest AS (
			  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, metadata, reached_at, updated_at)
			  SELECT board, period, user_id, :score, rank_score, CAST(:metadata AS jsonb), :now, :now
			  FROM targets WHERE operator = 'latest'
			  ON CONFLICT (board, period, user_id) DO UPDATE
			    SET score = EXCLUDED.score, rank_score = EXCLUDED.rank_score, metadata = EXCLUDED.metadata,
			        reached_at = CASE WHEN EXCLUDED.score = s.score THEN s.reached_at ELSE EXCLUDED.reached_at END,
			        updated_at = EXCLUDED.updated_at, version = s.version + 1, games_played = s.games_played + 1
			  RETURNING s.board, s.period, s.score, s.version, s.games_played, s.metadata, s.reached_at, s.updated_at
			), increment AS (
			  INSERT INTO board_scores AS s (board, period, user_id, score, rank_score, metadata, reached_at, updated_at)
			  SELECT board, period, user_id, :score, rank_score, CAST(:metadata AS jsonb), :now, :now
			  FROM targets WHERE operator = 'increment'
			  ON CONFLICT (board, period, user_id) DO UPDATE
			    SET score = s.score + EXCLUDED.score, rank_score = s.rank_score + EXCLUDED.rank_score,
			        metadata = coalesce(EXCLUDED.metadata, s.metadata),
			        reached_at = CASE WHEN EXCLUDED.score = 0 THEN s.reached_at ELSE EXCLUDED.reached_at END,
			        updated_at = EXCLUDED.updated_at, version = s.version + 1, games_played = s.games_played + 1
			  RETURNING s.board, s.period, s.score, s.version, s.games_played, s.metadata, s.reached_at, s.updated_at
			), written AS (
			  SELECT * FROM best UNION ALL SELECT * FROM latest UNION ALL SELECT * FROM increment
			), outbox AS (
			  INSERT INTO score_events_outbox (user_id, score, version, occurred_at, trace_parent, payload)
			  SELECT t.user_id, w.score, w.version, :now, CAST(:traceParent AS varchar),
			         jsonb_build_object('schemaVersion', 2, 'board', w.board, 'period', w.period,
			           'sortOrder', t.sort_order, 'userId', t.user_id, 'nickName', p.nick_name, 'score', w.score,
			           'previousScore', prev.score, 'version', w.version, 'gamesPlayed', w.games_played,
			           'metadata', w.metadata, 'reachedAt', w.reached_at, 'updatedAt', w.updated_at,
			           'occurredAt', CAST(:now AS timestamptz))
			  FROM written w
			  JOIN targets t ON t.board = w.board
			  CROSS JOIN player p
			  LEFT JOIN previous prev ON prev.board = w.board
			  ORDER BY w.board
			  RETURNING id
			)
			SELECT w.board, w.period, p.id AS user_id, p.nick_name, w.score, w.updated_at, prev.score AS previous_score
			FROM written w
			CROSS JOIN player p
			LEFT JOIN previous prev ON prev.board = w.board
			""";

	private final JdbcClient jdbc;

	private final EventCodec codec;

	private final EventTracing tracing;

	ScoreSubmission(JdbcClient jdbc, EventCodec codec, EventTracing tracing) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.tracing = tracing;
	}

	/**
	 * Writes the submission to every target board.
	 * @return the entries as written, one per target
	 */
	@Transactional
	public List<StoredScore> submit(Player player, List<Target> targets, long score, JsonNode metadata, Instant now) {
		List<StoredScore> stored = attempt(player, targets, score, metadata, now);
		if (stored.isEmpty()) {
			// A concurrent first submission of the same subject can win the users insert;
			// the statement then sees neither row, and running it again finds the
			// winner's.
			stored = attempt(player, targets, score, metadata, now);
		}
		if (stored.size() != targets.size()) {
			throw new IllegalStateException("player " + player.subject() + " could not be registered");
		}
		return stored;
	}

	private List<StoredScore> attempt(Player player, List<Target> targets, long score, JsonNode metadata, Instant now) {
		List<Map<String, String>> rows = new ArrayList<>();
		for (Target target : targets) {
			rows.add(Map.of("board", target.board().id(), "period", target.period(), "operator",
					target.board().operator().id(), "sort_order", target.board().sortOrder().id()));
		}
		try {
			return this.jdbc.sql(SQL_SUBMIT_SCORE)
				.param("subject", player.subject())
				.param("nickName", player.nickName())
				.param("score", score)
				.param("targets", this.codec.toJson(rows))
				.param("metadata", (metadata != null) ? this.codec.toJson(metadata) : null)
				.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				// the request's trace, which the publisher carries on in the event's
				// headers
				.param("traceParent", this.tracing.currentTraceParent())
				.query(ScoreSubmission::stored)
				.list();
		}
		catch (DataIntegrityViolationException ex) {
			if (String.valueOf(ex.getMessage()).contains("board_scores_score_range")) {
				throw new ScoreRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, "Score out of range",
						"The total would pass ±9007199254740991, the largest score a board keeps; nothing was recorded.");
			}
			throw ex;
		}
	}

	private static StoredScore stored(ResultSet rs, int row) throws SQLException {
		return new StoredScore(rs.getString("board"), rs.getString("period"), rs.getLong("user_id"),
				rs.getString("nick_name"), rs.getLong("score"),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant(), (Long) rs.getObject("previous_score"));
	}

}
