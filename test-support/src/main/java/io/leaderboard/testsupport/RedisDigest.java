package io.leaderboard.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What Redis holds, in a form that compares: two digests are equal when nothing in
 * between changed a key they cover, its value or its type.
 */
public final class RedisDigest {

	private RedisDigest() {
	}

	/**
	 * SHA-256 over every key matching {@code pattern} and its DUMP, those {@code ignored}
	 * apart (what a store may change on its own, such as a rate limiter's buckets).
	 */
	public static String of(StringRedisTemplate redis, String pattern, Predicate<String> ignored) {
		MessageDigest digest = sha256();
		for (String key : keys(redis, pattern)) {
			if (ignored.test(key)) {
				continue;
			}
			byte[] dump = redis.execute((RedisCallback<byte[]>) (connection) -> connection.keyCommands()
				.dump(key.getBytes(StandardCharsets.UTF_8)));
			digest.update(key.getBytes(StandardCharsets.UTF_8));
			digest.update((dump != null) ? dump : new byte[0]);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** The keys matching {@code pattern}, sorted. */
	public static List<String> keys(StringRedisTemplate redis, String pattern) {
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
