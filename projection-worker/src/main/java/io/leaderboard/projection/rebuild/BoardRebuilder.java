package io.leaderboard.projection.rebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Boards;
import io.leaderboard.events.Cohorts;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.notification.TopNotifier;
import io.leaderboard.projection.notification.TopReader;
import io.leaderboard.projection.projection.EntryScript;
import io.leaderboard.projection.rebuild.ProjectionSource.BoardPeriod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Rebuilds board periods in Redis from PostgreSQL. Each period's snapshot is loaded in
 * bulk into keys of this rebuild's own ({@link SnapshotLoader}), while a marker tells the
 * projection to write every event it applies to the staging keys too. Then one script
 * merges those events into the snapshot, each only where it is newer than the snapshot's
 * version of the entry, and renames the snapshot over the live keys. Readers see the old
 * ranking until that moment and the complete new one after it, and an event projected
 * during the rebuild is neither lost nor overwritten by an older snapshot row.
 */
@Component
public class BoardRebuilder {

	private static final Logger logger = LoggerFactory.getLogger(BoardRebuilder.class);

	private static final String FULL_REBUILD_LOCK = "leaderboard:rebuild-lock";

	private static final int COHORT_CHUNK = 1000;

	/**
	 * KEYS: marker, the five staging keys, the moderated-during-rebuild set, the
	 * removed-during-rebuild hash. ARGV: rebuild id, marker TTL (ms).
	 */
	private static final RedisScript<Long> BEGIN = RedisScript.of("""
			if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
			redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8])
			return 1
			""", Long.class);

	/**
	 * KEYS: marker, the five live keys, the five snapshot keys, the five staging keys,
	 * generation, periods set, the board's hidden set, the moderated-during-rebuild set,
	 * the removed-during-rebuild hash. ARGV: rebuild id, period. An entry removed during
	 * the rebuild ({@code EntryRemoved}) leaves the snapshot first where the snapshot's
	 * version is older than the removal's: the snapshot may predate it. The staging keys
	 * hold only what the projection applied during the rebuild (after a removal, only
	 * what came after it); each of those entries goes into the snapshot when it is newer
	 * (write_entry checks the version), so the snapshot, read at one moment, cannot undo
	 * a score projected after it. Likewise the entry of each player hidden or shown
	 * during the rebuild goes to the ZSET the hidden set names now. Returns the entries
	 * now live, or -1 when the marker is no longer this rebuild's (then nothing changes).
	 */
	private static final RedisScript<Long> SWAP = RedisScript.of(
			EntryScript.WRITE_ENTRY_LUA + EntryScript.REMOVE_ENTRY_LUA
					+ """
							if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
							local snapshot = {KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]}
							local removed = redis.call('HGETALL', KEYS[21])
							for i = 1, #removed, 2 do
							  local user = removed[i]
							  local current = redis.call('HGET', KEYS[11], user)
							  if current and tonumber(current) < tonumber(removed[i + 1]) then remove_entry(snapshot, user) end
							end
							redis.call('DEL', KEYS[21])
							local projected = redis.call('HGETALL', KEYS[16])
							for i = 1, #projected, 2 do
							  local user = projected[i]
							  local member = redis.call('HGET', KEYS[14], user)
							  local stored = member and redis.call('ZSCORE', KEYS[12], member)
							  local hidden = false
							  if member and not stored then
							    stored = redis.call('ZSCORE', KEYS[13], member)
							    hidden = true
							  end
							  if stored then
							    write_entry(snapshot, user, stored, member, tonumber(projected[i + 1]), redis.call('HGET', KEYS[15], user), hidden)
							  end
							end
							for _, user in ipairs(redis.call('SMEMBERS', KEYS[20])) do
							  local member = redis.call('HGET', KEYS[9], user)
							  local from, to = KEYS[7], KEYS[8]
							  if redis.call('SISMEMBER', KEYS[19], user) == 0 then from, to = KEYS[8], KEYS[7] end
							  local stored = member and redis.call('ZSCORE', from, member)
							  if stored then
							    redis.call('ZREM', from, member)
							    redis.call('ZADD', to, stored, member)
							  end
							end
							redis.call('DEL', KEYS[20])
							for i = 2, 6 do
							  -- UNLINK frees the old structures in the background: a million entries freed in
							  -- the script would block every reader for seconds
							  redis.call('UNLINK', KEYS[i], KEYS[i + 10])
							  if redis.call('EXISTS', KEYS[i + 5]) == 1 then
							    redis.call('RENAME', KEYS[i + 5], KEYS[i])
							    -- the snapshot expired with the marker until now
							    redis.call('PERSIST', KEYS[i])
							  end
							end
							redis.call('DEL', KEYS[1])
							redis.call('INCR', KEYS[17])
							local entries = redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])
							if entries > 0 then redis.call('SADD', KEYS[18], ARGV[2]) end
							return entries
							""",
			Long.class);

