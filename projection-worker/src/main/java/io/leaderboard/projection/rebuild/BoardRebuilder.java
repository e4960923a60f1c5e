package io.leaderboard.projection.rebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.Boards;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.notification.TopNotifier;
import io.leaderboard.projection.notification.TopReader;
import io.leaderboard.projection.projection.EntryScript;
import io.leaderboard.projection.rebuild.ProjectionSource.BoardPeriod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import static io.leaderboard.events.LeaderboardKeys.staged;

/**
 * Rebuilds board periods in Redis from PostgreSQL. Each period is loaded into staging
 * keys while a marker tells the projection to write every event it applies there too;
 * then one script renames the staging keys over the live ones. Readers see the old
 * ranking until that moment and the complete new one after it, and an event projected
 * during the rebuild is in both.
 */
@Component
public class BoardRebuilder {

	private static final Logger logger = LoggerFactory.getLogger(BoardRebuilder.class);

	private static final String FULL_REBUILD_LOCK = "leaderboard:rebuild-lock";

	/** KEYS: marker, the five staging keys. ARGV: rebuild id, marker TTL (ms). */
	private static final RedisScript<Long> BEGIN = RedisScript.of("""
			if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
			redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
			return 1
			""", Long.class);

	/**
	 * KEYS: marker, the five staging keys. ARGV: rebuild id, marker TTL (ms), then per
	 * entry user id, stored score, member, version, details JSON, hidden (1/0). Entries
	 * the staging keys do not hold yet (all but those projected during the rebuild) are
	 * written in bulk, a few commands per chunk rather than six per entry: Redis is the
	 * bottleneck of a rebuild. Returns the entries written, or -1 when the marker is no
	 * longer this rebuild's.
	 */
	private static final RedisScript<Long> LOAD = RedisScript.of(EntryScript.WRITE_ENTRY_LUA + """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			local staged = {KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}
			local n = (#ARGV - 2) / 6
			local users = {}
			for j = 1, n do users[j] = ARGV[3 + (j - 1) * 6] end
			local current = {}
			for from = 1, n, 1000 do
			  local part = redis.call('HMGET', KEYS[6], unpack(users, from, math.min(from + 999, n)))
			  for k = 1, #part do current[from + k - 1] = part[k] end
			end
			local visible, hidden, members, versions, players = {}, {}, {}, {}, {}
			local written = 0
			for j = 1, n do
			  local i = 3 + (j - 1) * 6
			  local user, stored, member, version, details = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
			  local is_hidden = ARGV[i + 5] == '1'
			  if not current[j] then
			    local zset = visible
			    if is_hidden then zset = hidden end
			    zset[#zset + 1] = stored
			    zset[#zset + 1] = member
			    members[#members + 1] = user
			    members[#members + 1] = member
			    versions[#versions + 1] = user
			    versions[#versions + 1] = version
			    players[#players + 1] = user
			    players[#players + 1] = details
			    written = written + 1
			  elseif write_entry(staged, user, stored, member, tonumber(version), details, is_hidden) then
			    written = written + 1
			  end
			end
			local function bulk(command, key, args)
			  for from = 1, #args, 2000 do
			    redis.call(command, key, unpack(args, from, math.min(from + 1999, #args)))
			  end
			end
			bulk('ZADD', KEYS[2], visible)
			bulk('ZADD', KEYS[3], hidden)
			bulk('HSET', KEYS[4], members)
			bulk('HSET', KEYS[5], players)
			bulk('HSET', KEYS[6], versions)
			return written
			""", Long.class);

