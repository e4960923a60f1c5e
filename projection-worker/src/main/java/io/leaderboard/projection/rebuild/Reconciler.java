package io.leaderboard.projection.rebuild;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.leaderboard.events.BoardShards;
import io.leaderboard.events.LeaderboardKeys;
import io.leaderboard.projection.rebuild.ProjectionSource.BoardPeriod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compares Redis with PostgreSQL, the source of truth, entry by entry for every board and
 * period, and repairs drift by rebuilding the periods that have it. The last count is the
 * {@code leaderboard.drift.entries} gauge. Scores still on their way through Kafka count
 * as drift while they travel: reconcile a quiet system, or repair, which rebuilds.
 */
@Component
public class Reconciler {

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

	private static final int SAMPLE_SIZE = 20;

	/**
	 * KEYS: scores, hidden scores, members, versions. ARGV: per entry user id, stored
	 * score, member, version, hidden (1/0). Returns {entries found in Redis, missing,
	 * different, sample of user ids that drifted}.
	 */
	private static final RedisScript<List> CHECK = RedisScript
		.of("""
				local found, missing, different, sample = 0, 0, 0, {}
				for i = 1, #ARGV, 5 do
				  local user = ARGV[i]
				  local version = redis.call('HGET', KEYS[4], user)
				  local ok = true
				  if not version then
				    missing = missing + 1
				    ok = false
				  else
				    found = found + 1
				    local member = redis.call('HGET', KEYS[3], user)
				    local zset = KEYS[1]
				    if ARGV[i + 4] == '1' then zset = KEYS[2] end
				    local stored = member and redis.call('ZSCORE', zset, member)
				    if version ~= ARGV[i + 3] or member ~= ARGV[i + 2] or not stored or tonumber(stored) ~= tonumber(ARGV[i + 1]) then
				      different = different + 1
				      ok = false
				    end
				  end
				  if not ok and #sample < %d then sample[#sample + 1] = user end
				end
				return {found, missing, different, sample}
				"""
			.formatted(SAMPLE_SIZE), List.class);

	private final ProjectionSource source;

	private final StringRedisTemplate redis;

	private final BoardRebuilder rebuilder;

	private final RebuildProperties properties;

	private final AtomicLong drift = new AtomicLong();

	Reconciler(ProjectionSource source, StringRedisTemplate redis, BoardRebuilder rebuilder,
			RebuildProperties properties, MeterRegistry meters) {
		this.source = source;
		this.redis = redis;
		this.rebuilder = rebuilder;
		this.properties = properties;
		Gauge.builder("leaderboard.drift.entries", this.drift, AtomicLong::get)
			.description("Entries in which Redis differed from PostgreSQL at the last reconciliation")
			.register(meters);
	}

	/** Compares every board period; changes nothing. */
	public Report reconcile() {
		List<PeriodDrift> drifted = new ArrayList<>();
		List<BoardPeriod> periods = this.source.periods();
		long checked = 0;
		for (BoardPeriod period : periods) {
			PeriodDrift result = compare(period);
			checked += result.checked();
			if (result.total() > 0) {
				drifted.add(result);
			}
		}
		long total = drifted.stream().mapToLong(PeriodDrift::total).sum();
		this.drift.set(total);
		if (total > 0) {
			logger.warn("Redis differs from PostgreSQL in {} entries: {}", total, drifted);
		}
		return new Report(Instant.now(), periods.size(), checked, total, drifted);
	}

	/** Rebuilds every period that drifted, then compares again. */
	public Report repair() {
		Report before = reconcile();
		if (before.drift() == 0) {
			return before;
		}
		List<BoardPeriod> periods = this.source.periods()
			.stream()
			.filter((period) -> before.drifted()
				.stream()
				.anyMatch((drift) -> drift.board().equals(period.board()) && drift.period().equals(period.period())))
			.toList();
		this.rebuilder.rebuildPeriods(periods, "repair");
		return reconcile();
	}

	@Scheduled(fixedDelayString = "${leaderboard.rebuild.reconcile-interval}",
			initialDelayString = "${leaderboard.rebuild.reconcile-interval}")
	void scheduled() {
		try {
			reconcile();
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot reconcile now: {}", ex.getMessage());
		}
	}

	/**
	 * Each entry is checked in its player's shard (a board in one set of keys has just
	 * the one); entries only Redis holds are counted over every shard.
	 */
	private PeriodDrift compare(BoardPeriod period) {
		BoardShards shards = this.source.shards(period.board());
		List<LeaderboardKeys> keys = shards.all(period.period());
		long[] counts = new long[4];
		List<String> sample = new ArrayList<>();
		this.source.entries(period, this.properties.chunkSize(), (chunk) -> {
			Map<Integer, List<StoredEntry>> byShard = new TreeMap<>();
			for (StoredEntry entry : chunk) {
				byShard.computeIfAbsent(shards.of(entry.userId()), (shard) -> new ArrayList<>()).add(entry);
			}
			byShard.forEach((shard, entries) -> check(keys.get(shard), entries, counts, sample));
			counts[3] += chunk.size();
		});
		long inRedis = 0;
		for (LeaderboardKeys shard : keys) {
			Long versions = this.redis.opsForHash().size(shard.versions());
			inRedis += (versions != null) ? versions : 0;
		}
		long extra = Math.max(0, inRedis - counts[0]);
		return new PeriodDrift(period.board(), period.period(), counts[3], counts[1], counts[2], extra, sample);
	}

	/** Adds one shard's found, missing and different entries to the counts. */
	private void check(LeaderboardKeys keys, List<StoredEntry> entries, long[] counts, List<String> sample) {
		List<String> args = new ArrayList<>(entries.size() * 5);
		for (StoredEntry entry : entries) {
			args.add(Long.toString(entry.userId()));
			args.add(Long.toString(entry.stored()));
			args.add(entry.member());
			args.add(Long.toString(entry.version()));
			args.add(entry.hidden() ? "1" : "0");
		}
		List<?> result = this.redis.execute(CHECK,
				List.of(keys.scores(), keys.hiddenScores(), keys.members(), keys.versions()), args.toArray());
		counts[0] += ((Number) result.get(0)).longValue();
		counts[1] += ((Number) result.get(1)).longValue();
		counts[2] += ((Number) result.get(2)).longValue();
		for (Object user : (List<?>) result.get(3)) {
			if (sample.size() < SAMPLE_SIZE) {
				sample.add(user.toString());
			}
		}
	}

	/**
	 * One reconciliation.
	 *
	 * @param at when it ran
	 * @param boardPeriods the board periods compared
	 * @param entries the PostgreSQL entries compared
	 * @param drift the entries missing, different or extra in Redis
	 * @param drifted the board periods with drift
	 */
	public record Report(Instant at, long boardPeriods, long entries, long drift, List<PeriodDrift> drifted) {

	}

	/**
	 * Drift of one board period.
	 *
	 * @param board the board
	 * @param period the period
	 * @param checked entries PostgreSQL holds
	 * @param missing entries Redis lacks
	 * @param different entries whose version, score, time or visibility differ
	 * @param extra entries only Redis holds
	 * @param sample some of the user ids concerned
	 */
	public record PeriodDrift(String board, String period, long checked, long missing, long different, long extra,
			List<String> sample) {

		long total() {
			return this.missing + this.different + this.extra;
		}

	}

}
