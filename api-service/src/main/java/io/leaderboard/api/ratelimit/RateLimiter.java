package io.leaderboard.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * Takes one token from a bucket kept in Redis, shared by every instance, in one round
 * trip: the whole bucket is {@link #TOKEN_BUCKET}, one script run by its digest. Never
 * stands in the way of a request when Redis cannot answer: a limiter that fails closed
 * would turn a Redis outage into a write outage, and PostgreSQL, not Redis, is where
 * scores live. After a failure it stops asking Redis for {@code outage-backoff}, so an
 * outage costs at most one slow request per interval, and says so in the log once per
 * interval.
 */
class RateLimiter implements AutoCloseable {

	/** Every bucket's key starts with this; nothing else in Redis does. */
	static final String KEY_PREFIX = "leaderboard:ratelimit:";

	/**
	 * A token bucket that refills smoothly, as Spring Cloud Gateway's
	 * {@code RedisRateLimiter} keeps one. KEYS: the bucket, a hash of its tokens (a
	 * fraction) and the time in ms they were counted at. ARGV: tokens added per second,
	 * capacity, now in ms, tokens requested. Returns {1 when taken else 0, whole tokens
	 * left, ms until the request could be taken (0 when taken), ms until the bucket is
	 * full}. A bucket that is missing is full. Time comes from the caller, as it did with
	 * Bucket4j, and never runs backwards for a bucket: an instance whose clock is behind
	 * the one that last wrote adds no tokens. Only a taken token is written; the key then
	 * lives until the bucket would be full again, plus 5 s, because a full bucket is the
	 * same as none. A key that is not a hash (Bucket4j's state, before this script)
	 * counts as a full bucket.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> TOKEN_BUCKET = RedisScript.of("""
			local rate = tonumber(ARGV[1])
			local capacity = tonumber(ARGV[2])
			local now = tonumber(ARGV[3])
			local requested = tonumber(ARGV[4])
			local tokens, at = capacity, now
			local stored = redis.pcall('HMGET', KEYS[1], 'tokens', 'at')
			if stored.err then
			  redis.call('DEL', KEYS[1])
			elseif stored[1] and stored[2] then
			  at = tonumber(stored[2])
			  tokens = math.min(capacity, tonumber(stored[1]) + math.max(0, now - at) * rate / 1000)
			  at = math.max(at, now)
			end
			local taken = tokens >= requested
			local wait = 0
			if taken then
			  tokens = tokens - requested
			else
			  wait = math.ceil((requested - tokens) * 1000 / rate)
			end
			local full = math.ceil((capacity - tokens) * 1000 / rate)
			if taken then
			  redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
			  redis.call('PEXPIRE', KEYS[1], full + 5000)
			end
			return {taken and 1 or 0, math.floor(tokens), wait, full}
			""", List.class);

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	private final Supplier<RedisAsyncCommands<String, String>> connect;

	private final Runnable disconnect;

	private final Duration timeout;

	private final Duration outageBackoff;

	private final Clock clock;

	private volatile RedisAsyncCommands<String, String> redis;

	/** Until when (System.nanoTime) Redis is left alone after a failure. */
	private volatile long quietUntil = System.nanoTime();

	private volatile boolean failing;

	/**
	 * @param connect opens the connection, on first use: the service starts without Redis
	 * @param disconnect closes it, and what it needed
	 * @param timeout the longest a bucket may take to answer
	 * @param clock the time buckets refill by
	 */
	RateLimiter(Supplier<RedisAsyncCommands<String, String>> connect, Runnable disconnect, Duration timeout,
			Duration outageBackoff, Clock clock) {
		this.connect = connect;
		this.disconnect = disconnect;
		this.timeout = timeout;
		this.outageBackoff = outageBackoff;
		this.clock = clock;
	}

	/**
	 * A limiter on a Lettuce client of its own, so that its options (commands refused at
	 * once while disconnected) do not change the application's Redis connection.
	 */
	static RateLimiter lettuce(RedisClient client, RedisURI uri, Duration timeout, Duration outageBackoff) {
		AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
		return new RateLimiter(() -> {
			StatefulRedisConnection<String, String> opened = client.connect(StringCodec.UTF8, uri);
			connection.set(opened);
			return opened.async();
		}, () -> {
			StatefulRedisConnection<String, String> opened = connection.get();
			if (opened != null) {
				opened.close();
			}
			client.shutdown();
		}, timeout, outageBackoff, Clock.systemUTC());
	}

	/**
	 * Takes a token from the bucket {@code key} (under {@link #KEY_PREFIX}).
	 * @return what the bucket said, or empty when Redis cannot tell: let the request pass
	 */
	Optional<Decision> tryConsume(String key, Limit limit) {
		if (System.nanoTime() - this.quietUntil < 0) {
			return Optional.empty();
		}
		try {
			List<?> reply = take(KEY_PREFIX + key, limit);
			if (this.failing) {
				this.failing = false;
				logger.info("Redis answers again: rate limits apply again");
			}
			return Optional
				.of(Decision.of(limit, number(reply, 0) == 1, number(reply, 1), number(reply, 2), number(reply, 3)));
		}
		catch (RuntimeException ex) {
			this.quietUntil = System.nanoTime() + this.outageBackoff.toNanos();
			this.failing = true;
			logger.warn("Rate limits are not enforced for the next {}: Redis cannot answer ({})", this.outageBackoff,
					ex.toString());
			return Optional.empty();
		}
	}

	/**
	 * Runs the script by its digest; sends it whole only when Redis does not know it
	 * (restarted, or its script cache flushed), which loads it for the next requests.
	 */
	private List<?> take(String key, Limit limit) {
		RedisAsyncCommands<String, String> redis = redis();
		String[] keys = { key };
		String[] args = { Double.toString(limit.refillPerSecond()), Long.toString(limit.capacity()),
				Long.toString(this.clock.millis()), "1" };
		try {
			return await(redis.<List<Object>>evalsha(TOKEN_BUCKET.getSha1(), ScriptOutputType.MULTI, keys, args));
		}
		catch (RedisNoScriptException ex) {
			return await(
					redis.<List<Object>>eval(TOKEN_BUCKET.getScriptAsString(), ScriptOutputType.MULTI, keys, args));
		}
	}

	private List<?> await(RedisFuture<List<Object>> reply) {
		return LettuceFutures.awaitOrCancel(reply, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private RedisAsyncCommands<String, String> redis() {
		RedisAsyncCommands<String, String> redis = this.redis;
		if (redis != null) {
			return redis;
		}
		synchronized (this) {
			if (this.redis == null) {
				this.redis = this.connect.get();
			}
			return this.redis;
		}
	}

	private static long number(List<?> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}

	@Override
	public void close() {
		this.disconnect.run();
	}

	/**
	 * A bucket's answer, in the terms of the {@code RateLimit-*} headers.
	 *
	 * @param resetSeconds until the bucket is full again
	 * @param retryAfterSeconds until a refused request may succeed, 0 when allowed
	 */
	record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

		/**
		 * @param waitMillis until the request could be taken
		 * @param fullMillis until the bucket is full
		 */
		static Decision of(Limit limit, boolean allowed, long remaining, long waitMillis, long fullMillis) {
			return new Decision(allowed, limit.capacity(), remaining, seconds(fullMillis),
					allowed ? 0 : Math.max(1, seconds(waitMillis)));
		}

		/** Rounded up: a client that waits this long is never early. */
		private static long seconds(long millis) {
			return (millis <= 0) ? 0 : (millis + 999) / 1000;
		}

	}

}
