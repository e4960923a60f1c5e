package io.leaderboard.api.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.bucket4j.redis.consts.LuaScripts;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * Bucket4j keeps a bucket in Redis by compare-and-swap: it reads the bucket's state
 * ({@code GET}), computes, then a script swaps in the new state only if Redis still holds
 * the state read. That is two round trips per request. This makes it one: the read is
 * answered from the state this instance last saw for the bucket (none: a new bucket), and
 * the swap script hands back what Redis holds when the swap fails. A stale copy, because
 * another instance took a token meanwhile or the bucket expired, costs one more swap,
 * never a wrong answer: Redis compares every swap with what it holds.
 *
 * @param <K> the key type; generic because Bucket4j passes keys as an {@code Object[]}
 */
final class OneTripRedisApi<K> implements RedisApi<K> {

	/**
	 * KEYS: the bucket. ARGV: the state expected ('' for none), the new state, its time
	 * to live in ms (0: none). Returns {1} when swapped, else {0, the state Redis holds,
	 * or nil}.
	 */
	private static final String SWAP = """
			local stored = redis.call('GET', KEYS[1])
			if (stored or '') ~= ARGV[1] then
			  return {0, stored}
			end
			if ARGV[3] == '0' then
			  redis.call('SET', KEYS[1], ARGV[2])
			else
			  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
			end
			return {1}
			""";

	private static final byte[] NONE = new byte[0];

	private static final byte[] NO_EXPIRY = "0".getBytes(StandardCharsets.US_ASCII);

	private final RedisAsyncCommands<K, byte[]> redis;

	/**
	 * The state each recently used bucket had when this instance last read or wrote it; a
	 * bucket missing here is taken to be new. Bounded, least recently used out first: a
	 * forgotten bucket costs one more swap.
	 */
	private final Map<K, byte[]> known;

	OneTripRedisApi(RedisAsyncCommands<K, byte[]> redis, int maxBuckets) {
		this.redis = redis;
		this.known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, byte[]> eldest) {
				return size() > maxBuckets;
			}

		});
	}

	/**
	 * Swaps the calling thread has sent: whether an answer came from Redis or from
	 * memory.
	 */
	private final ThreadLocal<long[]> swapsSent = ThreadLocal.withInitial(() -> new long[1]);

	/** Makes the next request of the bucket learn its state from Redis. */
	void forget(K key) {
		this.known.remove(key);
	}

	/** How many swaps the calling thread has sent to Redis so far. */
	long swapsSent() {
		return this.swapsSent.get()[0];
	}

	@Override
	public RedisFuture<byte[]> get(K key) {
		Answer<byte[]> answer = new Answer<>();
		answer.complete(this.known.get(key));
		return answer;
	}

	/**
	 * Runs Bucket4j's swap scripts as {@link #SWAP}; any other script as it is. The
	 * parameters are those Bucket4j's Lettuce proxy manager passes to each script.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <V> RedisFuture<V> eval(String script, ScriptOutputType type, K[] keys, byte[][] params) {
		K key = keys[0];
		if (LuaScripts.SCRIPT_SET_NX_PX.equals(script)) {
			return (RedisFuture<V>) swap(key, NONE, params[0], params[1]);
		}
		if (LuaScripts.SCRIPT_SET_NX.equals(script)) {
			return (RedisFuture<V>) swap(key, NONE, params[0], NO_EXPIRY);
		}
		if (LuaScripts.SCRIPT_COMPARE_AND_SWAP_PX.equals(script)) {
			return (RedisFuture<V>) swap(key, params[0], params[1], params[2]);
		}
		if (LuaScripts.SCRIPT_COMPARE_AND_SWAP.equals(script)) {
			return (RedisFuture<V>) swap(key, params[0], params[1], NO_EXPIRY);
		}
		this.known.remove(key);
		return this.redis.eval(script, type, keys, params);
	}

	@Override
	public RedisFuture<?> delete(K key) {
		this.known.remove(key);
		return this.redis.del(key);
	}

	private RedisFuture<Boolean> swap(K key, byte[] expected, byte[] state, byte[] ttlMillis) {
		@SuppressWarnings("unchecked")
		K[] keys = (K[]) new Object[] { key };
		this.swapsSent.get()[0]++;
		Answer<Boolean> swapped = new Answer<>();
		this.redis.<List<Object>>eval(SWAP, ScriptOutputType.MULTI, keys, expected, state, ttlMillis)
			.whenComplete((reply, failure) -> {
				if (failure != null) {
					this.known.remove(key);
					swapped.completeExceptionally(failure);
				}
				else if (((Number) reply.get(0)).longValue() == 1) {
					this.known.put(key, state);
					swapped.complete(true);
				}
				else {
					remember(key, (reply.size() > 1) ? (byte[]) reply.get(1) : null);
					swapped.complete(false);
				}
			});
		return swapped;
	}

	private void remember(K key, byte[] stored) {
		if (stored != null) {
			this.known.put(key, stored);
		}
		else {
			this.known.remove(key);
		}
	}

	/** A future Bucket4j can take where Lettuce would give one. */
	private static final class Answer<V> extends CompletableFuture<V> implements RedisFuture<V> {

		@Override
		public String getError() {
			if (!isCompletedExceptionally()) {
				return null;
			}
			try {
				join();
				return null;
			}
			catch (RuntimeException ex) {
				return String.valueOf((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage());
			}
		}

		@Override
		public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
			try {
				get(timeout, unit);
				return true;
			}
			catch (ExecutionException ex) {
				return true;
			}
			catch (TimeoutException ex) {
				return false;
			}
		}

	}

}
