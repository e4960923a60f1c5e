package io.leaderboard.api.moderation;

import io.leaderboard.api.board.Board;
import io.leaderboard.events.PlayerHidden;
import io.leaderboard.events.PlayerShown;
import io.leaderboard.support.EventTracing;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Hides players from a board and shows them again: records the decision in
 * {@code hidden_players} and, in the same transaction, its event ({@link PlayerHidden},
 * {@link PlayerShown}) in the outbox. The projection worker applies the event to Redis,
 * moving the player's entries of every period between the visible and the hidden ZSET, so
 * every read, rank count and notification leaves them out; api-service writes no
 * projection key. Every request writes its event, even when the decision was already so:
 * repeating a request also repairs a projection that missed it.
 */
@Service
class HiddenPlayers {

	/**
	 * Statement of its own, before the decision: the decision's statement then sees every
	 * decision about the player committed while this one waited for the lock, and draws a
	 * higher version than theirs.
	 */
	private static final String SQL_LOCK_PLAYER = """
			SELECT id FROM users WHERE id = :userId FOR NO KEY UPDATE
			""";

	private static final String SQL_HIDE = """
			WITH hidden AS (
			  INSERT INTO hidden_players (board, user_id) VALUES (:board, :userId)
			  ON CONFLICT (board, user_id) DO NOTHING
			)
			INSERT INTO score_events_outbox (user_id, version, occurred_at, trace_parent, event_type, payload)
			SELECT :userId, d.version, now(), CAST(:traceParent AS varchar), :eventType,
			       jsonb_build_object('schemaVersion', :schemaVersion, 'board', CAST(:board AS varchar),
			         'sortOrder', CAST(:sortOrder AS varchar), 'userId', CAST(:userId AS bigint), 'version', d.version,
			         'occurredAt', now())
			FROM (SELECT nextval('moderation_versions') AS version) d
			""";

	private static final String SQL_SHOW = """
			WITH shown AS (
			  DELETE FROM hidden_players WHERE board = :board AND user_id = :userId
			)
			INSERT INTO score_events_outbox (user_id, version, occurred_at, trace_parent, event_type, payload)
			SELECT :userId, d.version, now(), CAST(:traceParent AS varchar), :eventType,
			       jsonb_build_object('schemaVersion', :schemaVersion, 'board', CAST(:board AS varchar),
			         'sortOrder', CAST(:sortOrder AS varchar), 'userId', CAST(:userId AS bigint), 'version', d.version,
			         'occurredAt', now())
			FROM (SELECT nextval('moderation_versions') AS version) d
			""";

	private final JdbcClient jdbc;

	private final EventTracing tracing;

	HiddenPlayers(JdbcClient jdbc, EventTracing tracing) {
		this.jdbc = jdbc;
		this.tracing = tracing;
	}

	@Transactional
	public void hide(Board board, long userId) {
		decide(SQL_HIDE, PlayerHidden.TYPE, PlayerHidden.SCHEMA_VERSION, board, userId);
	}

	@Transactional
	public void show(Board board, long userId) {
		decide(SQL_SHOW, PlayerShown.TYPE, PlayerShown.SCHEMA_VERSION, board, userId);
	}

	private void decide(String sql, String eventType, int schemaVersion, Board board, long userId) {
		boolean known = this.jdbc.sql(SQL_LOCK_PLAYER).param("userId", userId).query(Long.class).optional().isPresent();
		if (!known) {
			ErrorResponseException notFound = new ErrorResponseException(HttpStatus.NOT_FOUND);
			notFound.getBody().setTitle("Player not found");
			notFound.getBody().setDetail("There is no player " + userId + ".");
			throw notFound;
		}
		this.jdbc.sql(sql)
			.param("board", board.id())
			.param("userId", userId)
			.param("sortOrder", board.sortOrder().id())
			.param("eventType", eventType)
			.param("schemaVersion", schemaVersion)
			.param("traceParent", this.tracing.currentTraceParent())
			.update();
	}

}
