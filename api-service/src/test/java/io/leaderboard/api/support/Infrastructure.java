package io.leaderboard.api.support;

import io.leaderboard.api.board.BoardCatalog;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A clean slate for each test in the real PostgreSQL and Redis. */
public final class Infrastructure {

	private Infrastructure() {
	}

	/** Only the global board, no players, an empty Redis. */
	public static void reset(JdbcClient jdbc, StringRedisTemplate redis, BoardCatalog catalog) {
		resetPostgres(jdbc);
		redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		catalog.refresh();
	}

	public static void resetPostgres(JdbcClient jdbc) {
		jdbc.sql(
				"TRUNCATE score_events_outbox, period_results, closed_periods, board_scores, hidden_players, tournament_players, tournament_sizes, board_cohorts, cohort_fill, users, idempotency_keys, submissions RESTART IDENTITY")
			.update();
		jdbc.sql("DELETE FROM leaderboards WHERE id <> 'global'").update();
	}

}
