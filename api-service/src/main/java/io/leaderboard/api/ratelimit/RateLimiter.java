package io.leaderboard.api.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * Takes one token from a bucket kept in Redis, shared by every instance. Never stands in
 * the way of a request when Redis cannot answer: a limiter that fails closed would turn a
 * Redis outage into a write outage, and PostgreSQL, not Redis, is where scores live.
 * After a failure it stops asking Redis for {@code outage-backoff}, so an outage costs at
 * most one slow request per interval, and says so in the log once per interval.
 */
class RateLimiter implements AutoCloseable {

	/** Every bucket's key starts with this; nothing else in Redis does. */
	static final String KEY_PREFIX = "leaderboard:ratelimit:";

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	/**
	 * How long a full bucket stays in Redis: a bucket that filled up is the same as none,
	 * so keys go away soon after their player stops.
	 */
	private static final Duration KEEP_WHEN_FULL = Duration.ofSeconds(5);

	/** Buckets whose state each instance remembers (see {@link OneTripRedisApi}). */
	private static final int REMEMBERED_BUCKETS = 10_000;

	private final Supplier<RedisAsyncCommands<String, byte[]>> connect;

	private final Runnable disconnect;

	private final Duration timeout;

	private final Duration outageBackoff;

	private volatile OneTripRedisApi<String> redis;

	private volatile ProxyManager<String> buckets;

	/** Until when (System.nanoTime) Redis is left alone after a failure. */
	private volatile long quietUntil = System.nanoTime();

	private volatile boolean failing;

	/**
	 * @param connect opens the connection, on first use: the service starts without Redis
	 * @param disconnect closes it, and what it needed
	 * @param timeout the longest a bucket may take to answer
	 */
	RateLimiter(Supplier<RedisAsyncCommands<String, byte[]>> connect, Runnable disconnect, Duration timeout,
			Duration outageBackoff) {
		this.connect = connect;
		this.disconnect = disconnect;
		this.timeout = timeout;
		this.outageBackoff = outageBackoff;
	}

	/**
	 * A limiter on a Lettuce client of its own, so that its options (commands refused at
	 * once while disconnected) do not change the application's Redis connection.
	 */
	static RateLimiter lettuce(RedisClient client, RedisURI uri, Duration timeout, Duration outageBackoff) {
		AtomicReference<StatefulRedisConnection<String, byte[]>> connection = new AtomicReference<>();
		return new RateLimiter(() -> {
			StatefulRedisConnection<String, byte[]> opened = client
				.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri);
			connection.set(opened);
			return opened.async();
		}, () -> {
			StatefulRedisConnection<String, byte[]> opened = connection.get();
			if (opened != null) {
				opened.close();
			}
			client.shutdown();
		}, timeout, outageBackoff);
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
			Bucket bucket = buckets().builder().build(KEY_PREFIX + key, () -> configuration(limit));
			long swaps = this.redis.swapsSent();
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed() && this.redis.swapsSent() == swaps) {
				// Bucket4j may refuse without writing, so from this instance's copy
				// alone; only Redis may refuse, as the bucket may have been deleted
				// or reset since
				this.redis.forget(KEY_PREFIX + key);
				probe = bucket.tryConsumeAndReturnRemaining(1);
			}
			if (this.failing) {
				this.failing = false;
				logger.info("Redis answers again: rate limits apply again");
			}
			return Optional.of(Decision.of(limit, probe));
		}
		catch (RuntimeException ex) {
			this.quietUntil = System.nanoTime() + this.outageBackoff.toNanos();
			this.failing = true;
			logger.warn("Rate limits are not enforced for the next {}: Redis cannot answer ({})", this.outageBackoff,
					ex.toString());
			return Optional.empty();
		}
	}

	private ProxyManager<String> buckets() {
		ProxyManager<String> buckets = this.buckets;
		if (buckets != null) {
			return buckets;
		}
		synchronized (this) {
			if (this.buckets == null) {
				OneTripRedisApi<String> redis = new OneTripRedisApi<>(this.connect.get(), REMEMBERED_BUCKETS);
				this.redis = redis;
				this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(redis)
					.expirationAfterWrite(
							ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_WHEN_FULL))
					.requestTimeout(this.timeout)
					.build();
			}
			return this.buckets;
		}
	}

	/**
	 * Refills smoothly: {@code capacity} tokens over the time they take at
	 * {@code refillPerSecond}.
	 */
	static BucketConfiguration configuration(Limit limit) {
		long nanos = Math.max(1, Math.round(limit.capacity() / limit.refillPerSecond() * TimeUnit.SECONDS.toNanos(1)));
		return BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.capacity())
				.refillGreedy(limit.capacity(), Duration.ofNanos(nanos)))
			.build();
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

		static Decision of(Limit limit, ConsumptionProbe probe) {
			return new Decision(probe.isConsumed(), limit.capacity(), probe.getRemainingTokens(),
					seconds(probe.getNanosToWaitForReset()),
					probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
		}

		/** Rounded up: a client that waits this long is never early. */
		private static long seconds(long nanos) {
			return (nanos <= 0) ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
		}

	}

}
