package io.leaderboard.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import io.leaderboard.api.ratelimit.RateLimitProperties.Limit;
import io.leaderboard.api.ratelimit.RateLimiter.Decision;

/**
 * This instance's share of every limit, in memory (Bucket4j): what requests are counted
 * in while Redis cannot answer in time. Each bucket holds {@code 1/instances} of its
 * limit's capacity (rounded up) and refill, so that all instances together admit about
 * the limit. The buckets are keyed by client input (player, address), so they are
 * bounded: at most {@code maxBuckets}, and one left alone until it would be full again is
 * dropped, since a new bucket is a full one.
 */
class LocalBuckets {

	/** Kept past the time to full, as the shared buckets' keys are in Redis. */
	private static final Duration LINGER = Duration.ofSeconds(5);

	private final int instances;

	private final TimeMeter time;

	private final Cache<String, LocalBucket> buckets;

	LocalBuckets(int instances, long maxBuckets, Clock clock) {
		this.instances = instances;
		this.time = new ClockTime(clock);
		this.buckets = Caffeine.newBuilder()
			.ticker(this.time::currentTimeNanos)
			.maximumSize(maxBuckets)
			.expireAfter(Expiry.accessing((String key, LocalBucket bucket) -> bucket.fullAfter))
			.build();
	}

	/** The bucket {@code key} (as in Redis, without the prefix) for {@code limit}. */
	LocalBucket of(String key, Limit limit) {
		return this.buckets.get(key, (unused) -> new LocalBucket(share(limit), this.time));
	}

	/** This instance's share of {@code limit}. */
	Limit share(Limit limit) {
		return new Limit((limit.capacity() + this.instances - 1) / this.instances,
				limit.refillPerSecond() / this.instances);
	}

	long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	/**
	 * One bucket, and the tokens it admitted that the shared bucket has not been charged
	 * for yet.
	 */
	static final class LocalBucket {

		private final Limit limit;

		private final Bucket bucket;

		private final Duration fullAfter;

		private final AtomicLong owed = new AtomicLong();

		private LocalBucket(Limit limit, TimeMeter time) {
			this.limit = limit;
			Duration refill = Duration.ofNanos((long) Math.ceil(limit.capacity() * 1e9 / limit.refillPerSecond()));
			this.bucket = Bucket.builder()
				.addLimit((bandwidth) -> bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), refill))
				.withCustomTimePrecision(time)
				.build();
			this.fullAfter = refill.plus(LINGER);
		}

		/** Takes a token here, while the shared bucket cannot be asked. */
		Decision take() {
			ConsumptionProbe probe = this.bucket.tryConsumeAndReturnRemaining(1);
			if (probe.isConsumed()) {
				this.owed.incrementAndGet();
			}
			return Decision.of(this.limit, probe.isConsumed(), probe.getRemainingTokens(),
					millis(probe.getNanosToWaitForRefill()), millis(probe.getNanosToWaitForReset()));
		}

		/**
		 * Takes a token the shared bucket admitted, if one is left: a switch to this
		 * bucket then finds it as drained as this instance's recent requests left it, not
		 * full.
		 */
		void spent() {
			this.bucket.tryConsume(1);
		}

		/** The tokens admitted here since the shared bucket was last charged. */
		long settle() {
			return this.owed.getAndSet(0);
		}

		/** The shared bucket could not be charged after all. */
		void unsettled(long tokens) {
			if (tokens > 0) {
				this.owed.addAndGet(tokens);
			}
		}

		private static long millis(long nanos) {
			return (nanos + 999_999) / 1_000_000;
		}

	}

	/** The limiter's clock, for buckets that tests can move in time. */
	private record ClockTime(Clock clock) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			Instant now = this.clock.instant();
			return now.getEpochSecond() * 1_000_000_000L + now.getNano();
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
