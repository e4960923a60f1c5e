package io.leaderboard.api.leaderboard;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardKeys;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rank a score has on the board: 1 + the number of other players with a strictly
 * higher score. Known at once from the ZSET, before the score itself is projected.
 */
@Component
public class RankCounter {

	private static final Logger logger = LoggerFactory.getLogger(RankCounter.class);

	/** Both counts in one round trip; -1 when there is no previous score. */
	private static final RedisScript<List> COUNT_HIGHER = RedisScript.of("""
			local higher = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf')
			local before = -1
			if ARGV[2] ~= '' then before = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf') end
			return {higher, before}
			""", List.class);

	private static final String SQL_COUNT_HIGHER = """
			SELECT count(*) FILTER (WHERE score > :score) AS higher,
			       count(*) FILTER (WHERE score > :previous) AS before
			FROM user_scores
			WHERE score > least(:score, :previous)
			""";

	private final StringRedisTemplate redis;

	private final JdbcClient jdbc;

	private final String scoresKey = LeaderboardKeys.of(Boards.GLOBAL).scores();

	RankCounter(StringRedisTemplate redis, JdbcClient jdbc) {
		this.redis = redis;
		this.jdbc = jdbc;
	}

	/**
	 * The ranks of a score and of the previous score, if any. The write has already
	 * succeeded when this runs, so a Redis outage falls back to PostgreSQL, never to an
	 * error.
	 */
	public Ranks ranksOf(long score, Long previousScore) {
		try {
			List<?> counts = this.redis.execute(COUNT_HIGHER, List.of(this.scoresKey), Long.toString(score),
					(previousScore != null) ? Long.toString(previousScore) : "");
			long before = ((Number) counts.get(1)).longValue();
			return new Ranks(1 + ((Number) counts.get(0)).longValue(), (before < 0) ? null : 1 + before);
		}
		catch (DataAccessException ex) {
			logger.warn("Redis cannot count ranks, counting in PostgreSQL: {}", ex.getMessage());
			long previous = (previousScore != null) ? previousScore : score;
			return this.jdbc.sql(SQL_COUNT_HIGHER)
				.param("score", score)
				.param("previous", previous)
				.query((rs, row) -> new Ranks(1 + rs.getLong("higher"),
						(previousScore != null) ? 1 + rs.getLong("before") : null))
				.single();
		}
	}

	/** A rank and the previous rank, null for a first score. */
	public record Ranks(long rank, Long previousRank) {

	}

}
