package io.leaderboard.api.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.leaderboard.testsupport.RedisDigest;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What PostgreSQL and Redis hold, in a form that compares: counts, checksums of every row
 * and every Redis value, the rate limiter's buckets left out (counting a refused request
 * is its job). Two snapshots are equal when a request changed nothing.
 */
public record StoreState(Map<String, Object> postgres, long redisKeys, String redisDigest) {

	private static final String LIMITER = "leaderboard:ratelimit:";

	public static StoreState of(JdbcClient jdbc, StringRedisTemplate redis) {
		Map<String, Object> postgres = jdbc.sql("""
				SELECT (SELECT count(*) FROM users) AS users,
				       (SELECT count(*) FROM board_scores) AS board_scores,
				       (SELECT count(*) FROM submissions) AS submissions,
				       (SELECT count(*) FROM score_events_outbox) AS outbox,
				       (SELECT count(*) FROM idempotency_keys) AS idempotency_keys,
				       (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY board, period, user_id), ''))
				        FROM board_scores s) AS board_scores_checksum,
				       (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY id), '')) FROM users u) AS users_checksum,
				       (SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY subject, idempotency_key), ''))
				        FROM idempotency_keys k) AS keys_checksum,
				       (SELECT md5(coalesce(string_agg(l::text, '|' ORDER BY id), '')) FROM leaderboards l)
				        AS boards_checksum,
				       (SELECT count(*) FROM hidden_players) AS hidden
				""").query().singleRow();
		return new StoreState(new LinkedHashMap<>(postgres), redisKeysBesidesLimiter(redis),
				RedisDigest.of(redis, "leaderboard:*", StoreState::isLimiterBucket));
	}

	private static long redisKeysBesidesLimiter(StringRedisTemplate redis) {
		Long size = redis.execute((RedisCallback<Long>) (connection) -> connection.serverCommands().dbSize());
		return size - RedisDigest.keys(redis, LIMITER + "*").size();
	}

	private static boolean isLimiterBucket(String key) {
		return key.startsWith(LIMITER);
	}

}
