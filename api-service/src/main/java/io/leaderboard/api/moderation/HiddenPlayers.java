package io.leaderboard.api.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardKeys;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Hides players from a board and shows them again. PostgreSQL records the decision; in
 * Redis the player's entries move between the visible and the hidden ZSET of every
 * period, so every read, rank count and notification leaves them out with no filtering,
 * and the ranks behind them close up. The projector checks the hidden set in the same
 * script that writes an entry, so a hidden player's new scores go straight to the hidden
 * ZSET.
 */
@Service
class HiddenPlayers {

	private static final String SQL_HIDE = """
			WITH player AS (
			  SELECT id FROM users WHERE id = :userId
			), hidden AS (
			  INSERT INTO hidden_players (board, user_id) SELECT :board, id FROM player
			  ON CONFLICT (board, user_id) DO NOTHING
			  RETURNING user_id
			)
			SELECT EXISTS (SELECT 1 FROM player) AS known
			""";

	private static final String SQL_SHOW = """
			WITH player AS (
			  SELECT id FROM users WHERE id = :userId
			), shown AS (
			  DELETE FROM hidden_players WHERE board = :board AND user_id IN (SELECT id FROM player)
			  RETURNING user_id
			)
			SELECT EXISTS (SELECT 1 FROM player) AS known
			""";

	/**
	 * KEYS: hidden set, periods set, then per period: scores, hidden scores, members,
	 * cached top, generation. ARGV: user id, 'hide' or 'show'. Moves the player's entry
	 * of every period listed, drops the stale cached tops, and returns how many periods
	 * the board has now, so a period created meanwhile is noticed and the move repeated.
	 */
	private static final RedisScript<Long> MOVE = RedisScript.of("""
			local hide = ARGV[2] == 'hide'
			if hide then redis.call('SADD', KEYS[1], ARGV[1]) else redis.call('SREM', KEYS[1], ARGV[1]) end
			for i = 3, #KEYS, 5 do
			  local from, to = KEYS[i], KEYS[i + 1]
			  if not hide then from, to = KEYS[i + 1], KEYS[i] end
			  local member = redis.call('HGET', KEYS[i + 2], ARGV[1])
			  if member then
			    local stored = redis.call('ZSCORE', from, member)
			    if stored then
			      redis.call('ZREM', from, member)
			      redis.call('ZADD', to, stored, member)
			      redis.call('DEL', KEYS[i + 3])
			      redis.call('INCR', KEYS[i + 4])
			    end
			  end
			end
			return redis.call('SCARD', KEYS[2])
			""", Long.class);

	private static final int ATTEMPTS = 5;

	private final JdbcClient jdbc;

	private final StringRedisTemplate redis;

	HiddenPlayers(JdbcClient jdbc, StringRedisTemplate redis) {
		this.jdbc = jdbc;
		this.redis = redis;
	}

	void hide(String board, long userId) {
		change(SQL_HIDE, board, userId);
		move(board, userId, "hide");
	}

	void show(String board, long userId) {
		change(SQL_SHOW, board, userId);
		move(board, userId, "show");
	}

	private void change(String sql, String board, long userId) {
		boolean known = this.jdbc.sql(sql).param("board", board).param("userId", userId).query(Boolean.class).single();
		if (!known) {
			ErrorResponseException notFound = new ErrorResponseException(HttpStatus.NOT_FOUND);
			notFound.getBody().setTitle("Player not found");
			notFound.getBody().setDetail("There is no player " + userId + ".");
			throw notFound;
		}
	}

	private void move(String board, long userId, String direction) {
		LeaderboardKeys boardKeys = LeaderboardKeys.of(board, Boards.ALL_TIME);
		try {
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				Set<String> periods = this.redis.opsForSet().members(boardKeys.periods());
				List<String> keys = new ArrayList<>(List.of(boardKeys.hidden(), boardKeys.periods()));
				for (String period : (periods != null) ? periods : Set.<String>of()) {
					LeaderboardKeys keysOf = LeaderboardKeys.of(board, period);
					keys.addAll(List.of(keysOf.scores(), keysOf.hiddenScores(), keysOf.members(), keysOf.top(),
							keysOf.generation()));
				}
				Long now = this.redis.execute(MOVE, keys, Long.toString(userId), direction);
				if (now != null && now == ((periods != null) ? periods.size() : 0)) {
					return;
				}
			}
		}
		catch (DataAccessException ex) {
			ErrorResponseException unavailable = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, ex);
			unavailable.getBody().setTitle("Rankings unavailable");
			unavailable.getBody()
				.setDetail("The decision is recorded, but the rankings could not be updated yet; "
						+ "repeat the same request to finish it.");
			unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			throw unavailable;
		}
	}

}