	/**
	 * KEYS: marker, the five live keys, the five staging keys, generation, periods set.
	 * ARGV: rebuild id, period. Returns the entries now live, or -1 when the marker is no
	 * longer this rebuild's (then nothing changes).
	 */
	private static final RedisScript<Long> SWAP = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
			for i = 2, 6 do
			  -- UNLINK frees the old structures in the background: a million entries freed in
			  -- the script would block every reader for seconds
			  redis.call('UNLINK', KEYS[i])
			  if redis.call('EXISTS', KEYS[i + 5]) == 1 then redis.call('RENAME', KEYS[i + 5], KEYS[i]) end
			end
			redis.call('DEL', KEYS[1])
			redis.call('INCR', KEYS[12])
			local entries = redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])
			if entries > 0 then redis.call('SADD', KEYS[13], ARGV[2]) end
			return entries
			""", Long.class);

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

	private final TopReader topReader;

	private final TopNotifier notifier;

	private final RebuildProperties properties;

	private final MeterRegistry meters;

	BoardRebuilder(ProjectionSource source, StringRedisTemplate redis, TopReader topReader, TopNotifier notifier,
			RebuildProperties properties, MeterRegistry meters) {
		this.source = source;
		this.redis = redis;
		this.topReader = topReader;
		this.notifier = notifier;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Rebuilds every board period from PostgreSQL, then marks Redis as holding the
	 * projection. One instance at a time; another caller gets an empty result.
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
				this.redis.opsForValue().set(LeaderboardKeys.projectionSentinel(), id);
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
		boards.forEach((board) -> restoreHidden(board, hidden));
		List<Rebuilt> rebuilt = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (BoardPeriod period : periods) {
			long entries = rebuildPeriod(period);
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
	 * @return the entries now live, or -1 when another rebuild of the period runs
	 */
	private long rebuildPeriod(BoardPeriod period) {
		LeaderboardKeys keys = LeaderboardKeys.of(period.board(), period.period());
		List<String> stagedKeys = List.of(staged(keys.scores()), staged(keys.hiddenScores()), staged(keys.members()),
				staged(keys.players()), staged(keys.versions()));
		String id = UUID.randomUUID().toString();
		String ttl = Long.toString(this.properties.markerTtl().toMillis());
		List<String> beginKeys = new ArrayList<>();
		beginKeys.add(keys.rebuilding());
		beginKeys.addAll(stagedKeys);
		if (this.redis.execute(BEGIN, beginKeys, id, ttl) != 1L) {
			return -1;
		}
		AtomicLong lost = new AtomicLong();
		this.source.entries(period, this.properties.chunkSize(), (chunk) -> {
			List<String> args = new ArrayList<>(2 + chunk.size() * 6);
			args.add(id);
			args.add(ttl);
			for (StoredEntry entry : chunk) {
				args.add(Long.toString(entry.userId()));
				args.add(Long.toString(entry.stored()));
				args.add(entry.member());
				args.add(Long.toString(entry.version()));
				args.add(entry.details());
				args.add(entry.hidden() ? "1" : "0");
			}
			if (this.redis.execute(LOAD, beginKeys, args.toArray()) < 0) {
				lost.incrementAndGet();
			}
		});
		if (lost.get() > 0) {
			return -1;
		}
		List<String> swapKeys = new ArrayList<>();
		swapKeys.add(keys.rebuilding());
		swapKeys.addAll(List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.players(), keys.versions()));
		swapKeys.addAll(stagedKeys);
		swapKeys.add(keys.generation());
		swapKeys.add(keys.periods());
		long entries = this.redis.execute(SWAP, swapKeys, id, period.period());
		if (entries >= 0) {
			// spectators and the cached top learn the rebuilt ranking at once
			TopReader.Top top = this.topReader.top(period.board(), period.period(), period.order(), Boards.TOP_SIZE);
			this.notifier.offer(period.board(), period.period(), period.order(), top, null);
		}
		return entries;
	}

	private void restoreHidden(String board, Map<String, List<String>> hidden) {
		List<String> ids = hidden.getOrDefault(board, List.of());
		this.redis.execute(HIDDEN, List.of(LeaderboardKeys.of(board, Boards.ALL_TIME).hidden()), ids.toArray());
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
