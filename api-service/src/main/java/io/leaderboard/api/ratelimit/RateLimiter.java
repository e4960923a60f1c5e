package io.leaderboard.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.api.ratelimit.LocalBuckets.LocalBucket;
import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.lettuce.core.LettuceFutures;
import io.leaderboard.support.redis.NativeRedis;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * Takes one token from a bucket kept in Redis, shared by every instance, in one round
 * trip: the whole bucket is {@link #TOKEN_BUCKET}, one script run by its digest. When
 * Redis does not answer within {@code timeout} (slow under load, or away), the request
 * and those after it are counted in this instance's {@link LocalBuckets}, its share of
 * each limit, so that loading the service does not switch its limits off, and a Redis
 * outage refuses no more than the limits do. Meanwhile one request per
 * {@code probe-interval} asks Redis again; the first that gets its answer in time
 * switches back, and charges the shared bucket for what its local bucket admitted. Each
 * switch is logged once and counted ({@code leaderboard.ratelimit.switches}); the gauge
 * {@code leaderboard.ratelimit.local} is 1 while the local buckets count.
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
	 * full}. ARGV[5] (optional) is tokens admitted elsewhere, while Redis could not be
	 * asked, taken from the bucket first (never below empty) and written even when the
	 * request is refused. A bucket that is missing is full. Time comes from the caller,
	 * as it did with Bucket4j, and never runs backwards for a bucket: an instance whose
	 * clock is behind the one that last wrote adds no tokens. Only a taken token (or a
	 * charge) is written; the key then lives until the bucket would be full again, plus 5
	 * s, because a full bucket is the same as none. A key that is not a hash (Bucket4j's
	 * state, before this script) counts as a full bucket.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> TOKEN_BUCKET = RedisScript.of("""
			local rate = tonumber(ARGV[1])
			local capacity = tonumber(ARGV[2])
			local now = tonumber(ARGV[3])
			local requested = tonumber(ARGV[4])
			local owed = tonumber(ARGV[5] or '0')
			local tokens, at = capacity, now
			local stored = redis.pcall('HMGET', KEYS[1], 'tokens', 'at')
			if stored.err then
			  redis.call('DEL', KEYS[1])
			elseif stored[1] and stored[2] then
			  at = tonumber(stored[2])
			  tokens = math.min(capacity, tonumber(stored[1]) + math.max(0, now - at) * rate / 1000)
			  at = math.max(at, now)
			end
			tokens = math.max(0, tokens - owed)
			local taken = tokens >= requested
			local wait = 0
			if taken then
			  tokens = tokens - requested
			else
			  wait = math.ceil((requested - tokens) * 1000 / rate)
			end
			local full = math.ceil((capacity - tokens) * 1000 / rate)
			if taken or owed > 0 then
			  redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
			  redis.call('PEXPIRE', KEYS[1], full + 5000)
			end
			return {taken and 1 or 0, math.floor(tokens), wait, full}
			""", List.class);

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	private final Supplier<RedisClusterAsyncCommands<String, String>> connect;

	private final Runnable disconnect;

	private final Duration timeout;

	private final long probeIntervalMillis;

	private final LocalBuckets local;

	private final Clock clock;

	private final Counter toLocal;

	private final Counter toShared;

	private volatile RedisClusterAsyncCommands<String, String> redis;

	/** Whether requests are counted in the local buckets. */
	private final AtomicBoolean counting = new AtomicBoolean();

	/** When (clock millis) a request may next ask Redis while the local buckets count. */
	private final AtomicLong nextProbe = new AtomicLong();

	/**
	 * @param connect opens the connection, on first use: the service starts without Redis
	 * @param disconnect closes it, and what it needed
	 * @param timeout the longest a shared bucket may take to answer
	 * @param probeInterval how often Redis is asked again while the local buckets count
	 * @param local this instance's share of each limit
	 * @param clock the time buckets refill by
	 */
	RateLimiter(Supplier<RedisClusterAsyncCommands<String, String>> connect, Runnable disconnect, Duration timeout,
			Duration probeInterval, LocalBuckets local, Clock clock, MeterRegistry meters) {
		this.connect = connect;
		this.disconnect = disconnect;
		this.timeout = timeout;
		this.probeIntervalMillis = probeInterval.toMillis();
		this.local = local;
		this.clock = clock;
		this.toLocal = switches(meters, "local");
		this.toShared = switches(meters, "shared");
		Gauge.builder("leaderboard.ratelimit.local", this, (limiter) -> limiter.countsLocally() ? 1 : 0)
			.description("1 while this instance counts requests in its local buckets, 0 while in Redis")
			.register(meters);
	}

	private static Counter switches(MeterRegistry meters, String to) {
		return Counter.builder("leaderboard.ratelimit.switches")
			.description("Switches of the rate limiter between the shared (Redis) and local buckets")
			.tag("to", to)
			.register(meters);
	}

	/**
	 * A limiter on a Lettuce client of its own, so that its options (commands refused at
	 * once while disconnected) do not change the application's Redis connection.
	 */
	static RateLimiter lettuce(AbstractRedisClient client, int database, RateLimitProperties properties,
			MeterRegistry meters) {
		AtomicReference<NativeRedis> connection = new AtomicReference<>();
		Clock clock = Clock.systemUTC();
		return new RateLimiter(() -> {
			NativeRedis opened = NativeRedis.connect(client, database);
			connection.set(opened);
			return opened.async();
		}, () -> {
			NativeRedis opened = connection.get();
			if (opened != null) {
				opened.close();
			}
			client.shutdown();
		}, properties.timeout(), properties.probeInterval(),
				new LocalBuckets(properties.instances(), properties.localBuckets(), clock), clock, meters);
	}

	/** Takes a token from the bucket {@code key} (under {@link #KEY_PREFIX}). */
	Decision tryConsume(String key, Limit limit) {
		LocalBucket here = this.local.of(key, limit);
		if (this.counting.get() && !probeDue()) {
			return here.take();
		}
		long owed = here.settle();
		try {
			List<?> reply = take(KEY_PREFIX + key, limit, owed);
			Decision decision = Decision.of(limit, number(reply, 0) == 1, number(reply, 1), number(reply, 2),
					number(reply, 3));
			if (decision.allowed()) {
				here.spent();
			}
			if (this.counting.compareAndSet(true, false)) {
				this.toShared.increment();
				logger.info("Redis answers in time again: rate limits count in the shared buckets again");
			}
			return decision;
		}
		catch (RuntimeException ex) {
			here.unsettled(owed);
			this.nextProbe.set(this.clock.millis() + this.probeIntervalMillis);
			if (this.counting.compareAndSet(false, true)) {
				this.toLocal.increment();
				logger.warn(
						"Redis did not answer within {} ({}): rate limits count in this instance's own buckets, "
								+ "its share of each limit, until Redis is back (asked every {} ms)",
						this.timeout, ex.toString(), this.probeIntervalMillis);
			}
			return here.take();
		}
	}

	boolean countsLocally() {
		return this.counting.get();
	}

	/** True for one request per probe interval. */
	private boolean probeDue() {
		long due = this.nextProbe.get();
		long now = this.clock.millis();
		return now >= due && this.nextProbe.compareAndSet(due, now + this.probeIntervalMillis);
	}

	/**
	 * Runs the script by its digest; sends it whole only when Redis does not know it
	 * (restarted, or its script cache flushed), which loads it for the next requests.
	 */
	private List<?> take(String key, Limit limit, long owed) {
		RedisClusterAsyncCommands<String, String> redis = redis();
		String[] keys = { key };
		String[] args = { Double.toString(limit.refillPerSecond()), Long.toString(limit.capacity()),
				Long.toString(this.clock.millis()), "1", Long.toString(owed) };
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

	private RedisClusterAsyncCommands<String, String> redis() {
		RedisClusterAsyncCommands<String, String> redis = this.redis;
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
