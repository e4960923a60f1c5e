package io.leaderboard.api.score;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a player's score under the best-score rule. The player row, the score row and
 * the outbox row are one statement: one round trip, one transaction, so no acknowledged
 * score can exist without its event.
 */
@Service
public class ScoreSubmission {

	/**
	 * Finds or registers the player without rewriting an existing users row, raises the
	 * score only when the new one is strictly higher (bumping the version under the row
	 * lock, so concurrent submissions serialise per player), and inserts the
	 * {@code ScoreChanged} event only when the score row was written.
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
			), previous AS (
			  SELECT s.score, s.updated_at FROM user_scores s JOIN player p ON s.user_id = p.id
			), written AS (
			  INSERT INTO user_scores AS s (user_id, score, version, updated_at)
			  SELECT id, :score, 1, now() FROM player
			  ON CONFLICT (user_id) DO UPDATE
			    SET score = EXCLUDED.score, version = s.version + 1, updated_at = EXCLUDED.updated_at
			    WHERE s.score < EXCLUDED.score
			  RETURNING s.user_id, s.score, s.version, s.updated_at
			), outbox AS (
			  INSERT INTO score_events_outbox (user_id, score, version, occurred_at, payload)
			  SELECT w.user_id, w.score, w.version, w.updated_at,
			         jsonb_build_object('schemaVersion', 1, 'board', 'global', 'userId', w.user_id,
			           'nickName', p.nick_name, 'score', w.score, 'previousScore', (SELECT score FROM previous),
			           'version', w.version, 'occurredAt', w.updated_at)
			  FROM written w CROSS JOIN player p
			  RETURNING id
			)
			SELECT p.id AS user_id, p.nick_name,
			       coalesce(w.score, prev.score) AS score,
			       coalesce(w.updated_at, prev.updated_at) AS updated_at,
			       (w.user_id IS NOT NULL) AS accepted,
			       prev.score AS previous_score
			FROM player p
			LEFT JOIN written w ON true
			LEFT JOIN previous prev ON true
			""";

	private final JdbcClient jdbc;

	public ScoreSubmission(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	public StoredScore submit(Player player, long score) {
		// A concurrent first submission of the same subject can win the users insert; the
		// statement then sees neither row, and running it again finds the winner's row.
		return attempt(player, score).or(() -> attempt(player, score))
			.orElseThrow(() -> new IllegalStateException("player " + player.subject() + " could not be registered"));
	}

	private Optional<StoredScore> attempt(Player player, long score) {
		return this.jdbc.sql(SQL_SUBMIT_SCORE)
			.param("subject", player.subject())
			.param("nickName", player.nickName())
			.param("score", score)
			.query((rs, row) -> new StoredScore(rs.getLong("user_id"), rs.getString("nick_name"), rs.getLong("score"),
					rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getBoolean("accepted"),
					(Long) rs.getObject("previous_score")))
			.optional();
	}

}
