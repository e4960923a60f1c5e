package io.leaderboard.api.leaderboard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.board.Board;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.events.SortOrder;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rank a just-written score has: 1 + the number of other visible players with a
 * strictly better score. Known at once from the ZSET, before the score itself is
 * projected. A hidden player is not in the ZSET, so their answer is the rank they would
 * have: a shadow ban looks normal to the player.
 */
@Component
public class RankCounter {

	private static final Logger logger = LoggerFactory.getLogger(RankCounter.class);

	/**
	 * KEYS: scores, members. ARGV: user id, new stored score, previous stored score or
	 * ''. The player's own projected entry is not counted against the new score. Returns
	 * {better than new, better than previous (-1: none)}.
	 */
	private static final String COUNT_BETTER_LUA = """
			local better = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[2])
			local own = redis.call('HGET', KEYS[2], ARGV[1])
			if own then
			  local stored = redis.call('ZSCORE', KEYS[1], own)
			  if stored and tonumber(stored) < tonumber(ARGV[2]) then better = better - 1 end
			end
			local before = -1
			if ARGV[3] ~= '' then before = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[3]) end
			return {better, before}
			""";

	private static final RedisScript<List> COUNT_BETTER = RedisScript.of(COUNT_BETTER_LUA, List.class);

	private static final byte[] COUNT_BETTER_BYTES = bytes(COUNT_BETTER_LUA);

	private static final String SQL_COUNT_BETTER = """
			SELECT count(*) FILTER (WHERE s.rank_score < :stored) AS better,
			       count(*) FILTER (WHERE s.rank_score < :previous) AS before
			FROM board_scores s
			WHERE s.board = :board AND s.period = :period AND s.user_id <> :userId
			  AND s.rank_score < greatest(:stored, :previous)
			  AND NOT EXISTS (SELECT 1 FROM hidden_players h WHERE h.board = s.board AND h.user_id = s.user_id)
			""";

	private final StringRedisTemplate redis;

	private final JdbcClient jdbc;

	RankCounter(StringRedisTemplate redis, JdbcClient jdbc) {
		this.redis = redis;
		this.jdbc = jdbc;
	}

	/**
	 * The ranks of a score and of the previous score, if any. The write has already
	 * succeeded when this runs, so a Redis outage falls back to PostgreSQL, never to an
	 * error.
	 */
	public Ranks ranksOf(Board board, String period, long userId, long score, Long previousScore) {
		long stored = board.sortOrder().stored(score);
		Long previous = (previousScore != null) ? board.sortOrder().stored(previousScore) : null;
		LeaderboardKeys keys = LeaderboardKeys.of(board.id(), period);
		try {
			List<?> counts = this.redis.execute(COUNT_BETTER, List.of(keys.scores(), keys.members()),
					Long.toString(userId), Long.toString(stored), (previous != null) ? Long.toString(previous) : "");
			long before = ((Number) counts.get(1)).longValue();
			return new Ranks(1 + ((Number) counts.get(0)).longValue(), (before < 0) ? null : 1 + before);
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot count ranks, counting in PostgreSQL: {}", ex.getMessage());
			return this.jdbc.sql(SQL_COUNT_BETTER)
				.param("board", board.id())
				.param("period", period)
				.param("userId", userId)
				.param("stored", stored)
				.param("previous", (previous != null) ? previous : stored)
				.query((rs, row) -> new Ranks(1 + rs.getLong("better"),
						(previous != null) ? 1 + rs.getLong("before") : null))
				.single();
		}
	}

	/**
	 * The ranks of many just-written scores in one round trip to Redis (a group commit's
	 * batch), or empty when Redis cannot answer: then each is counted alone, with
	 * {@link #ranksOf(Board, String, long, long, Long)}, which falls back to PostgreSQL.
	 */
	public Optional<List<Ranks>> ranksOf(List<Written> written) {
		List<Object> counts;
		try {
			counts = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
				for (Written one : written) {
					SortOrder order = one.board().sortOrder();
					LeaderboardKeys keys = LeaderboardKeys.of(one.board().id(), one.period());
					connection.scriptingCommands()
						.eval(COUNT_BETTER_BYTES, ReturnType.MULTI, 2, bytes(keys.scores()), bytes(keys.members()),
								bytes(Long.toString(one.userId())), bytes(Long.toString(order.stored(one.score()))),
								bytes((one.previousScore() != null) ? Long.toString(order.stored(one.previousScore()))
										: ""));
				}
				return null;
			});
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot count the ranks of a batch; counting each alone: {}", ex.getMessage());
			return Optional.empty();
		}
		List<Ranks> ranks = new ArrayList<>(written.size());
		for (Object count : counts) {
			List<?> pair = (List<?>) count;
			long before = ((Number) pair.get(1)).longValue();
			ranks.add(new Ranks(1 + ((Number) pair.get(0)).longValue(), (before < 0) ? null : 1 + before));
		}
		return Optional.of(ranks);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A score as written, to be ranked on its board.
	 *
	 * @param previousScore the score stored before, null for a first score in the period
	 */
	public record Written(Board board, String period, long userId, long score, Long previousScore) {

	}

	/** A rank and the previous rank, null for a first score. */
	public record Ranks(long rank, Long previousRank) {

	}

}