	/** KEYS: the board's hidden set. ARGV: the hidden user ids. */
	private static final RedisScript<Long> HIDDEN = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			for i = 1, #ARGV, 1000 do
			  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
			end
			return #ARGV
			""", Long.class);

	private final ProjectionSource source;

	private final StringRedisTemplate redis;

	private final SnapshotLoader loader;

	private final ProjectionShards shards;

	private final TopReader topReader;

	private final TopNotifier notifier;

	private final RebuildProperties properties;

	private final MeterRegistry meters;

	BoardRebuilder(ProjectionSource source, StringRedisTemplate redis, SnapshotLoader loader, ProjectionShards shards,
			TopReader topReader, TopNotifier notifier, RebuildProperties properties, MeterRegistry meters) {
		this.source = source;
		this.redis = redis;
		this.loader = loader;
		this.shards = shards;
		this.topReader = topReader;
		this.notifier = notifier;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Rebuilds every board period from PostgreSQL, then marks Redis as holding the
	 * projection (a sentinel on each primary of a cluster). One instance at a time;
	 * another caller gets an empty result.
	 * @param reason why, for the metric and the log
	 */
	public Rebuild rebuildAll(String reason) {
		String id = UUID.randomUUID().toString();
		Boolean locked = this.redis.opsForValue()
			.setIfAbsent(FULL_REBUILD_LOCK, id, this.properties.markerTtl().multipliedBy(6));
		if (!Boolean.TRUE.equals(locked)) {
			return Rebuild.notStarted("another instance is rebuilding");
		}
		try {
			Rebuild rebuild = rebuild(this.source.periods(), this.source.hiddenPlayers(), null, reason);
			if (rebuild.complete()) {
				this.shards.sentinels().values().forEach((sentinel) -> this.redis.opsForValue().set(sentinel, id));
			}
			return rebuild;
		}
		finally {
			if (id.equals(this.redis.opsForValue().get(FULL_REBUILD_LOCK))) {
				this.redis.delete(FULL_REBUILD_LOCK);
			}
		}
	}

	/** Rebuilds every period of one board. */
	public Rebuild rebuildBoard(String board, String reason) {
		return rebuild(this.source.periods(board), this.source.hiddenPlayers(), board, reason);
	}

	/** Rebuilds the given periods. */
	public Rebuild rebuildPeriods(List<BoardPeriod> periods, String reason) {
		return rebuild(periods, this.source.hiddenPlayers(), null, reason);
	}

	private Rebuild rebuild(List<BoardPeriod> periods, Map<String, List<String>> hidden, String onlyBoard,
			String reason) {
		long started = System.nanoTime();
		Set<String> boards = new LinkedHashSet<>();
		periods.forEach((period) -> boards.add(period.board()));
		if (onlyBoard != null) {
			boards.add(onlyBoard);
		}
		Map<String, BoardShards> layouts = new HashMap<>();
		boards.forEach((board) -> layouts.put(board, this.source.shards(board)));
		boards.forEach((board) -> restoreHidden(layouts.get(board), hidden));
		List<Rebuilt> rebuilt = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (BoardPeriod period : periods) {
			long entries = rebuildPeriod(period, layouts.get(period.board()));
			if (entries < 0) {
				skipped.add(period.board() + "/" + period.period());
			}
			else {
				rebuilt.add(new Rebuilt(period.board(), period.period(), entries));
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		Timer.builder("leaderboard.rebuilds")
			.description("Rebuilds of Redis from PostgreSQL")
			.tag("reason", reason)
			.tag("outcome", skipped.isEmpty() ? "complete" : "partial")
			.register(this.meters)
			.record(took);
		logger.info("Rebuilt {} board period(s) from PostgreSQL in {} ms ({}){}", rebuilt.size(), took.toMillis(),
				reason, skipped.isEmpty() ? "" : "; skipped, rebuilding elsewhere: " + skipped);
		return new Rebuild(true, skipped.isEmpty(), rebuilt, skipped, took.toMillis(), null);
	}

	/**
	 * Rebuilds each shard of the period with a protocol of its own (one shard is all
	 * there is to a board in one set of keys), from one read of PostgreSQL whose rows go
	 * to their players' shards. A shard another rebuild is working on is left to it.
	 * @return the entries now live, or -1 when another rebuild works on (a shard of) the
	 * period
	 */
	private long rebuildPeriod(BoardPeriod period, BoardShards shards) {
		long ttl = this.properties.markerTtl().toMillis();
		Map<Integer, ShardRebuild> begun = new TreeMap<>();
		for (int shard = 0; shard < shards.count(); shard++) {
			ShardRebuild rebuild = begin(shards.keys(period.period(), shard), ttl);
			if (rebuild != null) {
				begun.put(shard, rebuild);
			}
		}
		if (begun.isEmpty()) {
			return -1;
		}
		boolean whole = begun.size() == shards.count();
		try {
			this.source.entries(period, this.properties.chunkSize(), (chunk) -> route(shards, chunk, begun));
			for (ShardRebuild rebuild : List.copyOf(begun.values())) {
				if (!rebuild.load().finish()) {
					discard(rebuild.snapshotKeys());
					begun.values().remove(rebuild);
					whole = false;
				}
			}
		}
		catch (RuntimeException ex) {
			begun.values().forEach((rebuild) -> discard(rebuild.snapshotKeys()));
			throw ex;
		}
		if (begun.isEmpty()) {
			return -1;
		}
		restoreCohorts(period, LeaderboardKeys.of(period.board(), period.period()));
		long entries = 0;
		boolean swapped = false;
		for (ShardRebuild rebuild : begun.values()) {
			long live = swap(rebuild, period);
			if (live < 0) {
				whole = false;
			}
			else {
				entries += live;
				swapped = true;
			}
		}
		if (swapped) {
			// spectators and the cached top learn the rebuilt ranking at once
			TopReader.Top top = this.topReader.top(period.board(), period.period(), period.order(), Boards.TOP_SIZE);
			this.notifier.offer(period.board(), period.period(), period.order(), top, null);
		}
		return whole ? entries : -1;
	}

	/**
	 * Puts up a shard's marker and starts loading its snapshot.
	 * @return null when another rebuild of the shard runs
	 */
	private ShardRebuild begin(LeaderboardKeys keys, long ttl) {
		List<String> live = List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.players(),
				keys.versions());
		List<String> stagedKeys = live.stream().map(LeaderboardKeys::staged).toList();
		String id = UUID.randomUUID().toString();
		List<String> snapshotKeys = live.stream().map((key) -> snapshot(key, id)).toList();
		List<String> beginKeys = new ArrayList<>();
		beginKeys.add(keys.rebuilding());
		beginKeys.addAll(stagedKeys);
		beginKeys.add(keys.moderatedDuringRebuild());
		beginKeys.add(keys.removedDuringRebuild());
		// the marker goes up before PostgreSQL is read: a score committed after the
		// snapshot was taken is projected after this, so it reaches the staging keys
		if (this.redis.execute(BEGIN, beginKeys, id, Long.toString(ttl)) != 1L) {
			return null;
		}
		List<String> loadKeys = new ArrayList<>();
		loadKeys.add(keys.rebuilding());
		loadKeys.addAll(snapshotKeys);
		return new ShardRebuild(keys, id, live, stagedKeys, snapshotKeys, this.loader.start(loadKeys, id, ttl));
	}

	/**
	 * Hands each entry of a chunk to the load of its player's shard, when this runs it.
	 */
	private static void route(BoardShards shards, List<StoredEntry> chunk, Map<Integer, ShardRebuild> begun) {
		if (!shards.sharded()) {
			begun.get(0).load().write(chunk);
			return;
		}
		Map<Integer, List<StoredEntry>> byShard = new HashMap<>();
		for (StoredEntry entry : chunk) {
			byShard.computeIfAbsent(shards.of(entry.userId()), (shard) -> new ArrayList<>()).add(entry);
		}
		byShard.forEach((shard, entries) -> {
			ShardRebuild rebuild = begun.get(shard);
			if (rebuild != null) {
				rebuild.load().write(entries);
			}
		});
	}

	/**
	 * @return the shard's entries now live, or -1 when it lost its marker
	 */
	private long swap(ShardRebuild rebuild, BoardPeriod period) {
		LeaderboardKeys keys = rebuild.keys();
		List<String> swapKeys = new ArrayList<>();
		swapKeys.add(keys.rebuilding());
		swapKeys.addAll(rebuild.live());
		swapKeys.addAll(rebuild.snapshotKeys());
		swapKeys.addAll(rebuild.stagedKeys());
		swapKeys.add(keys.generation());
		swapKeys.add(keys.periods());
		swapKeys.add(keys.hidden());
		swapKeys.add(keys.moderatedDuringRebuild());
		swapKeys.add(keys.removedDuringRebuild());
		long entries = this.redis.execute(SWAP, swapKeys, rebuild.id(), period.period());
		if (entries < 0) {
			discard(rebuild.snapshotKeys());
		}
		return entries;
	}

	/**
	 * A key of one rebuild's snapshot: named after the rebuild, so that a rebuild which
	 * lost its marker to another instance can never write into that one's keys.
	 */
	private static String snapshot(String key, String id) {
		return key + ":snapshot:" + id;
	}

	private void discard(List<String> snapshotKeys) {
		this.redis.unlink(snapshotKeys);
	}

	/**
	 * Writes the period's cohort placements to the live keys. A placement never changes
	 * within its period, so writing it again is harmless and there is nothing to stage.
	 */
	private void restoreCohorts(BoardPeriod period, LeaderboardKeys keys) {
		Map<Long, String> cohorts = this.source.cohorts(period);
		List<Map.Entry<Long, String>> placements = new ArrayList<>(cohorts.entrySet());
		for (int from = 0; from < placements.size(); from += COHORT_CHUNK) {
			List<Map.Entry<Long, String>> chunk = placements.subList(from,
					Math.min(from + COHORT_CHUNK, placements.size()));
			Map<String, String> cohortOf = new HashMap<>();
			Set<ZSetOperations.TypedTuple<String>> members = new HashSet<>();
			for (Map.Entry<Long, String> placement : chunk) {
				cohortOf.put(placement.getKey().toString(), placement.getValue());
				members
					.add(ZSetOperations.TypedTuple.of(Cohorts.member(placement.getValue(), placement.getKey()), 0.0));
			}
			this.redis.opsForHash().putAll(keys.cohortOf(), cohortOf);
			this.redis.opsForZSet().add(keys.cohorts(), members);
		}
	}

	/** Each shard's hidden set names the hidden players of that shard. */
	private void restoreHidden(BoardShards shards, Map<String, List<String>> hidden) {
		List<List<String>> byShard = new ArrayList<>();
		for (int shard = 0; shard < shards.count(); shard++) {
			byShard.add(new ArrayList<>());
		}
		for (String id : hidden.getOrDefault(shards.board(), List.of())) {
			byShard.get(shards.of(Long.parseLong(id))).add(id);
		}
		for (int shard = 0; shard < shards.count(); shard++) {
			this.redis.execute(HIDDEN, List.of(shards.keys(Boards.ALL_TIME, shard).hidden()),
					byShard.get(shard).toArray());
		}
	}

	/** One shard's rebuild of a period: its keys, and the load of its snapshot. */
	private record ShardRebuild(LeaderboardKeys keys, String id, List<String> live, List<String> stagedKeys,
			List<String> snapshotKeys, SnapshotLoader.Load load) {

	}

	/**
	 * What a rebuild did.
	 *
	 * @param started whether this caller ran it
	 * @param complete whether every period was rebuilt
	 * @param rebuilt the periods rebuilt and their entries
	 * @param skipped the periods another rebuild was working on
	 * @param millis how long it took
	 * @param reason why it did not start, when it did not
	 */
	public record Rebuild(boolean started, boolean complete, List<Rebuilt> rebuilt, List<String> skipped, long millis,
			String reason) {

		static Rebuild notStarted(String reason) {
			return new Rebuild(false, false, List.of(), List.of(), 0, reason);
		}

	}

	/** One rebuilt board period. */
	public record Rebuilt(String board, String period, long entries) {

	}

}
