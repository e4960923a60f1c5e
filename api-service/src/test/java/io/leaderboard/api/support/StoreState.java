package io.leaderboard.api.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What PostgreSQL and Redis hold, in a form that compares: counts, checksums of every row
 * and every Redis value, the rate limiter's buckets left out (counting a refused request
 * is its job). Two snapshots are equal when a request changed nothing.
 */
public record StoreState(Map<String, Object> postgres, long redisKeys, String redisDigest) {

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
		return new StoreState(new LinkedHashMap<>(postgres), redisKeysBesidesLimiter(redis), redisDigest(redis));
	}

	private static long redisKeysBesidesLimiter(StringRedisTemplate redis) {
		Long size = redis.execute((RedisCallback<Long>) (connection) -> connection.serverCommands().dbSize());
		return size - keys(redis, "leaderboard:ratelimit:*").size();
	}

	/** SHA-256 over every key under leaderboard:* and its DUMP, the limiter's apart. */
	private static String redisDigest(StringRedisTemplate redis) {
		MessageDigest digest = sha256();
		for (String key : keys(redis, "leaderboard:*")) {
			if (key.startsWith("leaderboard:ratelimit:")) {
				continue;
			}
			byte[] dump = redis.execute((RedisCallback<byte[]>) (connection) -> connection.keyCommands()
				.dump(key.getBytes(StandardCharsets.UTF_8)));
			digest.update(key.getBytes(StandardCharsets.UTF_8));
			digest.update((dump != null) ? dump : new byte[0]);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static List<String> keys(StringRedisTemplate redis, String pattern) {
		try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
			return cursor.stream().sorted().toList();
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
