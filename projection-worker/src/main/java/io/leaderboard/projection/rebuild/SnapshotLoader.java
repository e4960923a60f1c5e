package io.leaderboard.projection.rebuild;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.leaderboard.support.redis.NativeRedis;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Writes a PostgreSQL snapshot of a board period into a rebuild's own keys with plain
 * ZADD and HSET commands, many entries per command, sent on a connection of its own
 * (Lettuce encodes them, one flush per chunk) without waiting for each answer: reading
 * PostgreSQL overlaps with Redis writing, and the shared connection stays free for the
 * live projection. A per-entry Lua script did the same work at a third of the speed. On a
 * Redis Cluster every command goes to the primary of its board's slot: all of a period's
 * keys, the rebuild's own too, share the board's hash tag, so a chunk's answers still
 * come in order.
 */
@Component
class SnapshotLoader implements DisposableBean {

	/**
	 * KEYS: the marker, the five snapshot keys. ARGV: rebuild id, TTL (ms). Keeps the
	 * marker and the snapshot alive while this rebuild owns the marker; a snapshot left
	 * by a rebuild that died expires with its marker.
	 */
	private static final String KEEP_ALIVE = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
			return 1
			""";

	private final RedisConnectionFactory factory;

	private final RebuildProperties properties;

	private NativeRedis connection;

	SnapshotLoader(RedisConnectionFactory factory, RebuildProperties properties) {
		this.factory = factory;
		this.properties = properties;
	}

	/**
	 * Starts loading into {@code keys}: the marker, then scores, hidden scores, members,
	 * players and versions.
	 */
	Load start(List<String> keys, String id, long ttlMillis) {
		return new Load(connection(), keys, id, Long.toString(ttlMillis), this.properties.chunksInFlight(),
				this.properties.markerTtl().toMillis());
	}

	private synchronized NativeRedis connection() {
		if (this.connection == null || !this.connection.isOpen()) {
			NativeRedis opened;
			try {
				opened = NativeRedis.connect(this.factory);
			}
			catch (RedisException ex) {
				// as the template reports it: callers treat an absent Redis as a
				// DataAccessException and retry later
				throw new RedisConnectionFailureException("Cannot connect for a rebuild: " + ex.getMessage(), ex);
			}
			// a chunk is thousands of entries answered after the chunks before it: the
			// shared timeout, meant for single commands, would fail a rebuild on a busy
			// Redis. The marker's TTL bounds a rebuild that makes no progress.
			opened.connection().setTimeout(this.properties.markerTtl());
			// each chunk's commands are flushed together (Load.write)
			opened.connection().setAutoFlushCommands(false);
			this.connection = opened;
		}
		return this.connection;
	}

	@Override
	public synchronized void destroy() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

	/** One period's load; not thread-safe, the reading thread drives it. */
	static final class Load {

		private final StatefulConnection<String, String> connection;

		private final RedisClusterAsyncCommands<String, String> commands;

		private final List<String> keys;

		private final String[] keepAliveKeys;

		private final String id;

		private final String ttl;

		private final int inFlight;

		private final long timeoutMillis;

		private final Semaphore permits;

		private final AtomicBoolean lost = new AtomicBoolean();

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		Load(NativeRedis connection, List<String> keys, String id, String ttl, int inFlight, long timeoutMillis) {
			this.connection = connection.connection();
			this.commands = connection.async();
			this.keys = keys;
			this.keepAliveKeys = keys.toArray(String[]::new);
			this.id = id;
			this.ttl = ttl;
			this.inFlight = inFlight;
			this.timeoutMillis = timeoutMillis;
			this.permits = new Semaphore(inFlight);
		}

		/**
		 * Sends one chunk, waiting first while too many are unanswered.
		 * @return false once this rebuild no longer owns the marker, or Redis refused a
		 * write: the rest is not sent
		 */
		boolean write(List<StoredEntry> chunk) {
			if (this.lost.get() || this.failure.get() != null) {
				return false;
			}
			acquire(1);
			CommandArgs<String, String> visible = args(1);
			CommandArgs<String, String> hidden = args(2);
			CommandArgs<String, String> members = args(3);
			CommandArgs<String, String> players = args(4);
			CommandArgs<String, String> versions = args(5);
			int hiddenCount = 0;
			for (StoredEntry entry : chunk) {
				if (entry.hidden()) {
					hiddenCount++;
				}
				// numbers as Lettuce's integer arguments: their digits, with no String
				// made for each
				(entry.hidden() ? hidden : visible).add(entry.stored()).addValue(entry.member());
				members.add(entry.userId()).addValue(entry.member());
				players.add(entry.userId()).addValue(entry.details());
				versions.add(entry.userId()).add(entry.version());
			}
			try {
				if (hiddenCount < chunk.size()) {
					send(CommandType.ZADD, visible);
				}
				if (hiddenCount > 0) {
					send(CommandType.ZADD, hidden);
				}
				send(CommandType.HSET, members);
				send(CommandType.HSET, players);
				send(CommandType.HSET, versions);
				// answers come in order: when this one is in, the chunk's writes are too
				RedisFuture<Long> alive = this.commands.eval(KEEP_ALIVE, ScriptOutputType.INTEGER, this.keepAliveKeys,
						this.id, this.ttl);
				alive.whenComplete((owned, ex) -> {
					if (ex != null) {
						this.failure.compareAndSet(null, ex);
					}
					else if (owned != 1L) {
						this.lost.set(true);
					}
					this.permits.release();
				});
			}
			finally {
				// the connection buffers commands until told: the chunk goes out in one
				// write
				this.connection.flushCommands();
			}
			return true;
		}

		/**
		 * Waits for every answer.
		 * @return whether the whole snapshot is in and this rebuild still owns the marker
		 */
		boolean finish() {
			acquire(this.inFlight);
			this.permits.release(this.inFlight);
			Throwable ex = this.failure.get();
			if (ex != null) {
				throw new RedisSystemException("Could not load a rebuild's snapshot: " + ex.getMessage(), ex);
			}
			return !this.lost.get();
		}

		private CommandArgs<String, String> args(int key) {
			return new CommandArgs<>(StringCodec.UTF8).addKey(this.keys.get(key));
		}

		private void send(CommandType type, CommandArgs<String, String> args) {
			this.commands.dispatch(type, new IntegerOutput<>(StringCodec.UTF8), args).whenComplete((result, ex) -> {
				if (ex != null) {
					this.failure.compareAndSet(null, ex);
				}
			});
		}

		private void acquire(int count) {
			try {
				if (!this.permits.tryAcquire(count, this.timeoutMillis, TimeUnit.MILLISECONDS)) {
					throw new RedisSystemException("Redis did not answer a rebuild's writes in time", null);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RedisSystemException("Interrupted while loading a rebuild's snapshot", ex);
			}
		}

	}

}
